/**
 * Setting a status on a document delivered to a body: the rules of T111 and the hub's sequence
 * (`checkStatusRequest`, a 422 naming the rule), the Invoice Response built by the hub (sender: the
 * body's Peppol identifier; receiver: the seller's BT-34; the invoice referenced) — or the body's own
 * response, already checked — validated by the hub's engine against the T111 pack before it is
 * stored, then in ONE transaction (the document's `transition`, so the event records who did it):
 * the status row, the response file, the Peppol outbox entry (documents received over Peppol), the
 * `document.status_changed` pushes to the body's webhooks, and the document and its inbox item
 * `acknowledged`. A response that does not pass is stored `invalid` with its findings: never sent,
 * listed in the console's queue; the status itself stands (it is the body's decision).
 *
 * Idempotent: a request whose key (`Idempotency-Key`, else its content) was already seen on the
 * document returns the status it made, and nothing else happens.
 */
import crypto from 'node:crypto';
import { isUniqueViolation } from '../../db/client';
import * as dispatchRepo from '../../db/repositories/dispatch';
import * as repo from '../../db/repositories/responses';
import type { DocumentResponseRow } from '../../db/repositories/responses';
import { readInvoice } from '../../model';
import type { ValidateOptions, ValidationReport } from '../../validation/types';
import { webhooksFor } from '../dispatch/bodies';
import { createDeliveries } from '../dispatch/deliver';
import { acknowledge, loadVisible, type InboxItemRow, type Viewer } from '../documents/inbox';
import { attachFile, type DocumentRow, transition } from '../documents/store';
import { CoreError } from '../errors';
import { addToOutbox } from '../outbox';
import type { Database, Store } from '../store';
import { buildInvoiceResponseBytes, fromInvoice, InvoiceResponseBuildError } from './build';
import type { ResponseCode } from './codes';
import { parseInvoiceResponse } from './parse';
import { invoiceResponseSbdh, luxDateTime, senderParty } from './party';
import { canonicalRequest } from './request';
import { checkStatusRequest, type StatusRequest, type Violation } from './rules';

export type ValidateFn = (bytes: Buffer, opts?: ValidateOptions) => Promise<ValidationReport>;

export interface ResponseDeps {
  store: Store;
  /** The hub's validation (the CPU pool's, or inline). */
  validate: ValidateFn;
  clock: () => Date;
}

export type Via = 'api' | 'api-xml' | 'api-bulk' | 'web' | 'web-bulk' | 'ack';
export const STATUS_EVENT = 'document.status_changed';

/** A status as the hub stores it (one row of `document_responses`). */
export type StatusRow = DocumentResponseRow;

export interface StatusContext {
  item: InboxItemRow;
  doc: DocumentRow;
  rows: StatusRow[];
  previous: ResponseCode | null;
  /** The Authority reopened the last rejection. */
  reopened: boolean;
}

/** The document (visible to the viewer: else a 404), its statuses, the last one and whether a rejection was reopened. */
export async function statusContext(store: Store, viewer: Viewer, documentId: string): Promise<StatusContext> {
  const { item, doc } = await loadVisible(store, viewer, documentId);
  return { item, doc, ...(await sequenceOf(store, doc.id)) };
}

async function sequenceOf(store: Pick<Store, 'db'>, documentId: string): Promise<{ rows: StatusRow[]; previous: ResponseCode | null; reopened: boolean }> {
  const rows = await repo.responsesOf(store.db, documentId);
  const last = rows.at(-1);
  const reopened = last !== undefined && last.code === 'RE' && (await repo.reopeningsOf(store.db, documentId)).some((r) => r.responseId === last.id);
  return { rows, previous: (last?.code ?? null) as ResponseCode | null, reopened };
}

/** The violations of a request on this document (fatal ones refuse it). */
export function violationsOf(request: StatusRequest, ctx: Pick<StatusContext, 'previous' | 'reopened'>): Violation[] {
  return checkStatusRequest(request, ctx.previous, { reopenedByAuthority: ctx.reopened });
}

/** A 422 naming the first fatal rule, with every violation. */
export function refusal(violations: Violation[]): CoreError {
  const fatal = violations.filter((v) => v.flag === 'fatal');
  const first = fatal[0]!;
  return new CoreError('unprocessable', 'status-refused', `Status refused (${first.ruleId})`, `${first.ruleId}: ${first.message}`, { ruleId: first.ruleId, violations });
}

interface Prepared {
  id: string;
  bytes: Buffer | null;
  state: 'valid' | 'invalid';
  findings: Record<string, unknown>[];
  checkedWith: string | null;
  senderId: string | null;
  receiverId: string | null;
}

const hubFinding = (ruleId: string, message: string): Record<string, unknown> => ({ source: 'hub', ruleId, flag: 'fatal', location: '/', message });

/** Builds the response of a request (or takes the body's own) and validates it against T111. */
async function prepare(deps: ResponseDeps, ctx: StatusContext, request: StatusRequest, own: SetStatusInput['own'], at: Date): Promise<Prepared> {
  const id = crypto.randomUUID();
  if (own !== undefined) return { id, bytes: own.xml, state: 'valid', findings: [], checkedWith: own.checkedWith, senderId: null, receiverId: null };
  const none = { id, bytes: null, state: 'invalid' as const, checkedWith: null, senderId: null, receiverId: null };
  const { date, time } = luxDateTime(at);
  const sender = await senderParty(deps.store, ctx.item.bodyId, ctx.doc.buyerEndpointId ?? ctx.doc.receiverId, date);
  if (sender === null) return { ...none, findings: [hubFinding('HUB-IR-NO-SENDER', `Body ${ctx.item.bodyId} has no Peppol participant identifier in the directory: the response has no sender.`)] };
  let bytes: Buffer;
  let receiverId: string;
  try {
    const ref = fromInvoice(readInvoice(await deps.store.blobs.get(ctx.doc.payloadSha256)));
    bytes = buildInvoiceResponseBytes({ id, issueDate: date, issueTime: time, sender, receiver: ref.receiver, invoice: ref.invoice, status: request });
    const r = ref.receiver.endpoint;
    receiverId = typeof r === 'string' ? r : `${r.scheme}:${r.value}`;
  } catch (err) {
    if (err instanceof InvoiceResponseBuildError) return { ...none, findings: [hubFinding('HUB-IR-BUILD', err.message)] };
    throw err;
  }
  const senderId = typeof sender.endpoint === 'string' ? sender.endpoint : `${sender.endpoint.scheme}:${sender.endpoint.value}`;
  const report = await deps.validate(bytes, { scenario: 'peppol-invoice-response', date: luxDateTime(at).date });
  const fatal = report.findings.filter((f) => f.flag === 'fatal');
  return {
    id, bytes, state: report.valid && fatal.length === 0 ? 'valid' : 'invalid', findings: fatal as unknown as Record<string, unknown>[],
    checkedWith: report.packs.map((p) => `${p.id}@${p.version}`).join(',') || 'peppol-invoice-response', senderId, receiverId,
  };
}

/** How the supplier hears of it: over Peppol (to the provider that sent the invoice), by mail, on the portal's status page, or not at all. */
async function deliveryOf(store: Pick<Store, 'db'>, doc: DocumentRow): Promise<{ delivery: 'peppol' | 'mail' | 'portal' | 'none'; email: string | null }> {
  if (doc.channel === 'peppol' && doc.sendingAp !== null) return { delivery: 'peppol', email: null };
  const a = await repo.submitterAddress(store.db, doc.id);
  if (a !== undefined) return { delivery: 'mail', email: a.email };
  return { delivery: doc.channel.startsWith('portal') ? 'portal' : 'none', email: null };
}

export interface SetStatusInput {
  viewer: Viewer;
  documentId: string;
  request: StatusRequest;
  via: Via;
  idempotencyKey: string;
  /** The body's own Invoice Response, already checked (XML Schema and T111, reference, sender: `ownResponse`). */
  own?: { xml: Buffer; checkedWith: string };
  /** The event's type (default `invoice-response`; the acknowledgement keeps `inbox.ack`). */
  eventType?: string;
}

export interface SetStatusResult {
  status: StatusRow;
  /** false: the same request was already made (idempotent repeat). */
  created: boolean;
  violations: Violation[];
}

/** Sets a status (see the module's comment); refusals are CoreErrors (404, 409 `not-answerable`/`conflict`, 422 `status-refused`). */
export async function setStatus(deps: ResponseDeps, input: SetStatusInput): Promise<SetStatusResult> {
  const { store } = deps;
  const ctx = await statusContext(store, input.viewer, input.documentId);
  const again = await repo.responseByKey(store.db, ctx.doc.id, input.idempotencyKey);
  if (again !== undefined) return { status: again, created: false, violations: [] };
  if (ctx.doc.state !== 'delivered' && ctx.doc.state !== 'acknowledged') throw notAnswerable(ctx.doc.state);
  const violations = violationsOf(input.request, ctx);
  if (violations.some((v) => v.flag === 'fatal')) throw refusal(violations);
  const at = deps.clock();
  const p = await prepare(deps, ctx, input.request, input.own, at);
  const sha = p.bytes === null ? null : await store.blobs.put(p.bytes);
  const { delivery, email } = await deliveryOf(store, ctx.doc);
  let row: StatusRow | undefined;
  try {
    const tr = await transition(store, ctx.doc.id, {
      from: ['delivered', 'acknowledged'], to: 'acknowledged', actor: input.viewer.actor, at, type: input.eventType ?? 'invoice-response',
      decide: async (tx) => {
        const now = await sequenceOf({ db: tx }, ctx.doc.id);
        if (now.previous !== ctx.previous || now.reopened !== ctx.reopened) throw new CoreError('conflict', 'conflict', 'Conflict', 'Another status was set on this document meanwhile; read its statuses and try again.');
        return {};
      },
      details: {
        via: input.via, bodyId: ctx.item.bodyId, code: input.request.code, previous: ctx.previous, reasons: input.request.reasons.map((r) => r.code), actions: input.request.actions.map((a) => a.code),
        responseId: p.id, responseState: p.state, delivery,
      },
      also: async (tx, current) => {
        row = await repo.insertResponse(tx, {
          id: p.id, documentId: ctx.doc.id, bodyId: ctx.item.bodyId, code: input.request.code, request: canonicalRequest(input.request), actor: input.viewer.actor, via: input.via,
          idempotencyKey: input.idempotencyKey, createdAt: at.toISOString(), responseState: p.state, sha256: sha, checkedWith: p.checkedWith, findings: p.findings,
          delivery, notifyEmail: email, outboxId: null,
        });
        if (current.state === 'delivered') await dispatchRepo.markAcknowledged(tx, ctx.item.seq, at.toISOString());
        if (sha !== null && p.bytes !== null) await attachFile(tx, ctx.doc.id, `invoice-response-${row.seq}`, sha, p.bytes.length, 'application/xml', at.toISOString());
        if (p.state === 'valid' && delivery === 'peppol' && sha !== null) row = await toOutbox(tx, ctx, row, p, sha, at);
        await pushStatusChanged(tx, ctx, row, at);
      },
    });
    if (!tr.changed) throw notAnswerable(tr.state);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const dup = await repo.responseByKey(store.db, ctx.doc.id, input.idempotencyKey);
    if (dup === undefined) throw err;
    return { status: dup, created: false, violations: [] };
  }
  return { status: row!, created: true, violations };
}

const notAnswerable = (state: string): CoreError => new CoreError('conflict', 'not-answerable', 'Cannot set a status', `The document is ${state}: statuses are set on delivered documents.`);

async function toOutbox(tx: Database, ctx: StatusContext, row: StatusRow, p: Prepared, sha: string, at: Date): Promise<StatusRow> {
  const own = p.senderId === null || p.receiverId === null ? ownParties(p.bytes) : null;
  const senderId = p.senderId ?? own!.sender;
  const receiverId = p.receiverId ?? own!.receiver;
  const outboxId = await addToOutbox(tx, {
    id: crypto.randomUUID(), kind: 'invoice-response', documentId: ctx.doc.id, responseCode: row.code, sha256: sha, receiverAp: ctx.doc.sendingAp,
    referenceId: ctx.doc.instanceId ?? ctx.doc.as4MessageId ?? ctx.doc.id, checkedWith: p.checkedWith ?? 'peppol-invoice-response',
    sbdh: invoiceResponseSbdh(senderId, receiverId), at,
  });
  await repo.setOutbox(tx, row.id, outboxId);
  return { ...row, outboxId };
}

/** The parties of the body's own response (its SenderParty and ReceiverParty endpoints). */
function ownParties(bytes: Buffer | null): { sender: string; receiver: string } {
  const parsed = parseInvoiceResponse(bytes ?? Buffer.alloc(0));
  const id = (e: typeof parsed.sender.endpoint): string => (typeof e === 'string' ? e : `${e.scheme}:${e.value}`);
  return { sender: id(parsed.sender.endpoint), receiver: id(parsed.receiver.endpoint) };
}

/** One `document.status_changed` delivery per active webhook of the body, with its payload. */
async function pushStatusChanged(tx: Database, ctx: StatusContext, row: StatusRow, at: Date): Promise<void> {
  const hooks = await webhooksFor(tx, ctx.item.bodyId);
  if (hooks.length === 0) return;
  const ids = await createDeliveries(tx, ctx.doc.id, ctx.item.bodyId, hooks, at);
  const data = { documentId: ctx.doc.id, bodyId: ctx.item.bodyId, previous: ctx.previous, status: statusJson(row), links: { document: `/inbox/v1/documents/${ctx.doc.id}`, responses: `/inbox/v1/documents/${ctx.doc.id}/responses` } };
  for (const id of ids) await repo.insertStatusEvent(tx, id, STATUS_EVENT, data);
}

/** A status as the APIs and webhooks show it. */
export function statusJson(r: StatusRow): Record<string, unknown> {
  const q = r.request as Partial<StatusRequest>;
  return {
    id: r.id, code: r.code, reasons: q.reasons ?? [], actions: q.actions ?? [], note: q.note ?? null, effectiveDate: q.effectiveDate ?? null,
    paidAmount: q.paidAmount ?? null, currency: q.currency ?? null, setAt: r.createdAt, setBy: r.actor, via: r.via,
    response: {
      state: r.responseState, checkedWith: r.checkedWith, findings: r.findings, delivery: r.delivery, outboxId: r.outboxId,
      notifiedAt: r.notifiedAt, xml: r.sha256 === null ? null : `/inbox/v1/documents/${r.documentId}/responses/${r.id}/xml`,
    },
  };
}

/** The statuses of a document the viewer sees, in order. */
export async function listStatuses(store: Store, viewer: Viewer, documentId: string): Promise<{ ctx: StatusContext; items: Record<string, unknown>[] }> {
  const ctx = await statusContext(store, viewer, documentId);
  return { ctx, items: ctx.rows.map(statusJson) };
}

/** The stored Invoice Response of one status of a visible document (404 otherwise). */
export async function responseXml(store: Store, viewer: Viewer, documentId: string, responseId: string): Promise<{ id: string; bytes: Buffer }> {
  const ctx = await statusContext(store, viewer, documentId);
  const row = ctx.rows.find((r) => r.id === responseId);
  if (row === undefined || row.sha256 === null) throw new CoreError('not-found', 'response-not-found', 'Response not found', `No Invoice Response ${responseId.slice(0, 64)} on this document.`);
  return { id: row.id, bytes: await store.blobs.get(row.sha256) };
}

/**
 * The body's acknowledgement (`POST …/ack`, the web inbox's button): status AB — its Invoice Response
 * to the supplier — with the document `delivered` → `acknowledged` (event `inbox.ack`). A document that
 * already has a status (redelivered since) is only acknowledged again, without a second AB.
 * Idempotent; 409 `not-acknowledgeable` in a state other than delivered / acknowledged.
 */
export async function acknowledgeWithStatus(deps: ResponseDeps, viewer: Viewer, documentId: string): Promise<{ status: 'acknowledged'; changed: boolean; response: StatusRow | null }> {
  const ctx = await statusContext(deps.store, viewer, documentId);
  if (ctx.doc.state === 'acknowledged') return { status: 'acknowledged', changed: false, response: null };
  if (ctx.doc.state !== 'delivered') throw new CoreError('conflict', 'not-acknowledgeable', 'Cannot acknowledge', `The document is ${ctx.doc.state}, not delivered.`);
  if (ctx.previous !== null) {
    const out = await acknowledge(deps.store, viewer, ctx.item, deps.clock());
    return { ...out, response: null };
  }
  const out = await setStatus(deps, { viewer, documentId, request: { code: 'AB', reasons: [], actions: [] }, via: viewer.via === 'web' ? 'web' : 'api', idempotencyKey: 'ack', eventType: 'inbox.ack' });
  return { status: 'acknowledged', changed: out.created, response: out.status };
}

/** The statuses of a document as the documents API shows them to its submitter (`GET /api/v1/documents/{id}`). */
export async function statusesOfDocument(store: Pick<Store, 'db'>, documentId: string): Promise<Record<string, unknown>[]> {
  return (await repo.responsesOf(store.db, documentId)).map((r) => {
    const j = statusJson(r);
    const response = j.response as Record<string, unknown>;
    return { ...j, setBy: undefined, response: { state: response.state, delivery: response.delivery, notifiedAt: response.notifiedAt } };
  });
}
