/** Large invoices for benchmarks: the Peppol base example grown to N lines, totals recomputed exactly. */
import fs from 'node:fs';
import path from 'node:path';
import Decimal from 'decimal.js';
import { config } from '../config';

const EXAMPLE = path.resolve(config.rulesDir, '..', 'examples', 'peppol-billing', 'base-example.xml');

/** The Peppol base example with `lines` invoice lines (even), totals recomputed. */
export function invoiceWithLines(lines: number): string {
  const text = fs.readFileSync(EXAMPLE, 'utf8');
  const blocks = [...text.matchAll(/<cac:InvoiceLine>[\s\S]*?<\/cac:InvoiceLine>/g)].map((m) => m[0]);
  if (blocks.length !== 2) throw new Error('the base example is expected to have two lines');
  const first = text.indexOf(blocks[0]);
  const last = text.indexOf(blocks[1]) + blocks[1].length;
  const out: string[] = [];
  for (let k = 0; k < lines; k++) out.push(blocks[k % 2].replace(/<cbc:ID>\d+<\/cbc:ID>/, `<cbc:ID>${k + 1}</cbc:ID>`));
  const pairs = new Decimal(Math.floor(lines / 2));
  const lineTotal = pairs.times(2800 - 1500).plus(lines % 2 ? 2800 : 0);
  const charge = new Decimal(25);
  const taxExcl = lineTotal.plus(charge);
  const tax = taxExcl.times('0.25').toDecimalPlaces(2);
  const incl = taxExcl.plus(tax);
  let doc = text.slice(0, first) + out.join('\n') + text.slice(last);
  const set = (el: string, v: Decimal): void => {
    doc = doc.replace(new RegExp(`(<cbc:${el} currencyID="EUR">)[^<]*(</cbc:${el}>)`, 'g'), `$1${v.toFixed()}$2`);
  };
  set('TaxAmount', tax);
  set('TaxableAmount', taxExcl);
  // Only the document-level LineExtensionAmount (inside LegalMonetaryTotal) changes.
  doc = doc.replace(/(<cac:LegalMonetaryTotal>[\s\S]*?<cbc:LineExtensionAmount currencyID="EUR">)[^<]*/, `$1${lineTotal.toFixed()}`);
  set('TaxExclusiveAmount', taxExcl);
  set('TaxInclusiveAmount', incl);
  set('PayableAmount', incl);
  return doc;
}

