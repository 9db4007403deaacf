/**
 * Business keys of a (valid) invoice or credit note, UBL or CII: invoice number (BT-1), issue
 * date (BT-2), type code (BT-3), a seller key for duplicate detection (BT-31 VAT id, else BT-30
 * legal registration id, else BT-29 seller id, else BT-34 electronic address) and the buyer's
 * electronic address (BT-49) as `scheme:value`. They are stored in the database: a key is read from
 * an invoice of any kind, also one validation rejects, so U+0000 (which PostgreSQL text cannot hold)
 * is taken out of every value, and a value is cut at 300 characters.
 */
import { XMLParser } from 'fast-xml-parser';

export interface BusinessKeys {
  invoiceNumber: string | null;
  issueDate: string | null;
  typeCode: string | null;
  sellerKey: string | null;
  buyerEndpointId: string | null;
}

type Node = Record<string, unknown>;

function arr(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}
function first(v: unknown): unknown {
  return arr(v)[0];
}
/** Longest key kept: four of them form one index entry, which PostgreSQL bounds (about 2.7 kB). */
const MAX_KEY = 300;
/** A value as the database can hold it: without NUL characters (which no well-formed XML carries, but a rejected document may), and bounded. */
function clean(s: string): string {
  const v = s.includes('\u0000') ? s.replaceAll('\u0000', '') : s;
  return v.length > MAX_KEY ? v.trim().slice(0, MAX_KEY) : v;
}
function txt(v: unknown): string | null {
  const f = first(v);
  if (typeof f === 'string' || typeof f === 'number') return clean(String(f)).trim() || null;
  if (f !== null && typeof f === 'object' && '#text' in (f as Node)) return txt((f as Node)['#text']);
  return null;
}
function attr(v: unknown, name: string): string | null {
  const f = first(v);
  if (f !== null && typeof f === 'object') {
    const a = (f as Node)[`@_${name}`];
    return typeof a === 'string' ? clean(a).trim() || null : null;
  }
  return null;
}
function get(n: unknown, ...pathParts: string[]): unknown {
  let cur: unknown = n;
  for (const p of pathParts) {
    const f = first(cur);
    if (f === null || typeof f !== 'object') return undefined;
    cur = (f as Node)[p];
  }
  return cur;
}
function endpoint(v: unknown): string | null {
  const value = txt(v);
  if (value === null) return null;
  const scheme = attr(v, 'schemeID');
  return scheme === null ? value : `${scheme}:${value}`;
}

/** The keys of a document that could not be read. */
export const NO_KEYS: Readonly<BusinessKeys> = Object.freeze({ invoiceNumber: null, issueDate: null, typeCode: null, sellerKey: null, buyerEndpointId: null });

export function extractBusinessKeys(bytes: Buffer): BusinessKeys {
  const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: false, parseTagValue: false, parseAttributeValue: false, isArray: () => false });
  const doc = parser.parse(bytes.toString('utf8')) as Node;
  const none: BusinessKeys = { ...NO_KEYS };
  const ubl = (doc.Invoice ?? doc.CreditNote) as Node | undefined;
  if (ubl !== undefined) {
    const seller = get(ubl, 'AccountingSupplierParty', 'Party');
    const vat = arr(get(seller, 'PartyTaxScheme')).find((t) => txt(get(t, 'TaxScheme', 'ID')) === 'VAT');
    const sellerKey = txt(get(vat, 'CompanyID')) ?? txt(get(seller, 'PartyLegalEntity', 'CompanyID')) ?? txt(get(seller, 'PartyIdentification', 'ID')) ?? endpoint(get(seller, 'EndpointID'));
    return {
      invoiceNumber: txt(ubl.ID),
      issueDate: txt(ubl.IssueDate),
      typeCode: txt(ubl.InvoiceTypeCode) ?? txt(ubl.CreditNoteTypeCode),
      sellerKey,
      buyerEndpointId: endpoint(get(ubl, 'AccountingCustomerParty', 'Party', 'EndpointID')),
    };
  }
  const cii = doc.CrossIndustryInvoice as Node | undefined;
  if (cii !== undefined) {
    const ed = get(cii, 'ExchangedDocument');
    const agreement = get(cii, 'SupplyChainTradeTransaction', 'ApplicableHeaderTradeAgreement');
    const seller = get(agreement, 'SellerTradeParty');
    const vat = arr(get(seller, 'SpecifiedTaxRegistration')).find((t) => attr(get(t, 'ID'), 'schemeID') === 'VA');
    const raw = txt(get(ed, 'IssueDateTime', 'DateTimeString'));
    const issueDate = raw !== null && /^\d{8}$/.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}` : raw;
    const sellerKey = txt(get(vat, 'ID')) ?? txt(get(seller, 'SpecifiedLegalOrganization', 'ID')) ?? txt(get(seller, 'ID')) ?? txt(get(seller, 'GlobalID')) ?? endpoint(get(seller, 'URIUniversalCommunication', 'URIID'));
    return {
      invoiceNumber: txt(get(ed, 'ID')),
      issueDate,
      typeCode: txt(get(ed, 'TypeCode')),
      sellerKey,
      buyerEndpointId: endpoint(get(agreement, 'BuyerTradeParty', 'URIUniversalCommunication', 'URIID')),
    };
  }
  return none;
}
