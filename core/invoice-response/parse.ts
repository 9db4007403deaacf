/**
 * Reads a Peppol Invoice Response (UBL ApplicationResponse, T111) that a body's ERP produced into the
 * shape the builder takes (`InvoiceResponseInput`, with the status as a `StatusRequest`), so the hub can
 * check the status (`checkStatusRequest`) and that it refers to the right invoice (`checkReference`).
 * `parseInvoiceResponse(buildInvoiceResponse(x))` gives `x` back (with the endpoints as scheme and value).
 *
 * What the reader does with what the shape has no place for, or with what is ambiguous, it says in
 * `remarks` rather than dropping it silently. It does not validate: the XML Schema and T111 are the
 * validation engine's (`validate()` with scenario `peppol-invoice-response`).
 */
import { ACTION_LIST_ID, isActionCode, isReasonCode, REASON_LIST_ID } from './codes';
import type { InvoiceReference, InvoiceResponseInput, ResponseParty, SchemeId, ThirdParty } from './build';
import type { Clarification, ResponseCondition, StatusRequest, UncodedClarification } from './rules';
import { childOf, childrenOf, readNsXml, XmlInputError, type NsElement } from './xml-read';

const NS_AR = 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2';
const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';

export { XmlInputError };

export interface ParsedInvoiceResponse extends InvoiceResponseInput {
  customizationId: string | null;
  profileId: string | null;
  /** What did not fit the shape, or was read by a guess. */
  remarks: string[];
}

const PAID_AMOUNT = /^Paid amount: (\d+(?:\.\d+)?) ([A-Z]{3})$/;

const cbc = (el: NsElement | undefined, local: string): string | undefined => childOf(el, CBC, local)?.text;

function schemeId(el: NsElement | undefined): SchemeId | undefined {
  if (!el) return undefined;
  const scheme = el.attrs.get('schemeID');
  return scheme === undefined ? { value: el.text } : { value: el.text, scheme };
}

function readParty(el: NsElement | undefined, what: string, remarks: string[]): ResponseParty {
  const endpoint = childOf(el, CBC, 'EndpointID');
  if (!el) remarks.push(`no ${what}`);
  else if (!endpoint) remarks.push(`${what} has no EndpointID`);
  const identifier = schemeId(childOf(childOf(el, CAC, 'PartyIdentification'), CBC, 'ID'));
  const contactEl = childOf(el, CAC, 'Contact');
  const contact = contactEl
    ? Object.fromEntries(
        (
          [
            ['name', cbc(contactEl, 'Name')],
            ['telephone', cbc(contactEl, 'Telephone')],
            ['email', cbc(contactEl, 'ElectronicMail')],
          ] as const
        ).filter((e) => e[1] !== undefined),
      )
    : undefined;
  if (childrenOf(el, CAC, 'PartyIdentification').length > 1) remarks.push(`${what}: only the first PartyIdentification is read`);
  return {
    endpoint: { scheme: endpoint?.attrs.get('schemeID') ?? '', value: endpoint?.text ?? '' },
    name: cbc(childOf(el, CAC, 'PartyLegalEntity'), 'RegistrationName') ?? '',
    ...(identifier ? { identifier } : {}),
    ...(contact ? { contact } : {}),
  };
}

function readThirdParty(el: NsElement | undefined): ThirdParty | undefined {
  if (!el) return undefined;
  const identifier = schemeId(childOf(childOf(el, CAC, 'PartyIdentification'), CBC, 'ID'));
  return { name: cbc(childOf(el, CAC, 'PartyName'), 'Name') ?? '', ...(identifier ? { identifier } : {}) };
}

function readConditions(status: NsElement): ResponseCondition[] | undefined {
  const cs = childrenOf(status, CAC, 'Condition').map((c) => {
    const description = childrenOf(c, CBC, 'Description').map((d) => d.text);
    // A condition without AttributeID (PEPPOL-T111-B03601) is kept with an empty one, so that the check sees it.
    return { attributeId: cbc(c, 'AttributeID') ?? '', ...(description.length ? { description: description.join('\n') } : {}) };
  });
  return cs.length ? cs : undefined;
}

function readStatus(response: NsElement | undefined, remarks: string[]): StatusRequest {
  const reasons: Clarification[] = [];
  const actions: Clarification[] = [];
  const texts: UncodedClarification[] = [];
  let paidAmount: string | undefined;
  let currency: string | undefined;
  childrenOf(response, CAC, 'Status').forEach((st, i) => {
    const codeEl = childOf(st, CBC, 'StatusReasonCode');
    let statusTexts = childrenOf(st, CBC, 'StatusReason').map((t) => t.text);
    const conditions = readConditions(st);
    if (!codeEl) {
      texts.push({ text: statusTexts.join('\n'), ...(conditions ? { conditions } : {}) });
      return;
    }
    const code = codeEl.text.trim();
    const listId = codeEl.attrs.get('listID');
    let list: 'reason' | 'action';
    if (listId === REASON_LIST_ID) list = 'reason';
    else if (listId === ACTION_LIST_ID) list = 'action';
    else {
      list = isReasonCode(code) || !isActionCode(code) ? 'reason' : 'action';
      remarks.push(`Status ${i + 1}: listID ${listId === undefined ? 'missing' : `"${listId}" unknown`}; ${code} read as ${list === 'reason' ? 'a reason' : 'an action'}`);
    }
    if (list === 'reason' && code === 'PPD') {
      const amountLine = statusTexts.find((t) => PAID_AMOUNT.test(t));
      if (amountLine) {
        const m = PAID_AMOUNT.exec(amountLine)!;
        [paidAmount, currency] = [m[1], m[2]];
        statusTexts = statusTexts.filter((t) => t !== amountLine);
      }
    }
    const c: Clarification = { code, ...(statusTexts.length ? { text: statusTexts.join('\n') } : {}), ...(conditions ? { conditions } : {}) };
    (list === 'reason' ? reasons : actions).push(c);
  });
  return {
    code: cbc(response, 'ResponseCode')?.trim() ?? '',
    reasons,
    actions,
    ...(texts.length ? { texts } : {}),
    ...(cbc(response, 'EffectiveDate') !== undefined ? { effectiveDate: cbc(response, 'EffectiveDate')! } : {}),
    ...(paidAmount !== undefined ? { paidAmount, currency } : {}),
  };
}

/** Reads an Invoice Response. Throws XmlInputError when the document is not XML or not a UBL ApplicationResponse. */
export function parseInvoiceResponse(input: Buffer | string): ParsedInvoiceResponse {
  const root = readNsXml(input);
  if (root.ns !== NS_AR || root.local !== 'ApplicationResponse') {
    throw new XmlInputError(`the root is {${root.ns}}${root.local}, not a UBL ApplicationResponse`);
  }
  const remarks: string[] = [];
  const documentResponses = childrenOf(root, CAC, 'DocumentResponse');
  if (documentResponses.length !== 1) remarks.push(`${documentResponses.length} DocumentResponse elements (one expected); the first is read`);
  const dr = documentResponses[0] as NsElement | undefined;
  const refs = childrenOf(dr, CAC, 'DocumentReference');
  if (refs.length > 1) remarks.push(`${refs.length} DocumentReference elements; the first is read`);
  const ref = refs[0] as NsElement | undefined;
  const invoice: InvoiceReference = {
    id: cbc(ref, 'ID') ?? '',
    ...(cbc(ref, 'IssueDate') !== undefined ? { issueDate: cbc(ref, 'IssueDate')! } : {}),
    typeCode: cbc(ref, 'DocumentTypeCode') ?? '',
  };
  const responses = childrenOf(dr, CAC, 'Response');
  const status = readStatus(responses[0], remarks);
  const notes = childrenOf(root, CBC, 'Note').map((n) => n.text);
  if (notes.length) status.note = notes.join('\n');
  const issuer = readThirdParty(childOf(dr, CAC, 'IssuerParty'));
  const recipient = readThirdParty(childOf(dr, CAC, 'RecipientParty'));
  return {
    customizationId: cbc(root, 'CustomizationID') ?? null,
    profileId: cbc(root, 'ProfileID') ?? null,
    id: cbc(root, 'ID') ?? '',
    issueDate: cbc(root, 'IssueDate') ?? '',
    ...(cbc(root, 'IssueTime') !== undefined ? { issueTime: cbc(root, 'IssueTime')! } : {}),
    sender: readParty(childOf(root, CAC, 'SenderParty'), 'SenderParty', remarks),
    receiver: readParty(childOf(root, CAC, 'ReceiverParty'), 'ReceiverParty', remarks),
    invoice,
    ...(issuer ? { issuer } : {}),
    ...(recipient ? { recipient } : {}),
    status,
    remarks,
  };
}

export interface ReferenceProblem {
  ruleId: 'HUB-IR-REFERENCE-ID' | 'HUB-IR-REFERENCE-DATE' | 'HUB-IR-REFERENCE-TYPE' | 'HUB-IR-REFERENCE-SELLER';
  message: string;
}

/**
 * Whether a parsed response refers to the invoice the hub holds: the same number, the same issue date
 * when the response states one, the same type code (an invoice and its credit note may share a number),
 * and addressed to the invoice's seller (its electronic address).
 */
export function checkReference(
  parsed: Pick<ParsedInvoiceResponse, 'invoice' | 'receiver'>,
  expected: InvoiceReference & { sellerEndpoint?: Required<SchemeId> },
): ReferenceProblem[] {
  const out: ReferenceProblem[] = [];
  if (parsed.invoice.id !== expected.id) out.push({ ruleId: 'HUB-IR-REFERENCE-ID', message: `The response refers to invoice "${parsed.invoice.id}", not "${expected.id}".` });
  if (parsed.invoice.issueDate !== undefined && expected.issueDate !== undefined && parsed.invoice.issueDate !== expected.issueDate) {
    out.push({ ruleId: 'HUB-IR-REFERENCE-DATE', message: `The response refers to an invoice issued on ${parsed.invoice.issueDate}; invoice ${expected.id} was issued on ${expected.issueDate}.` });
  }
  if (parsed.invoice.typeCode !== expected.typeCode) {
    out.push({ ruleId: 'HUB-IR-REFERENCE-TYPE', message: `The response refers to a document of type ${parsed.invoice.typeCode}; ${expected.id} is of type ${expected.typeCode}.` });
  }
  const endpoint = typeof parsed.receiver.endpoint === 'string' ? null : parsed.receiver.endpoint;
  if (expected.sellerEndpoint && (!endpoint || endpoint.scheme !== expected.sellerEndpoint.scheme || endpoint.value !== expected.sellerEndpoint.value)) {
    out.push({
      ruleId: 'HUB-IR-REFERENCE-SELLER',
      message: `The response is addressed to ${endpoint ? `${endpoint.scheme}:${endpoint.value}` : 'no electronic address'}, not to the invoice's seller ${expected.sellerEndpoint.scheme}:${expected.sellerEndpoint.value}.`,
    });
  }
  return out;
}
