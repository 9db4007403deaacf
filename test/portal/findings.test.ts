/** Findings made readable: business term and form field from the XPath and the message, translations. */
import { mapFinding, stripPredicates, termAtLocation, type FieldContext } from '../../core/portal/findings';
import { label } from '../../model';
import { findingLine, translatedText } from '../../templates/portal/findings';
import type { Finding } from '../../validation/types';
import type { Lang } from '../../web';

/** The finding mapped to its term and field (core), with what the page adds: the term's label and the translation. */
function readableFinding(finding: Finding, lang: Lang, ctx?: FieldContext) {
  const m = mapFinding(finding, ctx);
  return { ...m, termLabel: m.term === null ? null : label(m.term, lang), translated: translatedText(m, lang) };
}

const f = (ruleId: string, location: string, message: string): Finding => ({ source: 'schematron', ruleId, flag: 'fatal', location, message });

test('predicates are stripped, nested ones too', () => {
  expect(stripPredicates("/Invoice[1]/cac:TaxTotal[cbc:TaxAmount[@currencyID='EUR']][1]/cbc:TaxAmount[1]")).toBe('/Invoice/cac:TaxTotal/cbc:TaxAmount');
});

test('the term at a location is the catalogue row of that UBL path, or of its nearest ancestor', () => {
  expect(termAtLocation('/Invoice[1]/cac:AccountingSupplierParty[1]/cac:Party[1]/cac:PostalAddress[1]/cac:Country[1]/cbc:IdentificationCode[1]')?.id).toBe('BT-40');
  expect(termAtLocation('/Invoice[1]/cac:InvoiceLine[2]')?.id).toBe('BG-25');
  expect(termAtLocation('/CreditNote[1]/cac:CreditNoteLine[1]/cac:Item[1]/cbc:Name[1]')?.id).toBe('BT-153');
  expect(termAtLocation('/Invoice[1]/cac:Unknown[1]')).toBeNull();
});

test('line, allowance and charge numbers come from the positions in the location', () => {
  const line = readableFinding(f('BR-25', '/Invoice[1]/cac:InvoiceLine[2]', '[BR-25]-Each Invoice line (BG-25) shall contain the Item name (BT-153).'), 'de');
  expect(line).toMatchObject({ term: 'BT-153', field: 'lines[1].item.name', termLabel: 'Artikelname' });
  expect(line.translated).toContain('Artikelnamen');
  const charge = readableFinding(f('BR-36', '/Invoice[1]/cac:AllowanceCharge[3]', '[BR-36]-Each Document level charge (BG-21) shall have a Document level charge amount (BT-99).'), 'en', { allowances: 2 });
  expect(charge.field).toBe('charges[0].amount');
  const allowance = readableFinding(f('BR-31', '/Invoice[1]/cac:AllowanceCharge[2]', '[BR-31]-Each Document level allowance (BG-20) shall have a Document level allowance amount (BT-92).'), 'en', { allowances: 2 });
  expect(allowance.field).toBe('allowances[1].amount');
});

test('a document-level rule goes to the first term it names that is on the form', () => {
  const r = readableFinding(f('BR-CO-25', '/Invoice[1]', '[BR-CO-25]-In case the Amount due for payment (BT-115) is positive, either the Payment due date (BT-9) or the Payment terms (BT-20) shall be present.'), 'fr', { allowances: 0, fields: new Set(['dueDate', 'paymentTerms']) });
  expect(r.field).toBe('dueDate');
  // BR-CO-25 is no rule of the packs in force (CEN 1.3.16 has none): no text, the official English is shown, marked as such
  expect(r.translated).toBeNull();
  expect(findingLine(r, 'fr')).toBe(`BR-CO-25 – ${r.message} (texte officiel en anglais)`);
  const vat = readableFinding(f('BR-S-08', '/Invoice[1]/cac:TaxTotal[1]/cac:TaxSubtotal[1]', '[BR-S-08]-For each different value of VAT category rate (BT-119) where the VAT category code (BT-118) is "Standard rated", the VAT category taxable amount (BT-116) in a VAT breakdown (BG-23) shall equal the sum of Invoice line net amounts (BT-131) plus the sum of document level charge amounts (BT-99) minus the sum of document level allowance amounts (BT-92) where the VAT category code (BT-151, BT-102, BT-95) is "Standard rated" and the VAT rate (BT-152, BT-103, BT-96) equals the VAT category rate (BT-119).'), 'fr');
  expect(vat.translated).toContain('(BT-116)');
  expect(vat.translated).toContain('«\u00a0Taux normal\u00a0»');
  const none = readableFinding(f('X-1', '/Invoice[1]', 'no term named'), 'fr', { allowances: 0, fields: new Set() });
  expect(none).toMatchObject({ field: null, term: null, translated: null });
});
