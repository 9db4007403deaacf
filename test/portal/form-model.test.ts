/**
 * The form → canonical model → UBL without a server: numbers read as suppliers type them, the VAT
 * rate following the category (0, or none for O, where the rules require it), the exemption reason
 * written with its code and text, and a credit note that asks for no IBAN — each checked against
 * the official rules by the validation engine.
 */
import type { Lang } from '../../config/languages';
import { formToTerms, normalizeForm, type Fields, type Recipient } from '../../core/portal/form';
import { checkForm } from '../../core/portal/form-check';
import { parseDecimal } from '../../core/portal/numbers';
import { computeFormTotals } from '../../core/portal/totals';
import { writeUbl } from '../../model';
import { validate } from '../../validation';
import { FIXTURE_VAT } from './helpers';

jest.setTimeout(120_000);

const RECIPIENT: Recipient = { bodyId: 'min-fixtures', name: 'Ministère des Essais', endpoint: `9938:${FIXTURE_VAT}`, requiredRefs: [] };

function form(over: Record<string, string> = {}): Fields {
  return new Map(Object.entries({
    typeCode: '380', number: 'T-1', issueDate: '2026-05-04', dueDate: '2026-06-03', currency: 'EUR', buyerReference: 'REF-1',
    'count.lines': '1', 'count.allowances': '0', 'count.charges': '0', 'count.attachments': '0',
    'seller.name': 'Atelier Test', 'seller.vatId': 'LU11111139', 'seller.electronicAddress:scheme': '9938', 'seller.electronicAddress': 'LU11111139',
    'seller.address.line1': '1, rue du Test', 'seller.address.city': 'Luxembourg', 'seller.address.postCode': 'L-1111', 'seller.address.country': 'LU',
    'buyer.address.country': 'LU', 'payment.meansCode': '30', 'payment.creditTransfers[0].account': 'LU280019400644750000',
    'lines[0].item.name': 'Formation', 'lines[0].quantity': '1', 'lines[0].unit': 'C62', 'lines[0].price.netPrice': '500', 'lines[0].vat.category': 'S', 'lines[0].vat.rate': '17',
    ...over,
  }));
}

async function fatalOf(fields: Fields, lang: Lang = 'en'): Promise<string[]> {
  expect(checkForm(fields, RECIPIENT, lang)).toEqual([]);
  const xml = Buffer.from(writeUbl(formToTerms(fields, RECIPIENT, new Map(), lang)), 'utf8');
  const report = await validate(xml);
  return report.findings.filter((f) => f.flag === 'fatal').map((f) => f.ruleId);
}

test('numbers as typed: FR, DE and EN forms, a decimal mark alone, groups of three, the ambiguous form refused', () => {
  const ok = (text: string, lang: Lang): string | null => { const p = parseDecimal(text, lang); return p.ok ? p.value : null; };
  for (const lang of ['fr', 'de', 'en'] as const) {
    expect(ok('1 075,85', lang)).toBe('1075.85');
    expect(ok('1\u00a0075,85', lang)).toBe('1075.85');
    expect(ok('1\u202f075,85', lang)).toBe('1075.85');
    expect(ok('1.075,85', lang)).toBe('1075.85');
    expect(ok('1,075.85', lang)).toBe('1075.85');
    expect(ok('1075.85', lang)).toBe('1075.85');
    expect(ok('1075,85', lang)).toBe('1075.85');
    expect(ok('12,5', lang)).toBe('12.5');
    expect(ok('-3', lang)).toBe('-3');
    expect(ok('1.234.567,8', lang)).toBe('1234567.8');
    expect(ok('0,500', lang)).toBe('0.500');
    for (const bad of ['1 05', '12,34,5', '1..5', 'abc', '', '1 075.000,5,1', '1,2.3,4']) expect(ok(bad, lang)).toBeNull();
  }
  // one mark and three digits, where the mark is the language's thousands separator: refused, not guessed
  expect(parseDecimal('1.075', 'de')).toEqual({ ok: false, reason: 'ambiguous' });
  expect(parseDecimal('1,075', 'en')).toEqual({ ok: false, reason: 'ambiguous' });
  expect(ok('1.075', 'en')).toBe('1.075');
  expect(ok('1,075', 'de')).toBe('1.075');
  expect(ok('1.075', 'fr')).toBe('1.075');
  expect(ok('10.005', 'en')).toBe('10.005');
});

test('the form accepts what its hint shows, in each language: totals and the UBL carry 1075.85', async () => {
  for (const [lang, typed] of [['fr', '1 075,85'], ['de', '1.075,85'], ['en', '1075.85'], ['en', '1,075.85']] as const) {
    const f = form({ 'lines[0].price.netPrice': typed });
    expect(computeFormTotals(f, lang).totals['BT-106']).toBe('1075.85');
    const xml = writeUbl(formToTerms(f, RECIPIENT, new Map(), lang));
    expect(xml).toContain('<cbc:PriceAmount currencyID="EUR">1075.85</cbc:PriceAmount>');
  }
  expect(checkForm(form({ 'lines[0].price.netPrice': '1.075' }), RECIPIENT, 'de')).toEqual([{ field: 'lines[0].price.netPrice', code: 'ambiguous-number', vars: { value: '1.075' } }]);
});

test('VAT category E/Z/AE/K/G/O with the 17 % left from S: the rate follows the category, the reason is written with code and text, the rules pass', async () => {
  const cases: [string, Record<string, string>][] = [
    ['E', { 'exemptionCode.E': 'VATEX-EU-132-1I' }],
    ['Z', {}],
    ['AE', { 'buyer.vatId': 'LU87654321' }],
    ['K', { 'buyer.vatId': 'DE123456789', 'delivery.date': '2026-05-01', 'delivery.address.country': 'DE' }],
    ['G', {}],
    ['O', { 'seller.vatId': '', 'seller.legalRegistration': 'B123456', 'exemption.O': 'Hors champ : subvention' }],
  ];
  for (const [cat, extra] of cases) {
    const f = form({ 'lines[0].vat.category': cat, 'lines[0].vat.rate': '17', ...extra });
    normalizeForm(f);
    expect([cat, f.get('lines[0].vat.rate')]).toEqual([cat, cat === 'O' ? '' : '0']);
    expect([cat, await fatalOf(f)]).toEqual([cat, []]);
  }
  const e = form({ 'lines[0].vat.category': 'E', 'lines[0].vat.rate': '17', 'exemptionCode.E': 'VATEX-EU-132-1I' });
  const xml = writeUbl(formToTerms(e, RECIPIENT, new Map(), 'en'));
  expect(xml).toMatch(/<cac:ClassifiedTaxCategory>\s*<cbc:ID>E<\/cbc:ID>\s*<cbc:Percent>0<\/cbc:Percent>/);
  expect(xml).toContain('<cbc:TaxExemptionReasonCode>VATEX-EU-132-1I</cbc:TaxExemptionReasonCode>');
  expect(xml).toContain('<cbc:TaxExemptionReason>Exempt based on article 132, section 1 (i) of Council Directive 2006/112/EC</cbc:TaxExemptionReason>');
  // a category with one reason code gets it; E has several: the supplier must give a code or a text
  const ae = form({ 'lines[0].vat.category': 'AE' });
  normalizeForm(ae);
  expect(ae.get('exemptionCode.AE')).toBe('VATEX-EU-AE');
  expect(checkForm(form({ 'lines[0].vat.category': 'E', 'lines[0].vat.rate': '0' }), RECIPIENT, 'en')).toEqual([{ field: 'exemption.E', code: 'exemption-required', vars: { cat: 'E' } }]);
});

test('a credit note without an IBAN (nothing to pay to the seller) is compliant; with an account and no means, a transfer', async () => {
  const base = { typeCode: '381', 'precedingInvoices[0].reference': 'INV-1', 'payment.meansCode': '', 'payment.creditTransfers[0].account': '' };
  expect(await fatalOf(form(base))).toEqual([]);
  expect(await fatalOf(form({ ...base, 'payment.meansCode': '30' }))).toEqual([]);
  expect(await fatalOf(form({ ...base, dueDate: '' }))).toEqual([]);
  const xml = writeUbl(formToTerms(form({ ...base, 'payment.creditTransfers[0].account': 'LU280019400644750000' }), RECIPIENT, new Map(), 'en'));
  expect(xml).toContain('<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>');
  // an invoice paid by transfer still needs its account (BR-61)
  expect(await fatalOf(form({ 'payment.creditTransfers[0].account': '' }))).toContain('BR-61');
});
