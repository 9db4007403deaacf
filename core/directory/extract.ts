/**
 * Reads exactly the fields routing needs from a UBL Invoice / CreditNote or a CII
 * CrossIndustryInvoice (bare or inside an SBDH envelope): BT-49, BT-47, BT-48, BT-46 of the buyer,
 * BT-10 and BT-13. fast-xml-parser with namespace prefixes removed, no entity processing, a DOCTYPE
 * refused outright, and the invoice lines and attachments left unparsed.
 *
 * Precondition: the route stage only reads documents the validate stage has parsed with a real XML
 * parser and found valid, so well-formedness is not checked a second time here (fast-xml-parser is
 * lenient: on a malformed text it returns what it could read).
 */
import { XMLParser } from 'fast-xml-parser';
import type { PartyIdentifier, RoutingInput } from './resolve';

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  alwaysCreateTextNode: true,
  // invoice lines, attachments and signatures are the bulk of a document and hold nothing routing needs: kept unparsed
  stopNodes: ['*.InvoiceLine', '*.CreditNoteLine', '*.IncludedSupplyChainTradeLineItem', '*.AdditionalDocumentReference', '*.AdditionalReferencedDocument', '*.UBLExtensions', '*.Signature'],
  isArray: (_name: string, _jpath: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
});

/** Fields read, plus the SBDH receiver when the bytes carry an envelope. */
export interface ExtractedRouting extends RoutingInput {
  syntax: 'ubl-invoice' | 'ubl-creditnote' | 'cii';
}

export class ExtractError extends Error {
  override readonly name = 'ExtractError';
}

function kids(n: unknown, name: string): Node[] {
  if (typeof n !== 'object' || n === null) return [];
  const v = (n as Node)[name];
  return Array.isArray(v) ? (v.filter((x) => typeof x === 'object' && x !== null) as Node[]) : [];
}

function path(n: unknown, ...names: string[]): Node[] {
  let cur: Node[] = typeof n === 'object' && n !== null ? [n as Node] : [];
  for (const name of names) cur = cur.flatMap((c) => kids(c, name));
  return cur;
}

function text(n: Node | undefined): string | null {
  if (n === undefined) return null;
  const t = n['#text'];
  const v = Array.isArray(t) ? t.join('') : typeof t === 'string' ? t : null;
  return v === null || v.trim() === '' ? null : v.trim();
}

function attr(n: Node | undefined, name: string): string | undefined {
  const v = n?.[`@${name}`];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function ident(n: Node | undefined): PartyIdentifier | null {
  const value = text(n);
  if (value === null) return null;
  const scheme = attr(n, 'schemeID');
  return scheme === undefined ? { value } : { scheme, value };
}

/** Parses the XML text and reads the routing fields. Throws ExtractError when it is no invoice it knows. */
export function extractRouting(xml: string | Buffer): ExtractedRouting {
  const s = typeof xml === 'string' ? xml : xml.toString('utf8');
  if (/<!DOCTYPE/i.test(s)) throw new ExtractError('document has a DOCTYPE declaration (refused)');
  let doc: Node;
  try {
    doc = parser.parse(s) as Node;
  } catch (e) {
    throw new ExtractError(`not well-formed XML: ${(e as Error).message}`);
  }
  let receiver: string | null = null;
  const sbd = kids(doc, 'StandardBusinessDocument')[0];
  if (sbd !== undefined) {
    const rid = path(sbd, 'StandardBusinessDocumentHeader', 'Receiver', 'Identifier')[0];
    const v = text(rid);
    if (v !== null) receiver = v;
    doc = sbd;
  }
  const out = (syntax: ExtractedRouting['syntax'], r: RoutingInput): ExtractedRouting => ({ syntax, ...r, ...(receiver !== null ? { receiver } : {}) });
  for (const root of ['Invoice', 'CreditNote'] as const) {
    const inv = kids(doc, root)[0];
    if (inv === undefined) continue;
    const party = path(inv, 'AccountingCustomerParty', 'Party')[0];
    return out(root === 'Invoice' ? 'ubl-invoice' : 'ubl-creditnote', {
      bt49: ident(path(party, 'EndpointID')[0]),
      bt47: ident(path(party, 'PartyLegalEntity', 'CompanyID')[0]),
      bt48: text(path(party, 'PartyTaxScheme', 'CompanyID')[0]),
      bt46: path(party, 'PartyIdentification', 'ID').map(ident).filter((x): x is PartyIdentifier => x !== null),
      bt10: text(path(inv, 'BuyerReference')[0]),
      bt13: text(path(inv, 'OrderReference', 'ID')[0]),
    });
  }
  const cii = kids(doc, 'CrossIndustryInvoice')[0];
  if (cii !== undefined) {
    const agreement = path(cii, 'SupplyChainTradeTransaction', 'ApplicableHeaderTradeAgreement')[0];
    const buyer = path(agreement, 'BuyerTradeParty')[0];
    const vat = path(buyer, 'SpecifiedTaxRegistration', 'ID').find((n) => attr(n, 'schemeID') === 'VA');
    return out('cii', {
      bt49: ident(path(buyer, 'URIUniversalCommunication', 'URIID')[0]),
      bt47: ident(path(buyer, 'SpecifiedLegalOrganization', 'ID')[0]),
      bt48: text(vat),
      bt46: [...path(buyer, 'ID'), ...path(buyer, 'GlobalID')].map(ident).filter((x): x is PartyIdentifier => x !== null),
      bt10: text(path(agreement, 'BuyerReference')[0]),
      bt13: text(path(agreement, 'BuyerOrderReferencedDocument', 'IssuerAssignedID')[0]),
    });
  }
  throw new ExtractError(`root element is not a UBL Invoice / CreditNote or a CII CrossIndustryInvoice (found ${Object.keys(doc).filter((k) => !k.startsWith('?')).join(', ') || 'nothing'})`);
}
