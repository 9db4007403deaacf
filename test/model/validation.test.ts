/**
 * The written UBL passes the validation engine with no fatal finding wherever the (CII) source did,
 * and a model built by hand (as the web form does) becomes a valid Peppol invoice or credit note.
 */
import { sampleInvoice } from '../../model/sample';
import { writeUbl } from '../../model/write';
import { validate } from '../../validation';
import { rewriteProblems } from './rewrite';

const date = '2026-06-01';

test('every CII example converted to UBL is as valid as its source', async () => {
  const { checked, problems } = await rewriteProblems(['en16931-cii']);
  expect(checked).toBeGreaterThanOrEqual(14);
  expect(problems.join('\n')).toBe('');
}, 180_000);

test('an invoice built as a model and written with computed totals is valid Peppol BIS Billing 3.0', async () => {
  const invoice = await validate(Buffer.from(writeUbl(sampleInvoice(12))), { date });
  expect([invoice.scenario, invoice.findings]).toEqual(['peppol-bis-billing-ubl', []]);
  const creditNote = sampleInvoice(4);
  creditNote['BT-3'] = '381';
  creditNote['BG-3'] = [{ 'BT-25': 'INV-12', 'BT-26': '2026-05-04' }];
  const cn = await validate(Buffer.from(writeUbl(creditNote)), { date });
  expect([cn.scenario, cn.findings]).toEqual(['peppol-bis-billing-ubl', []]);
  expect(cn.detected?.rootName).toBe('CreditNote');
}, 60_000);
