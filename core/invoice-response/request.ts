/**
 * A status as a body sends it in JSON (the pull API, the web inbox's form, a bulk CSV line) → the
 * `StatusRequest` the rules check, and the request's idempotency key.
 *
 * JSON: `{ code, reasons?, actions?, note?, effectiveDate?, paidAmount?, currency? }`. A reason or an
 * action is a code (`"REF"`), the hub's shape `{ code, text?, conditions? }`, or the specification's
 * (`cac:Status`) `{ StatusReasonCode, StatusReason?, Condition? }` with `Condition` `{ AttributeID,
 * Description? }`. Anything of another type is a 400 `bad-status-request` naming the field.
 */
import crypto from 'node:crypto';
import { CoreError } from '../errors';
import type { Clarification, ResponseCondition, StatusRequest } from './rules';

const bad = (detail: string): CoreError => new CoreError('invalid', 'bad-status-request', 'Bad status request', detail);

const MAX_TEXT = 2000;

function str(v: unknown, field: string, max = MAX_TEXT): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw bad(`${field} must be a string`);
  if (v.length > max) throw bad(`${field} is longer than ${max} characters`);
  return v;
}

function conditionsOf(v: unknown, field: string): ResponseCondition[] | undefined {
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v) ? v : [v];
  if (list.length > 20) throw bad(`${field}: at most 20 conditions`);
  return list.map((c: unknown, i) => {
    if (typeof c !== 'object' || c === null) throw bad(`${field}[${i}] must be an object`);
    const o = c as Record<string, unknown>;
    const attributeId = str(o.attributeId ?? o.AttributeID, `${field}[${i}].attributeId`, 200);
    const description = str(o.description ?? o.Description, `${field}[${i}].description`);
    return { attributeId: attributeId as string, ...(description !== undefined ? { description } : {}) };
  });
}

function clarificationsOf(v: unknown, field: string): Clarification[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw bad(`${field} must be a list`);
  if (v.length > 20) throw bad(`${field}: at most 20 entries`);
  return v.map((x: unknown, i) => {
    const f = `${field}[${i}]`;
    if (typeof x === 'string') return { code: x };
    if (typeof x !== 'object' || x === null) throw bad(`${f} must be a code or an object { code, text }`);
    const o = x as Record<string, unknown>;
    const code = str(o.code ?? o.StatusReasonCode, `${f}.code`, 10);
    if (code === undefined) throw bad(`${f} has no code`);
    const text = str(o.text ?? o.StatusReason, `${f}.text`);
    const conditions = conditionsOf(o.conditions ?? o.Condition, `${f}.conditions`);
    return { code, ...(text !== undefined ? { text } : {}), ...(conditions ? { conditions } : {}) };
  });
}

/** The JSON body of a status request; `currency` defaults to the invoice's when a paid amount is given. */
export function requestFromJson(body: unknown, invoiceCurrency: string | null): StatusRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('The body must be a JSON object { code, reasons, actions, note, paidAmount }.');
  const b = body as Record<string, unknown>;
  const code = str(b.code, 'code', 10);
  if (code === undefined) throw bad('code is required (AB, IP, UQ, CA, RE, AP, PD).');
  const note = str(b.note, 'note');
  const effectiveDate = str(b.effectiveDate, 'effectiveDate', 10);
  const amount = b.paidAmount;
  if (typeof amount === 'number') throw bad('paidAmount must be a decimal string ("1250.00"), not a number.');
  const paidAmount = str(amount, 'paidAmount', 20);
  const currency = str(b.currency, 'currency', 3) ?? (paidAmount !== undefined && invoiceCurrency !== null ? invoiceCurrency : undefined);
  return {
    code, reasons: clarificationsOf(b.reasons, 'reasons'), actions: clarificationsOf(b.actions, 'actions'),
    ...(note !== undefined ? { note } : {}), ...(effectiveDate !== undefined ? { effectiveDate } : {}),
    ...(paidAmount !== undefined ? { paidAmount } : {}), ...(currency !== undefined ? { currency } : {}),
  };
}

/** The request as stored and compared: keys in a fixed order, absent fields left out. */
export function canonicalRequest(r: StatusRequest): Record<string, unknown> {
  const c = (x: Clarification): Record<string, unknown> => ({ code: x.code, ...(x.text !== undefined ? { text: x.text } : {}), ...(x.conditions ? { conditions: x.conditions.map((k) => ({ attributeId: k.attributeId, ...(k.description !== undefined ? { description: k.description } : {}) })) } : {}) });
  return {
    code: r.code, reasons: r.reasons.map(c), actions: r.actions.map(c),
    ...(r.texts && r.texts.length > 0 ? { texts: r.texts.map((t) => ({ text: t.text, ...(t.conditions ? { conditions: t.conditions } : {}) })) } : {}),
    ...(r.note !== undefined ? { note: r.note } : {}), ...(r.effectiveDate !== undefined ? { effectiveDate: r.effectiveDate } : {}),
    ...(r.paidAmount !== undefined ? { paidAmount: r.paidAmount } : {}), ...(r.currency !== undefined ? { currency: r.currency } : {}),
  };
}

/**
 * The idempotency key of a request: `key:<Idempotency-Key>` when the caller gave one (1–200 visible
 * characters), else `sha256:<hash of the content>` — the request's canonical JSON, or the XML's bytes.
 */
export function idempotencyKeyOf(header: string | undefined, content: Record<string, unknown> | Buffer): string {
  if (header !== undefined && header.trim() !== '') {
    const k = header.trim();
    if (k.length > 200 || !/^[\x21-\x7e]+$/.test(k)) throw bad('Idempotency-Key must be 1 to 200 visible ASCII characters.');
    return `key:${k}`;
  }
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(JSON.stringify(content), 'utf8');
  return `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
}

/** A stored request back as a `StatusRequest`. */
export function requestOf(stored: Record<string, unknown>): StatusRequest {
  return stored as unknown as StatusRequest;
}
