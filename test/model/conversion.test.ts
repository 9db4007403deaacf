/**
 * CII → UBL conversion of XRechnung-style invoices: variants of the official CII examples built with
 * `cii-variants.ts`. Each converted document must be schema-valid and pass the EN 16931 UBL rules
 * wherever its CII source passed the CII rules, and reading it back gives the CII source's model.
 */
import { diffTerms, formatDifferences } from '../../model/diff';
import { readInvoice } from '../../model/read';
import { writeUbl } from '../../model/write';
import { validate } from '../../validation';
import { derivedAddition, example } from './helpers';

const date = '2026-06-01';
const fatal = (r: { findings: { flag: string; ruleId: string; location: string; message: string }[] }): string[] =>
  r.findings.filter((f) => f.flag === 'fatal').map((f) => `${f.ruleId} ${f.location} ${f.message}`);

test('a sales order reference (BT-14) without purchase order reference (BT-13): cbc:ID is NA, as the UBL binding says, and reads back as no BT-13', async () => {
  const cii = example('en16931-cii/CII_example5.xml')
    .toString('utf8')
    .replace(/<ram:BuyerOrderReferencedDocument>\s*<ram:IssuerAssignedID>PO4711<\/ram:IssuerAssignedID>\s*<\/ram:BuyerOrderReferencedDocument>/, '');
  const source = readInvoice(cii);
  expect([source.terms['BT-13'], source.terms['BT-14']]).toEqual([undefined, '123']);
  expect(fatal(await validate(Buffer.from(cii), { date }))).toEqual([]);
  const ubl = writeUbl(source, { totals: 'keep' });
  expect(ubl).toMatch(/<cac:OrderReference>\s*<cbc:ID>NA<\/cbc:ID>\s*<cbc:SalesOrderID>123<\/cbc:SalesOrderID>\s*<\/cac:OrderReference>/);
  expect(fatal(await validate(Buffer.from(ubl), { date }))).toEqual([]);
  const again = readInvoice(ubl);
  expect(formatDifferences(diffTerms(source.terms, again.terms).filter((d) => !derivedAddition(d)))).toBe('');
  expect(again.unmapped.filter((u) => u.location.includes('OrderReference'))).toEqual([]);
  // A real purchase order reference is written as it is.
  expect(writeUbl(readInvoice(example('en16931-cii/CII_example5.xml')), { totals: 'keep' })).toMatch(/<cac:OrderReference>\s*<cbc:ID>PO4711<\/cbc:ID>/);
}, 60_000);
