import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogue, childrenOf, label, type Term } from '../../model/catalogue';
import { BinaryObject, type CanonicalInvoice } from '../../model/canonical';
import { readInvoice } from '../../model/read';
import { renderPdf, renderPdfWithInfo, type RenderValidation } from '../../templates';
import { coverage, EXCLUDED, MASKED, pdfText, squash, type Lang } from './coverage';
import { exampleFiles, invoiceWithLines } from './fixtures';

const LANGS: Lang[] = ['fr', 'de', 'en'];

const VALIDATION: RenderValidation = {
  valid: true,
  scenario: 'peppol-bis-billing-ubl',
  packs: [
    { id: 'en16931-ubl', version: '1.3.16', hash: 'a'.repeat(64) },
    { id: 'peppol-billing', version: '2026.5', hash: 'b'.repeat(64) },
  ],
  findings: [
    { ruleId: 'PEPPOL-EN16931-R006', flag: 'warning', message: 'Only one invoiced object is allowed on document level', location: '/Invoice' },
    { ruleId: 'BR-CL-23', flag: 'information', message: 'An informational note', location: '/Invoice' },
  ],
};

/** Text of one page (pdftotext -f/-l). */
function pageText(pdf: Buffer, page: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-page-'));
  try {
    const file = path.join(dir, 'p.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function pageCount(pdf: Buffer): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-info-'));
  try {
    const file = path.join(dir, 'p.pdf');
    fs.writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('every official example: the PDF text carries every BT value of the source', () => {
  const files = exampleFiles();

  test('there are examples to check', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  // Each example in each language; the BT codes option on for one language in three.
  test.each(files.map((f, i) => [path.relative(path.join(__dirname, '..', '..', '..', 'shared'), f), f, i] as const))('%s', async (_name, file, i) => {
    const model = readInvoice(fs.readFileSync(file));
    const missing: string[] = [];
    for (const [j, lang] of LANGS.entries()) {
      const pdf = await renderPdf(model, { lang, btCodes: (i + j) % 3 === 0, documentId: 'doc-1', receivedAt: '2026-11-22T10:00:00Z', validation: VALIDATION });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const report = coverage(model, pdfText(pdf), lang);
      expect(report.checked).toBeGreaterThan(10);
      for (const m of report.missing) missing.push(`${lang} ${m.term} (${m.name}): ${JSON.stringify(m.expected)}`);
      for (const l of report.leaked) missing.push(`${lang} ${l.term} shown unmasked`);
    }
    // The coverage report: any BT not found, unless on the documented exclusion list (coverage.ts).
    expect(missing).toEqual([]);
  });

  test('the exclusion list stays short and documented', () => {
    expect([...EXCLUDED, ...MASKED].sort()).toEqual(['BT-125', 'BT-87', 'BT-91']);
  });
});

describe('labels come from the catalogue, in the chosen language', () => {
  const model = readInvoice(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'shared', 'examples', 'peppol-billing', 'base-example.xml')));

  test.each(LANGS)('%s', async (lang) => {
    const text = squash(pdfText(await renderPdf(model, { lang })));
    for (const id of ['BT-1', 'BT-2', 'BT-9', 'BG-4', 'BG-7', 'BT-131', 'BG-23', 'BT-115', 'BG-16', 'BT-84']) {
      expect(text).toContain(squash(label(id, lang)));
    }
    expect(text).not.toContain('BT-1');
    const title = { fr: 'Facture', de: 'Rechnung', en: 'Invoice' }[lang];
    expect(text.startsWith(title)).toBe(true);
  });

  test('the BT codes option shows the code beside each label', async () => {
    const text = pdfText(await renderPdf(model, { lang: 'de', btCodes: true }));
    for (const id of ['BT-1', 'BT-2', 'BT-27', 'BT-44', 'BT-131', 'BT-153', 'BG-23', 'BT-115', 'BT-84', 'BT-35']) expect(text).toMatch(new RegExp(`${id}\\b`));
  });

  test('a credit note is titled as one', async () => {
    const cn = readInvoice(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'shared', 'examples', 'peppol-billing', 'base-creditnote-correction.xml')));
    expect(pdfText(await renderPdf(cn, { lang: 'fr' }))).toMatch(/^Avoir/);
    const sb = readInvoice(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'shared', 'examples', 'peppol-self-billing', 'SB-base-example.xml')));
    expect(pdfText(await renderPdf(sb, { lang: 'en' }))).toMatch(/^Self-billed invoice/);
  });
});

describe('footer and validation outcome', () => {
  const model = readInvoice(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'shared', 'examples', 'en16931-ubl', 'ubl-tc434-example1.xml')));

  test('every page shows the document id, the reception timestamp, the rule packs, the outcome and page x / y; warnings are listed at the end', async () => {
    const { pdf, pages } = await renderPdfWithInfo(model, { lang: 'en', documentId: '01JD3X-HUB-42', receivedAt: '2026-11-22T14:11:50.123Z', validation: VALIDATION });
    expect(pages).toBe(pageCount(pdf));
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let p = 1; p <= pages; p++) {
      const text = pageText(pdf, p);
      expect(text).toContain('Document 01JD3X-HUB-42');
      expect(text).toContain('Received 22 Nov 2026 14:11:50.123 UTC');
      expect(text).toContain('en16931-ubl 1.3.16, peppol-billing 2026.5');
      expect(text).toContain('Validation: valid, 1 warning');
      expect(text).toContain(`Page ${p} / ${pages}`);
    }
    const last = pageText(pdf, pages);
    expect(last).toContain('PEPPOL-EN16931-R006');
    expect(last).toContain('Only one invoiced object is allowed on document level');
    expect(last).toContain('a'.repeat(64).slice(0, 20));
  });

  test('the footer stays on every page with a very long document id, many rule packs and many findings', async () => {
    const packs = ['cen-en16931-ubl', 'peppol-bis-billing-3-ubl', 'peppol-self-billing-ubl', 'some-very-long-national-extension-pack-name'].map((id) => ({ id, version: '2026.5-rc.1+build.12345', hash: 'a'.repeat(64) }));
    const findings = Array.from({ length: 40 }, (_, i) => ({ ruleId: `R-${i}`, flag: i % 2 ? ('warning' as const) : ('fatal' as const), message: `message ${i}` }));
    const { pdf, pages } = await renderPdfWithInfo(model, { lang: 'de', documentId: 'X'.repeat(150), receivedAt: '2026-11-22T10:00:00Z', validation: { valid: false, packs, findings } });
    const text = pdfText(pdf);
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Seite ${p} / ${pages}`);
    expect(text).toContain('ungültig, 20 Fehler, 20 Warnungen');
    expect(text).toContain('some-very-long-national-extension-pack-name'); // in full in the final section
  });

  test('without a validation report the PDF says it was not validated', async () => {
    const text = pdfText(await renderPdf(model, { lang: 'fr' }));
    expect(text).toContain('Validation : non effectuée'.replace(' :', ':'));
    expect(text).toContain('non reçu par le hub');
  });
});

describe('deterministic output', () => {
  const xml = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'shared', 'examples', 'en16931-cii', 'CII_example2.xml'));

  test('same input and options give byte-identical PDFs, whatever was rendered before', async () => {
    const opts = { lang: 'de' as const, btCodes: true, documentId: 'd-1', receivedAt: '2026-01-02T03:04:05Z', validation: VALIDATION };
    const a = await renderPdf(readInvoice(xml), opts);
    // Other documents in between (other glyphs, other languages) must not change the next output.
    for (const f of exampleFiles().slice(0, 6)) await renderPdf(readInvoice(fs.readFileSync(f)), { lang: 'fr' });
    const b = await renderPdf(readInvoice(xml), opts);
    expect(b.equals(a)).toBe(true);
    // Concurrent renders too.
    const all = await Promise.all([1, 2, 3].map(() => renderPdf(readInvoice(xml), opts)));
    for (const c of all) expect(c.equals(a)).toBe(true);
    const latin = a.toString('latin1');
    expect(latin).toContain('(D:20260102030405Z)'); // /CreationDate, an indirect object
    expect(latin).toContain('e-Invoicing Hub');
  });

  test('other options or another reception time give another PDF', async () => {
    const m = readInvoice(xml);
    const a = await renderPdf(m, { lang: 'fr', receivedAt: '2026-01-02T03:04:05Z' });
    const b = await renderPdf(m, { lang: 'en', receivedAt: '2026-01-02T03:04:05Z' });
    const c = await renderPdf(m, { lang: 'fr', receivedAt: '2026-01-02T03:04:06Z' });
    expect(a.equals(b)).toBe(false);
    expect(a.equals(c)).toBe(false);
  });
});

describe('odd values are shown as received, never a crash', () => {
  const base = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'shared', 'examples', 'peppol-billing', 'base-example.xml'), 'utf8');

  test('malformed dates and amounts, unknown codes, control characters, huge text', async () => {
    const hugeNote = 'Lorem ipsum dolor sit amet, '.repeat(4000); // 112 000 characters
    const xml = base
      .replace('<cbc:IssueDate>2017-11-13</cbc:IssueDate>', '<cbc:IssueDate>2017-13-45</cbc:IssueDate>')
      .replace('<cbc:DueDate>2017-12-01</cbc:DueDate>', '<cbc:DueDate>2017-12-01;2017-11-20</cbc:DueDate>')
      .replace('<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>', '<cbc:InvoiceTypeCode>999</cbc:InvoiceTypeCode>')
      .replace('<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>', '<cbc:DocumentCurrencyCode>XQZ</cbc:DocumentCurrencyCode>')
      .replace(/<cbc:PayableAmount currencyID="EUR">[^<]*<\/cbc:PayableAmount>/, '<cbc:PayableAmount currencyID="EUR">12,50 EUR</cbc:PayableAmount>')
      .replace(/<cbc:TaxExclusiveAmount currencyID="EUR">[^<]*<\/cbc:TaxExclusiveAmount>/, '<cbc:TaxExclusiveAmount currencyID="EUR"></cbc:TaxExclusiveAmount>')
      .replace('<cbc:InvoiceTypeCode>999</cbc:InvoiceTypeCode>', `<cbc:InvoiceTypeCode>999</cbc:InvoiceTypeCode><cbc:Note>#AAI#Tab\there &#x7;bell Ünïcödé ΕΛΛΗΝΙΚΆ кириллица 中文 😀 ${hugeNote}</cbc:Note>`)
      .replace('<cbc:Name>item name</cbc:Name>', `<cbc:Name>${'X'.repeat(300)}</cbc:Name>`);
    expect(xml).toContain('2017-13-45');
    expect(xml).toContain('12,50 EUR');
    expect(xml).toContain('Lorem ipsum');
    const model = readInvoice(xml);
    expect(model.anomalies.length).toBeGreaterThan(0);
    const { pdf, pages } = await renderPdfWithInfo(model, { lang: 'fr', btCodes: true });
    expect(pages).toBeGreaterThan(1);
    const text = squash(pdfText(pdf));
    for (const raw of ['2017-13-45', '2017-12-01;2017-11-20', '999', 'XQZ', '12,50EUR', 'X'.repeat(300)]) expect(text).toContain(squash(raw));
    expect(text).toContain(squash('Facture')); // unknown type code: generic title for the model kind
    expect(text).toContain(squash('Valeurs reproduites telles que reçues'));
    // the note: subject code, text with a control character replaced, other scripts, cut at 20,000 characters
    expect(text).toContain(squash('[AAI] BT-21 Tab here \ufffdbell Ünïcödé ΕΛΛΗΝΙΚΆ кириллица'));
    expect(text).toContain(squash('Lorem ipsum dolor sit amet, '.repeat(20)));
    expect(text).toMatch(/\[…9\d{4}\]/);
  });

  test('a model with nothing in it renders', async () => {
    const empty: CanonicalInvoice = { syntax: 'ubl', kind: 'credit-note', terms: {} as CanonicalInvoice['terms'], anomalies: [], unmapped: [] };
    const text = pdfText(await renderPdf(empty, { lang: 'en' }));
    expect(text).toMatch(/^Credit note/);
  });

  test('values of the wrong shape (hand-built models) do not crash the layout', async () => {
    const odd = {
      syntax: 'cii',
      kind: 'invoice',
      terms: { 'BT-1': '', 'BT-5': 'EUR', 'BG-4': { 'BT-27': 'S', 'BT-29': [{ value: 'ID-1', scheme: 42 }, 7], 'BT-30': { value: 9 }, 'BT-31': ['x'], 'BG-5': null },
        'BG-7': { 'BT-44': 'B', 'BT-46': 'not-an-object' }, 'BG-25': [null, 5, { 'BT-126': '1', 'BG-31': 'x' }], 'BG-23': 'oops', 'BG-22': { 'BT-115': '' } },
      anomalies: [],
      unmapped: [],
    } as unknown as CanonicalInvoice; // deliberately malformed: the renderer reads defensively
    const pdf = await renderPdf(odd, { lang: 'de', btCodes: true, receivedAt: 'garbage', documentId: '<script>' });
    const text = pdfText(pdf);
    expect(text).toContain('<script>');
    expect(text).toContain('ID-1');
    expect(text).toContain('not-an-object');
  });

  test('a payment card number is masked', async () => {
    const xml = base.replace('<cac:PayeeFinancialAccount>', '<cac:CardAccount><cbc:PrimaryAccountNumberID>4111111111111234</cbc:PrimaryAccountNumberID><cbc:NetworkID>VISA</cbc:NetworkID><cbc:HolderName>J. Doe</cbc:HolderName></cac:CardAccount><cac:PayeeFinancialAccount>');
    const model = readInvoice(xml);
    const text = pdfText(await renderPdf(model, { lang: 'en' }));
    expect(text).toContain('************1234');
    expect(text).not.toContain('4111111111111234');
    expect(text).toContain('J. Doe');
  });
});

describe('long documents', () => {
  test('a 1,000-line invoice paginates with the table header repeated on every page', async () => {
    const model = readInvoice(invoiceWithLines(1000));
    const lines = (model.terms as unknown as Record<string, unknown[]>)['BG-25'];
    expect(lines).toHaveLength(1000);
    const { pdf, pages } = await renderPdfWithInfo(model, { lang: 'en', documentId: 'big', receivedAt: '2026-11-22T10:00:00Z', validation: VALIDATION });
    expect(pages).toBeGreaterThan(40);
    expect(pageCount(pdf)).toBe(pages);
    const header = squash(`${label('BT-126', 'en')} ${label('BG-31', 'en')} ${label('BT-129', 'en')}`);
    for (const p of [2, Math.floor(pages / 2), pages - 2]) {
      const text = pageText(pdf, p);
      expect(squash(text)).toContain(header);
      expect(text).toContain(`Page ${p} / ${pages}`);
    }
    const all = squash(pdfText(pdf));
    for (const i of [1, 500, 999, 1000]) {
      expect(all).toContain(squash(`Item number ${i}`));
      expect(all).toContain(squash(`PO-LINE-${i}`));
    }
  });
});

describe('every business term of the catalogue is shown', () => {
  /** A model with every BT and BG of the catalogue filled with a value unique to that term (repeating groups twice). */
  function fullModel(): CanonicalInvoice {
    let n = 0;
    const value = (t: Term): unknown => {
      n++;
      const num = t.id.slice(3);
      switch (t.type) {
        case 'amount':
        case 'unit-price-amount':
          return `${num}${n}.${String(n % 100).padStart(2, '0')}7`;
        case 'quantity':
        case 'percentage':
          return `${num}.${n}`;
        case 'date':
          return `20${String(10 + (n % 80)).padStart(2, '0')}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
        case 'scheme-identifier':
          return { value: `ID${num}x${n}`, scheme: `S${num}`, ...(t.id === 'BT-158' ? { schemeVersion: `V${n}` } : {}) };
        case 'binary':
          return new BinaryObject('application/pdf', `file-${n}.pdf`, Buffer.from(`attachment ${n}`).toString('base64'));
        case 'code':
          return t.id === 'BT-3' ? '380' : t.id === 'BT-5' ? 'EUR' : `C${num}q${n}`;
        default:
          return `${t.id.replace('-', '')}v${n}`;
      }
    };
    const fill = (groupId: string | null): Record<string, unknown> => {
      const obj: Record<string, unknown> = {};
      for (const t of childrenOf(groupId)) {
        const one = (): unknown => (t.type === 'group' ? fill(t.id) : value(t));
        obj[t.id] = t.repeats ? [one(), one()] : one();
      }
      return obj;
    };
    return { syntax: 'ubl', kind: 'invoice', terms: fill(null) as CanonicalInvoice['terms'], anomalies: [], unmapped: [] };
  }

  test.each(LANGS)('%s, with and without BT codes', async (lang) => {
    const model = fullModel();
    for (const btCodes of [false, true]) {
      const pdf = await renderPdf(model, { lang, btCodes, documentId: 'all-terms', receivedAt: '2026-11-22T10:00:00Z', validation: VALIDATION });
      const report = coverage(model, pdfText(pdf), lang);
      // every BT of the catalogue that carries a value (not the groups) was checked, twice where it repeats
      const terms = catalogue.filter((t) => t.type !== 'group').length;
      expect(report.checked).toBeGreaterThan(terms);
      expect(report.missing).toEqual([]);
      expect(report.leaked).toEqual([]);
    }
  });
});

describe('very long invoices', () => {
  test('lines beyond the limit are summarised by a notice; totals are still shown', async () => {
    const model = readInvoice(invoiceWithLines(30));
    const text = squash(pdfText(await renderPdf(model, { lang: 'en', maxLines: 12 })));
    expect(text).toContain(squash('Item number 12'));
    expect(text).not.toContain(squash('Item number 13'));
    expect(text).toContain(squash('Lines 13 to 30 are not reproduced in this PDF'));
    expect(text).toContain(squash(label('BT-115', 'en')));
    const fr = squash(pdfText(await renderPdf(model, { lang: 'fr', maxLines: 29 })));
    expect(fr).toContain(squash('Les lignes 30 à 30 ne sont pas reproduites'));
  });
});
