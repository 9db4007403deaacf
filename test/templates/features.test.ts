import fs from 'node:fs';
import path from 'node:path';
import { byId, label } from '../../model/catalogue';
import { CODE_LISTS, codeName, codeWithName, DOCUMENT_TYPES, UNITS, VAT_CATEGORIES } from '../../model/codes';
import { readInvoice } from '../../model/read';
import { formatAmount, renderPdf } from '../../templates';
import { CELL_PAD, columnWidths, Ctx, MIN_HEADER_SIZE } from '../../templates/pdf/context';
import { widestWord, wrap } from '../../templates/pdf/layout';
import { ALLOWANCE_COLUMNS } from '../../templates/pdf/sections/allowances';
import { ATTACHMENT_COLUMNS } from '../../templates/pdf/sections/attachments';
import { LINE_COLUMNS } from '../../templates/pdf/sections/lines';
import { VAT_COLUMNS } from '../../templates/pdf/sections/vat';
import { pdfText, squash, type Lang } from './coverage';
import { EXAMPLES_DIR } from './fixtures';

const LANGS: Lang[] = ['fr', 'de', 'en'];
const BASE = fs.readFileSync(path.join(EXAMPLES_DIR, 'peppol-billing', 'base-example.xml'), 'utf8');

describe('code lists (model/codes.ts)', () => {
  test('every table names its source, and every code has a name in the three languages', () => {
    for (const list of Object.values(CODE_LISTS)) {
      expect(list.source.length).toBeGreaterThan(20);
      expect(list.terms.length).toBeGreaterThan(0);
      for (const [code, names] of Object.entries(list.codes)) {
        for (const lang of LANGS) expect(`${code}: ${names[lang] ?? ''}`).toMatch(/: \S/);
      }
    }
  });

  test('the tables are those of the catalogue terms', () => {
    for (const list of Object.values(CODE_LISTS)) {
      if (list.id === 'UNTDID 2475') continue; // BT-8 in CII: the catalogue names the UBL list
      for (const id of list.terms) {
        const declared = byId(id)?.codeList;
        if (declared !== undefined) expect(`${id} ${declared}`).toBe(`${id} ${list.id}`);
      }
    }
  });

  test('EN 16931 names of VAT categories G and O; credit note and self-billing type codes', () => {
    expect(codeName(VAT_CATEGORIES, 'G', 'en')).toBe('Free export item, VAT not charged');
    expect(codeName(VAT_CATEGORIES, 'O', 'en')).toBe('Services outside scope of tax');
    expect(Object.keys(VAT_CATEGORIES.codes).sort()).toEqual(['AE', 'B', 'E', 'G', 'K', 'L', 'M', 'O', 'S', 'Z']);
    for (const c of ['81', '83', '261', '262', '296', '308', '381', '396', '420', '458', '532']) expect(`${c} ${DOCUMENT_TYPES.codes[c].kind}`).toBe(`${c} credit-note`);
    expect(Object.entries(DOCUMENT_TYPES.codes).filter(([, e]) => e.selfBilled).map(([c]) => c).sort()).toEqual(['261', '389', '527']);
    expect(codeWithName(UNITS, 'C62', 'de')).toBe('C62 – Stück');
    expect(codeWithName(UNITS, 'XYZ', 'de')).toBe('XYZ');
    expect(codeName(UNITS, 'constructor', 'en')).toBeUndefined(); // no inherited properties
  });
});

describe('units are shown with their name', () => {
  const xml = BASE.replace(/unitCode="DAY"/, 'unitCode="C62"').replace(/unitCode="DAY"/, 'unitCode="HUR"');

  test.each([
    ['fr', 'pièce (C62)', 'heure (HUR)'],
    ['de', 'Stück (C62)', 'Stunde (HUR)'],
    ['en', 'unit (C62)', 'hour (HUR)'],
  ] as const)('%s', async (lang, c62, hur) => {
    expect(xml).toContain('unitCode="HUR"');
    const text = squash(pdfText(await renderPdf(readInvoice(xml), { lang })));
    expect(text).toContain(squash(c62));
    expect(text).toContain(squash(hur));
  });

  test('an unknown unit code is shown as received', async () => {
    const text = pdfText(await renderPdf(readInvoice(BASE.replace(/unitCode="DAY"/g, 'unitCode="Q9Z"')), { lang: 'en' }));
    expect(text).toContain('Q9Z');
  });
});

describe('the body the hub delivered to', () => {
  test.each([
    ['fr', 'Remis par le hub à'],
    ['de', 'Vom Hub zugestellt an'],
    ['en', 'Delivered by the hub to'],
  ] as const)('is shown with the buyer (%s)', async (lang, caption) => {
    const text = pdfText(await renderPdf(readInvoice(BASE), { lang, deliveredTo: { name: 'Ministère de la Mobilité', identifier: '0240:LU-MMTP-001' } }));
    const buyer = text.indexOf(label('BG-7', lang));
    const at = text.indexOf(caption);
    expect(buyer).toBeGreaterThanOrEqual(0);
    expect(at).toBeGreaterThan(buyer);
    expect(squash(text.slice(at))).toMatch(new RegExp(`^${squash(caption)}${squash('Ministère de la Mobilité')}0240:LU-MMTP-001`));
  });

  test('absent, nothing is said', async () => {
    expect(pdfText(await renderPdf(readInvoice(BASE), { lang: 'en' }))).not.toContain('Delivered by the hub to');
  });
});

describe('credit notes and self-billing are titled as such; amounts keep the sign of the XML', () => {
  test('a credit note in German', async () => {
    const cn = readInvoice(fs.readFileSync(path.join(EXAMPLES_DIR, 'peppol-billing', 'base-creditnote-correction.xml')));
    const text = pdfText(await renderPdf(cn, { lang: 'de' }));
    expect(text).toMatch(/^Gutschrift\n/);
    expect(squash(text)).toContain(squash('Bei einer Gutschrift wird ein positiver Betrag dem Käufer gutgeschrieben'));
    const due = (cn.terms['BG-22'] as { 'BT-115': string })['BT-115'];
    expect(squash(text)).toContain(squash(`${formatAmount(due, 'de')} EUR`));
  });

  test('a self-billed invoice and a self-billed credit note', async () => {
    const sb = fs.readFileSync(path.join(EXAMPLES_DIR, 'peppol-self-billing', 'SB-base-example.xml'), 'utf8');
    const fr = pdfText(await renderPdf(readInvoice(sb), { lang: 'fr' }));
    expect(fr).toMatch(/^Autofacture\n/);
    expect(fr).toContain('Autofacturation');
    const sbcn = sb.replace(/<cbc:InvoiceTypeCode>389<\/cbc:InvoiceTypeCode>/, '<cbc:InvoiceTypeCode>261</cbc:InvoiceTypeCode>');
    expect(sbcn).toContain('>261<');
    expect(pdfText(await renderPdf(readInvoice(sbcn), { lang: 'en' }))).toMatch(/^Self-billed credit note\n/);
  });

  test('negative amounts and quantities as written', async () => {
    const text = squash(pdfText(await renderPdf(readInvoice(BASE), { lang: 'fr' })));
    expect(BASE).toContain('<cbc:InvoicedQuantity unitCode="DAY">-3</cbc:InvoicedQuantity>');
    expect(text).toContain(squash('-1 500,00'));
  });

  test('another type code is titled with its name', async () => {
    const text = pdfText(await renderPdf(readInvoice(BASE.replace('<cbc:InvoiceTypeCode>380<', '<cbc:InvoiceTypeCode>384<')), { lang: 'fr' }));
    expect(text).toMatch(/^Facture rectificative\n/);
  });
});

describe('column headers never break inside a word', () => {
  const tables: [string, readonly string[], (number | '*')[]][] = [
    ['lines', LINE_COLUMNS.ids, LINE_COLUMNS.widths],
    ['vat', VAT_COLUMNS.ids, VAT_COLUMNS.widths],
    ['allowances', ALLOWANCE_COLUMNS['BG-20'], ALLOWANCE_COLUMNS.widths],
    ['charges', ALLOWANCE_COLUMNS['BG-21'], ALLOWANCE_COLUMNS.widths],
    ['attachments', ATTACHMENT_COLUMNS.ids, ATTACHMENT_COLUMNS.widths],
  ];
  test.each(tables)('%s', (_name, ids, widths) => {
    const w = columnWidths(widths);
    for (const lang of LANGS) {
      for (const btCodes of [false, true]) {
        const ctx = new Ctx({} as never, 'ubl', 'invoice', [], { lang, btCodes });
        ids.forEach((id, i) => {
          const { runs, size } = ctx.header(id, w[i]);
          const where = `${lang}${btCodes ? '+codes' : ''} ${id} "${label(id, lang)}"`;
          expect(`${where} ${size >= MIN_HEADER_SIZE}`).toBe(`${where} true`);
          expect(`${where} ${widestWord(runs) <= w[i] - 2 * CELL_PAD.x + 0.01}`).toBe(`${where} true`);
          // laid out without breaking words: every line ends at a space or at a soft hyphen (drawn)
          for (const line of wrap(runs, w[i] - 2 * CELL_PAD.x, { breakWords: false })) expect(line.width).toBeLessThanOrEqual(w[i] - 2 * CELL_PAD.x + 0.01);
        });
      }
    }
  });

  test('a soft hyphen is drawn only where the line breaks', () => {
    const style = { font: 'bold' as const, size: 7.5, color: '#000000' };
    const narrow = wrap([{ text: 'Steuer\u00adbemessungs\u00adgrundlage', style }], 50, { breakWords: false });
    expect(narrow.map((l) => l.pieces.map((p) => p.text).join(''))).toEqual(['Steuer-', 'bemessungs-', 'grundlage']);
    const wide = wrap([{ text: 'Steuer\u00adbemessungs\u00adgrundlage', style }], 500, { breakWords: false });
    expect(wide.map((l) => l.pieces.map((p) => p.text).join(''))).toEqual(['Steuerbemessungsgrundlage']);
  });
});

describe('options of the wrong shape (callers outside TypeScript) never crash', () => {
  test('ids, timestamps, validation reports, deliveredTo, languages', async () => {
    const model = readInvoice(BASE);
    const odd = [
      { lang: 'it', documentId: 42, receivedAt: {}, validation: { valid: 'yes' }, deliveredTo: { name: 7 } },
      { lang: 'de', documentId: null, receivedAt: NaN, validation: { valid: false, packs: [null, { id: 1 }], findings: [{ ruleId: 'R', flag: 'odd', message: 'm' }, 5] }, deliveredTo: 'x', maxLines: 'many' },
    ];
    for (const o of odd) {
      const text = pdfText(await renderPdf(model, o as never));
      expect(text.length).toBeGreaterThan(100);
    }
    expect(pdfText(await renderPdf(null as never, {}))).toMatch(/^Facture/);
  });
});
