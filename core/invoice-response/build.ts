/**
 * Builds a Peppol BIS Invoice Response 3.1 (T111): a UBL 2.1 ApplicationResponse from a body to the
 * supplier of an invoice it received.
 *
 * - CustomizationID `urn:fdc:peppol.eu:poacc:trns:invoice_response:3`, ProfileID
 *   `urn:fdc:peppol.eu:poacc:bis:invoice_response:3`;
 * - sender party: the body's Peppol participant identifier (`scheme:value`) and name; receiver party:
 *   the invoice's seller electronic address (BT-34) and name (BT-27);
 * - the document reference: the invoice number (BT-1), issue date (BT-2) and type code (BT-3 — 380, 389,
 *   and for a credit note its own code such as 381, which T111 accepts from the whole UNCL1001 list);
 * - the status with one `cac:Status` per reason (listID OPStatusReason) and per action (listID
 *   OPStatusAction), each with its text and conditions, then the clarifications without a code;
 * - a partial payment (PD with PPD): T111 has no amount element, so the paid amount is written into the
 *   PPD clarification text (`Paid amount: 1250.00 EUR`), which PEPPOL-T111-R004 makes mandatory anyway.
 *
 * Deterministic (the same input gives the same bytes: id, dates and time are inputs; element order is
 * the XML Schema's) and everything escaped. The builder does not refuse a request that breaks a T111
 * rule (`checkStatusRequest` does): it writes what it is given, so that the official rules can judge it.
 * It refuses only what XML cannot carry at all.
 */
import type { CanonicalInvoice, Identifier } from '../../model';
import { ACTION_LIST_ID, REASON_LIST_ID } from './codes';
import { hasNonXmlCharacters, paidAmountText, type ResponseCondition, type StatusRequest } from './rules';
import { xmlAttr, xmlText } from '../../lib/xml-escape';

export const INVOICE_RESPONSE_CUSTOMIZATION_ID = 'urn:fdc:peppol.eu:poacc:trns:invoice_response:3';
export const INVOICE_RESPONSE_PROFILE_ID = 'urn:fdc:peppol.eu:poacc:bis:invoice_response:3';

const NS_AR = 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2';
const NS_CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const NS_CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';

/** An identifier with an optional scheme (ISO 6523 ICD for party identifiers). */
export interface SchemeId {
  value: string;
  scheme?: string;
}

export interface ResponseParty {
  /** The electronic address: a Peppol participant identifier `scheme:value` (e.g. `9938:LU12345678`), or its parts. */
  endpoint: string | Required<SchemeId>;
  /** Registration name (`cac:PartyLegalEntity/cbc:RegistrationName`). */
  name: string;
  /** A party identifier (`cac:PartyIdentification/cbc:ID`). */
  identifier?: SchemeId;
  contact?: { name?: string; telephone?: string; email?: string };
}

/** A third party in the document response: the invoice's issuer or recipient when the response is sent on another's behalf (UC 8). */
export interface ThirdParty {
  name: string;
  identifier?: SchemeId;
}

export interface InvoiceReference {
  /** Invoice number (BT-1). */
  id: string;
  /** Invoice issue date (BT-2). */
  issueDate?: string;
  /** Invoice type code (BT-3): 380, 381, 389, 384, 261, 396… */
  typeCode: string;
}

export interface InvoiceResponseInput {
  /** Identifier of the response itself. */
  id: string;
  issueDate: string;
  issueTime?: string;
  /** The body (buyer) that sends the response. */
  sender: ResponseParty;
  /** The supplier (seller) of the invoice. */
  receiver: ResponseParty;
  invoice: InvoiceReference;
  /** The issuer of the invoice, when not the receiver. */
  issuer?: ThirdParty;
  /** The party on whose behalf the response is sent, when not the sender. */
  recipient?: ThirdParty;
  status: StatusRequest;
}

export class InvoiceResponseBuildError extends Error {}

/** `scheme:value` → its parts; the value may itself contain colons. */
export function splitParticipantId(id: string): Required<SchemeId> {
  const s = id.replace(/^iso6523-actorid-upis::/, '');
  const i = s.indexOf(':');
  if (i <= 0 || i === s.length - 1) throw new InvoiceResponseBuildError(`"${id}" is not a participant identifier of the form scheme:value (e.g. 9938:LU12345678)`);
  return { scheme: s.slice(0, i), value: s.slice(i + 1) };
}

// ── escaping ────────────────────────────────────────────────────────────────────────────────

function checked(s: string, what: string): string {
  if (hasNonXmlCharacters(s)) throw new InvoiceResponseBuildError(`${what} contains a character XML cannot carry (a control character or a lone surrogate)`);
  return s;
}

const escText = (s: string, what: string): string => xmlText(checked(s, what));
const escAttr = (s: string, what: string): string => xmlAttr(checked(s, what));

// ── the writer ──────────────────────────────────────────────────────────────────────────────

class Out {
  private readonly lines: string[] = [];
  private depth = 0;

  leaf(name: string, value: string | undefined, attrs: Record<string, string | undefined> = {}): void {
    if (value === undefined) return;
    const a = Object.entries(attrs)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, x]) => ` ${k}="${escAttr(x, `@${k} of ${name}`)}"`)
      .join('');
    this.lines.push(`${'  '.repeat(this.depth)}<${name}${a}>${escText(value, name)}</${name}>`);
  }

  open(name: string, attrs = ''): void {
    this.lines.push(`${'  '.repeat(this.depth)}<${name}${attrs}>`);
    this.depth++;
  }

  close(name: string): void {
    this.depth--;
    this.lines.push(`${'  '.repeat(this.depth)}</${name}>`);
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }
}

function endpointOf(p: ResponseParty): Required<SchemeId> {
  return typeof p.endpoint === 'string' ? splitParticipantId(p.endpoint) : p.endpoint;
}

function partyIdentification(o: Out, id: SchemeId | undefined): void {
  if (!id) return;
  o.open('cac:PartyIdentification');
  o.leaf('cbc:ID', id.value, { schemeID: id.scheme });
  o.close('cac:PartyIdentification');
}

function party(o: Out, element: string, p: ResponseParty): void {
  const endpoint = endpointOf(p);
  o.open(element);
  o.leaf('cbc:EndpointID', endpoint.value, { schemeID: endpoint.scheme });
  partyIdentification(o, p.identifier);
  o.open('cac:PartyLegalEntity');
  o.leaf('cbc:RegistrationName', p.name);
  o.close('cac:PartyLegalEntity');
  if (p.contact && (p.contact.name ?? p.contact.telephone ?? p.contact.email) !== undefined) {
    o.open('cac:Contact');
    o.leaf('cbc:Name', p.contact.name);
    o.leaf('cbc:Telephone', p.contact.telephone);
    o.leaf('cbc:ElectronicMail', p.contact.email);
    o.close('cac:Contact');
  }
  o.close(element);
}

function thirdParty(o: Out, element: string, p: ThirdParty): void {
  o.open(element);
  partyIdentification(o, p.identifier);
  o.open('cac:PartyName');
  o.leaf('cbc:Name', p.name);
  o.close('cac:PartyName');
  o.close(element);
}

function status(o: Out, code: { listID: string; value: string } | null, texts: string[], conditions: ResponseCondition[] | undefined): void {
  o.open('cac:Status');
  if (code) o.leaf('cbc:StatusReasonCode', code.value, { listID: code.listID });
  for (const t of texts) o.leaf('cbc:StatusReason', t);
  for (const c of conditions ?? []) {
    o.open('cac:Condition');
    o.leaf('cbc:AttributeID', c.attributeId);
    o.leaf('cbc:Description', c.description);
    o.close('cac:Condition');
  }
  o.close('cac:Status');
}

/** The UBL ApplicationResponse of a status, as UTF-8 text. */
export function buildInvoiceResponse(input: InvoiceResponseInput): string {
  const s = input.status;
  const o = new Out();
  const head = `<?xml version="1.0" encoding="UTF-8"?>`;
  o.open('ApplicationResponse', ` xmlns="${NS_AR}" xmlns:cac="${NS_CAC}" xmlns:cbc="${NS_CBC}"`);
  o.leaf('cbc:CustomizationID', INVOICE_RESPONSE_CUSTOMIZATION_ID);
  o.leaf('cbc:ProfileID', INVOICE_RESPONSE_PROFILE_ID);
  o.leaf('cbc:ID', input.id);
  o.leaf('cbc:IssueDate', input.issueDate);
  o.leaf('cbc:IssueTime', input.issueTime);
  o.leaf('cbc:Note', s.note);
  party(o, 'cac:SenderParty', input.sender);
  party(o, 'cac:ReceiverParty', input.receiver);

  o.open('cac:DocumentResponse');
  o.open('cac:Response');
  o.leaf('cbc:ResponseCode', s.code);
  o.leaf('cbc:EffectiveDate', s.effectiveDate);
  for (const r of s.reasons) {
    const texts: string[] = [];
    if (r.code === 'PPD' && s.paidAmount !== undefined && s.currency !== undefined) texts.push(paidAmountText(s.paidAmount, s.currency));
    if (r.text !== undefined) texts.push(r.text);
    status(o, { listID: REASON_LIST_ID, value: r.code }, texts, r.conditions);
  }
  for (const a of s.actions) status(o, { listID: ACTION_LIST_ID, value: a.code }, a.text === undefined ? [] : [a.text], a.conditions);
  for (const t of s.texts ?? []) status(o, null, [t.text], t.conditions);
  o.close('cac:Response');
  o.open('cac:DocumentReference');
  o.leaf('cbc:ID', input.invoice.id);
  o.leaf('cbc:IssueDate', input.invoice.issueDate);
  o.leaf('cbc:DocumentTypeCode', input.invoice.typeCode);
  o.close('cac:DocumentReference');
  if (input.issuer) thirdParty(o, 'cac:IssuerParty', input.issuer);
  if (input.recipient) thirdParty(o, 'cac:RecipientParty', input.recipient);
  o.close('cac:DocumentResponse');
  o.close('ApplicationResponse');
  return `${head}\n${o.text()}`;
}

/** The same, as the bytes to send. */
export function buildInvoiceResponseBytes(input: InvoiceResponseInput): Buffer {
  return Buffer.from(buildInvoiceResponse(input), 'utf8');
}

/**
 * The parts of a response that come from the invoice it answers: the document reference (BT-1, BT-2,
 * BT-3, so a credit note is referenced by its own type code) and the receiver (the seller's electronic
 * address BT-34 and name BT-27, else its trading name BT-28).
 */
export function fromInvoice(model: CanonicalInvoice): { invoice: InvoiceReference; receiver: Omit<ResponseParty, 'contact'> } {
  const t = model.terms;
  const number = t['BT-1'];
  const typeCode = t['BT-3'] ?? (model.kind === 'credit-note' ? '381' : '380');
  const seller = t['BG-4'];
  const endpoint: Identifier | undefined = seller?.['BT-34'];
  const name = seller?.['BT-27'] ?? seller?.['BT-28'];
  if (!number) throw new InvoiceResponseBuildError('the invoice has no number (BT-1): a response cannot reference it');
  if (!endpoint?.scheme) throw new InvoiceResponseBuildError("the invoice has no seller electronic address with a scheme (BT-34): a response cannot be addressed to the seller");
  if (!name) throw new InvoiceResponseBuildError('the invoice has no seller name (BT-27)');
  return {
    invoice: { id: number, ...(t['BT-2'] ? { issueDate: t['BT-2'] } : {}), typeCode },
    receiver: { endpoint: { scheme: endpoint.scheme, value: endpoint.value }, name },
  };
}
