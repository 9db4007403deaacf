/**
 * Checks a status that a public body wants to send on an invoice, before any XML exists: the rules of
 * Peppol BIS Invoice Response 3.1 (T111) that concern what the body chose, each under the T111 rule id
 * that would fire on the XML, and the hub's own rules (HUB-IR-…, worded in validation/hub-texts.ts,
 * which has their French and German too). A request with no fatal
 * violation builds (`build.ts`) into a response that passes the XML Schema and T111 without a fatal
 * finding; tests hold the two in agreement rule by rule.
 *
 * Amounts are decimal strings, checked with decimal.js, never as floats.
 */
import Decimal from 'decimal.js';
import { HUB_TEXTS, hubMessage, NONE_ALLOWED, type HubTextKey } from '../../validation/hub-texts';
import {
  afterReopening,
  isActionCode,
  isReasonCode,
  isResponseCode,
  NEEDS_CLARIFICATION,
  RESPONSE_CODES,
  transitions,
  type ActionCode,
  type ReasonCode,
  type ResponseCode,
} from './codes';

/** A clarification condition (`cac:Condition`): the invoice field concerned (a BT number or a name) and a value or remark. */
export interface ResponseCondition {
  attributeId: string;
  description?: string;
}

/** One coded clarification: a reason or an action code, with an optional text (`cbc:StatusReason`) and conditions. */
export interface Clarification<C extends string = string> {
  code: C;
  text?: string;
  conditions?: ResponseCondition[];
}

/** A clarification without a code (UC 2b: a text only). */
export interface UncodedClarification {
  text: string;
  conditions?: ResponseCondition[];
}

/**
 * What a body asks to send. Codes are strings because the request comes from a form or an ERP: the
 * checks say what is wrong with them.
 */
export interface StatusRequest {
  /** Invoice status (UNCL4343 subset): AB, IP, UQ, CA, RE, AP, PD. */
  code: ResponseCode | (string & {});
  /** Clarification reasons (OPStatusReason), one `cac:Status` each. */
  reasons: Clarification<ReasonCode | (string & {})>[];
  /** Clarification actions (OPStatusAction), one `cac:Status` each. */
  actions: Clarification<ActionCode | (string & {})>[];
  /** Clarifications without a code. */
  texts?: UncodedClarification[];
  /** A note on the whole response (`cbc:Note`). */
  note?: string;
  /** The date the status takes effect (`cbc:EffectiveDate`), YYYY-MM-DD. */
  effectiveDate?: string;
  /** The amount paid so far, for a partial payment (PD with PPD): a decimal string, e.g. `"1250.00"`. */
  paidAmount?: string;
  /** ISO 4217 currency of `paidAmount`. */
  currency?: string;
}

export interface Violation {
  /** The T111 rule that fires on the XML (`PEPPOL-T111-…`, `PEPPOL-COMMON-…`), or a hub rule (`HUB-IR-…`). */
  ruleId: string;
  /** `fatal` refuses the request; `warning` is what T111 only warns about. */
  flag: 'fatal' | 'warning';
  /** Which field, e.g. `reasons[1].code`. */
  field: string;
  message: string;
}

export interface CheckContext {
  /** The Authority has reopened the invoice after a rejection: RE is then no longer final. */
  reopenedByAuthority?: boolean;
}

/** Characters XML 1.0 cannot carry at all, not even as a character reference. */
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a text holds characters that XML 1.0 cannot represent. */
export function hasNonXmlCharacters(s: string): boolean {
  return NOT_XML.test(s);
}

/** An amount as the hub writes it: a positive decimal with at most two decimals. */
const AMOUNT = /^\d{1,15}(\.\d{1,2})?$/;

export function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The text of the partial-payment clarification the builder writes when only an amount is given. */
export function paidAmountText(amount: string, currency: string): string {
  return `Paid amount: ${amount} ${currency}`;
}

/**
 * Every violation of the request, in field order. `previous` is the last status sent for the invoice
 * (none: nothing sent yet).
 */
export function checkStatusRequest(req: StatusRequest, previous?: ResponseCode | null, context: CheckContext = {}): Violation[] {
  const out: Violation[] = [];
  const v = (ruleId: string, field: string, message: string, flag: Violation['flag'] = 'fatal') => out.push({ ruleId, flag, field, message });
  const hub = (key: HubTextKey, field: string, values: Parameters<typeof hubMessage>[1] = {}) => v(HUB_TEXTS[key].ruleId, field, hubMessage(key, values).message);

  /** PEPPOL-COMMON-R001 (no empty element) and the characters XML cannot carry, for every text written. */
  const text = (field: string, s: string | undefined) => {
    if (s === undefined) return;
    if (s.trim() === '') v('PEPPOL-COMMON-R001', field, `${field} is empty: an Invoice Response must not contain empty elements (leave the field out instead).`);
    if (hasNonXmlCharacters(s)) hub('irCharacters', field, { field });
  };
  const conditions = (field: string, cs: ResponseCondition[] | undefined) => {
    (cs ?? []).forEach((c, i) => {
      const f = `${field}.conditions[${i}]`;
      if (typeof c.attributeId !== 'string') v('PEPPOL-T111-B03601', `${f}.attributeId`, `${f} has no attribute identifier (the invoice field concerned, e.g. BT-13).`);
      else text(`${f}.attributeId`, c.attributeId);
      text(`${f}.description`, c.description);
    });
  };

  // The status itself.
  const code = req.code;
  const known = isResponseCode(code);
  text('code', code);
  if (!known) v('PEPPOL-T111-B03001', 'code', `"${code}" is not an invoice status code of the UNCL4343 subset (${RESPONSE_CODES.join(', ')}).`);
  if (req.effectiveDate !== undefined && !isDate(req.effectiveDate)) hub('irDate', 'effectiveDate', { date: req.effectiveDate });
  text('note', req.note);

  // Clarifications.
  req.reasons.forEach((r, i) => {
    const f = `reasons[${i}]`;
    text(`${f}.code`, r.code);
    if (!isReasonCode(r.code)) v('PEPPOL-T111-R007', `${f}.code`, `"${r.code}" is not a clarification reason code (list OPStatusReason).`);
    text(`${f}.text`, r.text);
    conditions(f, r.conditions);
    if (r.code === 'OTH' && r.text === undefined) v('PEPPOL-T111-R002', `${f}.text`, 'The reason "other" (OTH) should be explained in a clarification text.', 'warning');
    if (r.code === 'PPD') {
      // The builder writes the amount text when it has an amount and its currency.
      if (r.text === undefined && (req.paidAmount === undefined || req.currency === undefined)) {
        v('PEPPOL-T111-R004', `${f}.text`, 'A partial payment (PPD) needs a clarification text, or the paid amount and its currency from which the hub writes one.');
      }
      if (code !== 'PD') v('PEPPOL-T111-R005', `${f}.code`, `The reason "partially paid" (PPD) is used only with status PD, not ${code}.`);
    }
  });
  req.actions.forEach((a, i) => {
    const f = `actions[${i}]`;
    text(`${f}.code`, a.code);
    if (!isActionCode(a.code)) v('PEPPOL-T111-R006', `${f}.code`, `"${a.code}" is not a clarification action code (list OPStatusAction).`);
    text(`${f}.text`, a.text);
    conditions(f, a.conditions);
    if (a.code === 'OTH' && a.text === undefined) v('PEPPOL-T111-R002', `${f}.text`, 'The action "other" (OTH) should be explained in a clarification text.', 'warning');
  });
  (req.texts ?? []).forEach((t, i) => {
    text(`texts[${i}].text`, t.text);
    conditions(`texts[${i}]`, t.conditions);
  });
  if (known && NEEDS_CLARIFICATION.includes(code) && req.reasons.length + req.actions.length === 0) {
    v('PEPPOL-T111-R001', 'reasons', `Status ${code} needs at least one clarification code (a reason or an action).`);
  }

  // The paid amount (hub rules: T111 has no amount element; the amount goes into the PPD clarification text).
  if (req.paidAmount !== undefined) {
    if (!AMOUNT.test(req.paidAmount) || new Decimal(req.paidAmount).lte(0)) {
      hub('irAmount', 'paidAmount', { amount: req.paidAmount });
    }
    if (!req.reasons.some((r) => r.code === 'PPD')) hub('irAmountWithoutPpd', 'paidAmount');
    if (req.currency === undefined) hub('irCurrencyMissing', 'currency');
  }
  if (req.currency !== undefined) {
    if (!/^[A-Z]{3}$/.test(req.currency)) hub('irCurrencyInvalid', 'currency', { currency: req.currency });
    if (req.paidAmount === undefined) hub('irCurrencyWithoutAmount', 'currency');
  }

  // The sequence (hub rules).
  if (known && previous !== undefined && previous !== null) {
    if (!isResponseCode(previous)) hub('irPrevious', 'code', { previous: String(previous) });
    else if (!allowedAfter(previous, context).includes(code)) {
      if (code === 'AB') hub('irAckFirst', 'code', { previous });
      else if (previous === 'RE') hub('irRejectedFinal', 'code');
      else if (previous === 'PD') hub('irPaidFinal', 'code', { code });
      else hub('irOrder', 'code', { code, previous, allowed: allowedAfter(previous, context).join(', ') || NONE_ALLOWED });
    }
  }
  return out;
}

/** The statuses that may follow `previous`. */
export function allowedAfter(previous: ResponseCode | null, context: CheckContext = {}): readonly ResponseCode[] {
  if (previous === null) return transitions.none;
  if (previous === 'RE' && context.reopenedByAuthority) return afterReopening;
  return transitions[previous];
}

/** Whether the request may be sent (no fatal violation). */
export function isSendable(violations: Violation[]): boolean {
  return !violations.some((x) => x.flag === 'fatal');
}
