/**
 * Invoices for the PDF tests and the benchmark, built from the official Peppol BIS base example
 * (read from ../shared, never copied): the same header, parties, payment and totals, with N lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../../config';

export const EXAMPLES_DIR = path.join(config.projectRoot, '..', 'shared', 'examples');

/** Folders of examples that are not invoices: Message Level Status and Invoice Response (ApplicationResponse), Peppol reports. */
const NOT_INVOICES = new Set(['peppol-mls', 'peppol-invoice-response', 'peppol-reporting']);

/** Every invoice/credit note example. */
export function exampleFiles(): string[] {
  const out: string[] = [];
  for (const dir of fs.readdirSync(EXAMPLES_DIR).sort()) {
    if (NOT_INVOICES.has(dir)) continue;
    const full = path.join(EXAMPLES_DIR, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const f of fs.readdirSync(full).sort()) if (/\.xml$/i.test(f)) out.push(path.join(full, f));
  }
  return out;
}

function line(i: number): string {
  const qty = (i % 7) + 1;
  const price = `${(i % 50) + 10}.${String(i % 100).padStart(2, '0')}`;
  return `<cac:InvoiceLine>
    <cbc:ID>${i}</cbc:ID>
    <cbc:Note>Line note ${i}</cbc:Note>
    <cbc:InvoicedQuantity unitCode="H87">${qty}</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">${i}.00</cbc:LineExtensionAmount>
    <cac:InvoicePeriod><cbc:StartDate>2026-01-01</cbc:StartDate><cbc:EndDate>2026-01-31</cbc:EndDate></cac:InvoicePeriod>
    <cac:OrderLineReference><cbc:LineID>PO-LINE-${i}</cbc:LineID></cac:OrderLineReference>
    <cac:Item>
      <cbc:Description>Description of item ${i}, delivered to the central warehouse</cbc:Description>
      <cbc:Name>Item number ${i}</cbc:Name>
      <cac:SellersItemIdentification><cbc:ID>SKU-${i}</cbc:ID></cac:SellersItemIdentification>
      <cac:StandardItemIdentification><cbc:ID schemeID="0160">0${String(7350000000000 + i)}</cbc:ID></cac:StandardItemIdentification>
      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>17</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
      <cac:AdditionalItemProperty><cbc:Name>Colour</cbc:Name><cbc:Value>Blue ${i}</cbc:Value></cac:AdditionalItemProperty>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">${price}</cbc:PriceAmount><cbc:BaseQuantity unitCode="H87">1</cbc:BaseQuantity></cac:Price>
  </cac:InvoiceLine>`;
}

/** The Peppol base example with `n` generated lines (totals are the example's: the PDF shows what it receives). */
export function invoiceWithLines(n: number): string {
  const base = fs.readFileSync(path.join(EXAMPLES_DIR, 'peppol-billing', 'base-example.xml'), 'utf8');
  const start = base.indexOf('<cac:InvoiceLine>');
  const end = base.lastIndexOf('</cac:InvoiceLine>') + '</cac:InvoiceLine>'.length;
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) lines.push(line(i));
  return base.slice(0, start) + lines.join('\n') + base.slice(end);
}
