/**
 * read → canonical → write UBL → read again gives the same canonical model, for every official
 * example (UBL and CII): CII → UBL conversion is the same path.
 */
import { catalogue } from '../../model/catalogue';
import { diffTerms, formatDifferences } from '../../model/diff';
import { readInvoice } from '../../model/read';
import { writeUbl } from '../../model/write';
import { derivedAddition, example, invoiceExamples } from './helpers';

const examples = invoiceExamples();

test.each(examples.map((e) => [e.name]))('%s: every BT survives the trip through UBL', (name) => {
  const source = readInvoice(example(name));
  const xml = writeUbl(source, { totals: 'keep' });
  const again = readInvoice(xml);
  // The BT-level diff is printed when this fails.
  expect(formatDifferences(diffTerms(source.terms, again.terms).filter((d) => !derivedAddition(d)))).toBe('');
  expect(again.kind).toBe(source.kind);
  expect(again.anomalies).toEqual([]);
  // Writing again what was read back gives the same bytes.
  expect(writeUbl(again, { totals: 'keep' })).toBe(xml);
});

test('every BT a CII invoice can carry has a place in UBL (nothing is lost converting CII to UBL)', () => {
  expect(catalogue.filter((t) => t.cii !== null && t.ubl === null).map((t) => t.id)).toEqual([]);
});

test('a CII invoice becomes a UBL Invoice, a CII credit note (BT-3 381) a UBL CreditNote', () => {
  const cii = example('en16931-cii/CII_example1.xml').toString('utf8');
  expect(writeUbl(readInvoice(cii), { totals: 'keep' })).toMatch(/^<\?xml[^>]*>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/);
  const creditNote = readInvoice(cii.replace('<ram:TypeCode>380</ram:TypeCode>', '<ram:TypeCode>381</ram:TypeCode>'));
  expect(creditNote.kind).toBe('credit-note');
  const xml = writeUbl(creditNote, { totals: 'keep' });
  expect(xml).toContain('<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"');
  expect(xml).toContain('<cac:CreditNoteLine>');
  expect(xml).toContain('<cbc:CreditedQuantity unitCode=');
  expect(xml).not.toContain('InvoiceLine');
  expect(formatDifferences(diffTerms(creditNote.terms, readInvoice(xml).terms).filter((d) => !derivedAddition(d)))).toBe('');
});

test('UBL specifics: note subject code as #CODE# prefix, one cac:PaymentMeans per account, SEPA creditor id in its own PartyIdentification', () => {
  const m = readInvoice(example('en16931-cii/CII_example5.xml'));
  const xml = writeUbl(m, { totals: 'keep' });
  expect(xml).toContain('<cbc:Note>#AAI#Ordered through our website</cbc:Note>');
  expect(xml.match(/<cac:PaymentMeans>/g)).toHaveLength(m.terms['BG-16']?.['BG-17'].length ?? 0);
  expect(xml.match(/<cbc:PaymentMeansCode[ >]/g)).toHaveLength(2);
  expect(xml.match(/<cbc:PaymentMeansCode name=/g)).toHaveLength(1);
  expect(xml).toMatch(/<cac:PartyIdentification>\s*<cbc:ID schemeID="SEPA">DK5678<\/cbc:ID>\s*<\/cac:PartyIdentification>/);
});
