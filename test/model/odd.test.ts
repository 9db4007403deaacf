/** Odd but well-formed content: never a crash; the raw value is kept and flagged. */
import { readInvoice } from '../../model/read';
import { writeUbl } from '../../model/write';
import { example } from './helpers';

const base = example('peppol-billing/base-example.xml').toString('utf8');

test('an empty amount and a date like 2024-12-01;2024-11-20 are kept raw and flagged', () => {
  const xml = base
    .replace(/<cbc:IssueDate>[^<]*<\/cbc:IssueDate>/, '<cbc:IssueDate>2024-12-01;2024-11-20</cbc:IssueDate>')
    .replace(/<cbc:PayableAmount currencyID="EUR">[^<]*<\/cbc:PayableAmount>/, '<cbc:PayableAmount currencyID="EUR"></cbc:PayableAmount>');
  const m = readInvoice(xml);
  expect(m.terms['BT-2']).toBe('2024-12-01;2024-11-20');
  expect(m.terms['BG-22']?.['BT-115']).toBe('');
  expect(m.anomalies).toEqual([
    { term: 'BT-2', location: '/Invoice/cbc:IssueDate', raw: '2024-12-01;2024-11-20', message: expect.stringContaining('not an ISO date') },
    { term: 'BT-115', location: '/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount', raw: '', message: expect.stringContaining('empty') },
  ]);
});

test('a date that does not exist, a text amount and a foreign currency are flagged', () => {
  const xml = base
    .replace(/<cbc:DueDate>[^<]*<\/cbc:DueDate>/, '<cbc:DueDate>2024-02-30</cbc:DueDate>')
    .replace(/<cbc:TaxExclusiveAmount currencyID="EUR">[^<]*</, '<cbc:TaxExclusiveAmount currencyID="USD">12,50<');
  const m = readInvoice(xml);
  expect(m.terms['BT-9']).toBe('2024-02-30');
  expect(m.terms['BG-22']?.['BT-109']).toBe('12,50');
  expect(m.anomalies.map((a) => [a.term, a.raw])).toEqual([
    ['BT-9', '2024-02-30'],
    ['BT-109', 'USD'],
    ['BT-109', '12,50'],
  ]);
});

test('three payment-terms blocks in CII: the first is kept, the others flagged and left as unmapped', () => {
  const cii = example('en16931-cii/CII_example1.xml').toString('utf8');
  const block = (s: string): string => `<ram:SpecifiedTradePaymentTerms><ram:Description>${s}</ram:Description></ram:SpecifiedTradePaymentTerms>`;
  const xml = cii.replace(/<ram:SpecifiedTradePaymentTerms>[\s\S]*?<\/ram:SpecifiedTradePaymentTerms>/, block('30 days') + block('2% in 10 days') + block('penalty 1%'));
  expect(xml.match(/SpecifiedTradePaymentTerms>/g)?.length).toBe(6);
  const m = readInvoice(xml);
  expect(m.terms['BT-20']).toBe('30 days');
  expect(m.anomalies).toEqual([expect.objectContaining({ term: 'BT-20', raw: '2% in 10 days', message: expect.stringContaining('occurs 3 times') })]);
  expect(m.unmapped.map((u) => u.value)).toEqual(expect.arrayContaining(['2% in 10 days', 'penalty 1%']));
});

test('CII dates in another format than 102 are kept raw and flagged', () => {
  const cii = example('en16931-cii/CII_example1.xml').toString('utf8');
  const xml = cii.replace(/<udt:DateTimeString format="102">20150109<\/udt:DateTimeString>/, '<udt:DateTimeString format="610">201501</udt:DateTimeString>');
  const m = readInvoice(xml);
  expect(m.terms['BT-2']).toBe('201501');
  expect(m.anomalies[0]).toEqual(expect.objectContaining({ term: 'BT-2', raw: '201501', message: expect.stringContaining('format 610') }));
});

test('unknown elements, attributes and UBL extensions are kept as unmapped content, never dropped', () => {
  const xml = base
    .replace('<cbc:CustomizationID>', '<ext:UBLExtensions xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"><ext:UBLExtension><ext:ExtensionContent><x:Stamp xmlns:x="urn:example">signed</x:Stamp></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions><cbc:CustomizationID>')
    .replace('<cbc:InvoiceTypeCode>', '<cbc:InvoiceTypeCode listID="UNCL1001">');
  const m = readInvoice(xml);
  expect(m.unmapped).toEqual([
    { location: '/Invoice/ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/x:Stamp', value: 'signed' },
    { location: '/Invoice/cbc:InvoiceTypeCode/@listID', value: 'UNCL1001' },
  ]);
  expect(m.terms['BT-3']).toBe('380');
});

test('entities and character references are decoded, CDATA kept as text, markup in values survives a round trip', () => {
  const xml = base.replace('</cbc:InvoiceTypeCode>', '</cbc:InvoiceTypeCode><cbc:Note>R&amp;D &lt;urgent&gt; caf&#233; &#x263A; <![CDATA[<b>x</b>]]></cbc:Note>');
  const m = readInvoice(xml);
  expect(m.terms['BG-1'][0]['BT-22']).toBe('R&D <urgent> café ☺ <b>x</b>');
  expect(readInvoice(writeUbl(m, { totals: 'keep' })).terms['BG-1'][0]['BT-22']).toBe('R&D <urgent> café ☺ <b>x</b>');
});
