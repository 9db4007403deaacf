import { BinaryObject } from '../../model/canonical';
import { ModelReadError, readInvoice } from '../../model/read';
import { summarize } from '../../model/summary';
import { example, invoiceExamples } from './helpers';

test('every official example is read: right kind, the mandatory terms present, amounts as decimal strings', () => {
  const examples = invoiceExamples();
  expect(examples.length).toBeGreaterThanOrEqual(50);
  for (const { name, file } of examples) {
    const m = readInvoice(example(file.split('/shared/examples/')[1]));
    expect({ name, anomalies: m.anomalies }).toEqual({ name, anomalies: [] });
    expect(m.syntax).toBe(name.includes('-cii/') ? 'cii' : 'ubl');
    const t = m.terms;
    expect([name, typeof t['BT-1'], t['BT-2']]).toEqual([name, 'string', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);
    expect(t['BG-4']?.['BT-27'] ?? t['BG-4']?.['BT-28']).toEqual(expect.any(String));
    expect(t['BG-25'].length).toBeGreaterThan(0);
    for (const line of t['BG-25']) expect(line['BT-131']).toMatch(/^-?\d+(\.\d+)?$/);
    expect(t['BG-22']?.['BT-115']).toMatch(/^-?\d+(\.\d+)?$/);
  }
});

test('a CII invoice: every group read, dates normalised, identifiers with scheme, notes with subject code, attachments on demand', () => {
  const m = readInvoice(example('en16931-cii/CII_example5.xml'));
  const t = m.terms;
  expect(m.kind).toBe('invoice');
  expect(t['BT-1']).toBe('TOSL110');
  expect(t['BT-2']).toBe('2013-04-10');
  expect(t['BT-6']).toBe('EUR');
  expect(t['BG-1']).toEqual([{ 'BT-21': 'AAI', 'BT-22': 'Ordered through our website' }]);
  expect(t['BG-4']?.['BT-29']).toEqual([{ value: '5790000436101', scheme: '0088' }]);
  expect(t['BG-4']?.['BT-34']).toEqual({ value: 'info@selco.nl', scheme: 'EM' });
  expect(t['BG-13']?.['BG-14']).toEqual({ 'BT-73': '2013-03-10', 'BT-74': '2013-04-10' });
  expect(t['BG-16']?.['BG-19']).toEqual({ 'BT-89': '123456', 'BT-90': 'DK5678' });
  expect(t['BG-22']?.['BT-110']).toBe('675.00');
  expect(t['BG-22']?.['BT-111']).toBe('628.62');
  expect(t['BG-23'].map((v) => [v['BT-118'], v['BT-119'], v['BT-116'], v['BT-117']])).toEqual([
    ['S', '25', '1500', '375'],
    ['S', '12', '2500', '300'],
  ]);
  const att = t['BG-24'].find((d) => d['BT-125'] !== undefined)?.['BT-125'];
  expect(att).toBeInstanceOf(BinaryObject);
  expect(att?.mimeCode).toBe('application/pdf');
  expect(att?.filename).toBe('EHF.pdf');
  expect(att?.bytes().length).toBe(att?.size);
  // JSON shows the attachment's facts, not its content.
  expect(JSON.parse(JSON.stringify(att))).toEqual({ mimeCode: 'application/pdf', filename: 'EHF.pdf', size: att?.size });
  // Content that no BT carries is kept and located.
  expect(m.unmapped).toContainEqual({ location: '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SpecifiedProcuringProject/ram:Name', value: 'Project reference' });
});

test('a UBL credit note: credit-note paths, kind, summary', () => {
  const m = readInvoice(example('peppol-billing/base-creditnote-correction.xml'));
  expect(m.kind).toBe('credit-note');
  expect(m.terms['BT-3']).toBe('381');
  expect(m.terms['BG-25'][0]['BT-129']).toEqual(expect.stringMatching(/^-?\d/));
  const s = summarize(m);
  expect(s.kind).toBe('credit-note');
  expect(s.number).toBe(m.terms['BT-1']);
  expect(s.currency).toBe('EUR');
  expect(s.lineCount).toBe(m.terms['BG-25'].length);
  expect(s.totals.due).toBe(m.terms['BG-22']?.['BT-115']);
  expect(s.seller.name).toBe(m.terms['BG-4']?.['BT-27']);
  expect(s.buyer.endpoint).toMatch(/^\d{4}:/);
});

test('a self-billing invoice and the document-level allowance/charge split by ChargeIndicator (also written 0/1)', () => {
  const sb = readInvoice(example('peppol-self-billing/SB-Allowance-example.xml'));
  expect(sb.terms['BG-2']?.['BT-24']).toMatch(/selfbilling/);
  expect(sb.terms['BG-20'].length + sb.terms['BG-21'].length).toBeGreaterThan(0);
  const m = readInvoice(example('en16931-ubl/ubl-tc434-example2.xml')); // <cbc:ChargeIndicator>0</cbc:ChargeIndicator>
  expect(m.terms['BG-20']).toEqual([expect.objectContaining({ 'BT-92': '100.00', 'BT-95': 'S', 'BT-96': '25', 'BT-98': '88' })]);
  expect(m.unmapped).toEqual([]);
});

test('namespace prefixes do not matter: the same invoice with other prefixes reads the same', () => {
  const src = example('peppol-billing/base-example.xml').toString('utf8');
  const renamed = src.replace(/\bcbc:/g, 'b:').replace(/xmlns:cbc=/, 'xmlns:b=').replace(/\bcac:/g, 'a:').replace(/xmlns:cac=/, 'xmlns:a=');
  expect(renamed).not.toContain('cbc:');
  expect(readInvoice(renamed).terms).toEqual(readInvoice(src).terms);
});

test('what is not an invoice is refused with a clear error', () => {
  expect(() => readInvoice(example('peppol-mls/MessageLevelStatus_Example_AB.xml'))).toThrow(ModelReadError);
  expect(() => readInvoice('<Invoice><unclosed></Invoice>')).toThrow(/not well-formed/);
  expect(() => readInvoice('')).toThrow(ModelReadError);
  expect(() => readInvoice('<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x "boom">]><Invoice>&x;</Invoice>')).toThrow(/DOCTYPE/);
});

test('encodings: a UTF-8 byte order mark, ISO-8859-1 and UTF-16 documents read the same text', () => {
  const src = example('peppol-billing/base-example.xml').toString('utf8').replace('<cbc:Note>', '<cbc:Note>Café Düdelingen – ');
  const utf8 = readInvoice(Buffer.from(src, 'utf8')).terms;
  expect(readInvoice(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(src, 'utf8')])).terms).toEqual(utf8);
  const latin = src.replace('–', '-').replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="ISO-8859-1"?>');
  const fromLatin = readInvoice(Buffer.from(latin, 'latin1')).terms;
  expect(fromLatin['BG-4']).toEqual(readInvoice(Buffer.from(latin, 'utf8')).terms['BG-4']);
  expect(JSON.stringify(fromLatin)).toContain('Düdelingen');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(src.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-16"?>'), 'utf16le')]);
  expect(readInvoice(utf16).terms).toEqual(utf8);
  expect(() => readInvoice(Buffer.from(src.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="x-unknown-9"?>')))).toThrow(/unsupported encoding/);
});

test('a Peppol SBDH envelope is opened and the invoice inside is read', () => {
  const inner = example('peppol-billing/base-example.xml').toString('utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
  const sbd = `<?xml version="1.0" encoding="UTF-8"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion><Sender><Identifier Authority="iso6523-actorid-upis">0088:7315458756324</Identifier></Sender></StandardBusinessDocumentHeader>
  ${inner}
</StandardBusinessDocument>`;
  const m = readInvoice(sbd);
  expect(m.terms).toEqual(readInvoice(inner).terms);
  expect(m.unmapped).toEqual([]);
  expect(() => readInvoice('<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"><StandardBusinessDocumentHeader/></StandardBusinessDocument>')).toThrow(/no business document/);
});
