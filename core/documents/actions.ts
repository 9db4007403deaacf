/**
 * The Authority's actions on documents (the console, its JSON API). Each one is a compare-and-set
 * transition of the document (`transition`) whose event records the staff member as actor, with the
 * staff audit row written in the same transaction: an action either happened and is audited, or did
 * not happen at all.
 *
 *  - reprocess: back to the input state of the stage that has to run again — `received` (validate
 *    again: new rule pack) from rejected / duplicate / validate_failed; `validated` (route again:
 *    directory fixed) from unroutable / route_failed; `routed` from render_failed; `rendered` from
 *    dispatch_failed. A document stuck in a stage's input state stays there and is enqueued again.
 *  - route to a chosen body (reason required): unroutable / route_failed / validated → `routed`
 *    with that body; the render and dispatch stages take it from there.
 *  - reject definitively (reason required): any state before delivery → `rejected`; a Peppol
 *    document then gets its MLS (core/mls/) with the reason.
 *  - mark handled (note required): the document leaves the error queues while its state stays the
 *    one it was marked in; an event records the note.
 *  - reopen (reason required): a document whose last status from the body is RE (final) is reopened, so
 *    the body may set a status again (IP, UQ, CA, RE, AP, PD; core/invoice-response's sequence rule).
 *  - redeliver (reason required; the dead-letters queue): dispatch's redelivery (passed in as
 *    `redeliver`, core/dispatch/operations.ts) — a delivered / acknowledged document is pushed again to its
 *    body's webhooks and shows as new in its inbox; a dispatch_failed one goes back to `rendered`.
 *
 * After an action that leaves the document in a stage's input state, the caller's `enqueue` runs
 * that stage (the HTTP side passes the job queues; without one, a worker's reconciler picks it up).
 */
import * as repo from '../../db/repositories/console';
import * as responses from '../../db/repositories/responses';
import type { Database, Store } from '../store';
import { audit } from '../accounts/staff';
import { currentBody } from '../directory/view';
import { CoreError, STATUS_OF_KIND } from '../errors';
import { stageFor, type DocumentState, type StageName } from './states';
import { getDocument, transition, type DocumentSet } from './store';

export const ACTIONS = ['reprocess', 'route', 'reject', 'handled', 'redeliver', 'reopen'] as const;
export type ActionName = (typeof ACTIONS)[number];

export function isAction(v: unknown): v is ActionName {
  return typeof v === 'string' && (ACTIONS as readonly string[]).includes(v);
}

/**
 * Dispatch's redelivery (core/dispatch/operations.ts `redeliverDocument`), passed in: dispatch builds
 * on the document store, so the document store does not call it directly. It refuses with a CoreError.
 */
export type RedeliverFn = (store: Pick<Store, 'db'>, documentId: string, input: { actor: string; reason: string; at: Date; also: (tx: Database) => Promise<void> }) => Promise<{ state: DocumentState }>;

export interface ActionDeps {
  store: Pick<Store, 'db'>;
  clock: () => Date;
  redeliver: RedeliverFn;
  /** Puts a stage's job in the queue (absent: a worker's reconciler will). Its failure does not undo the action. */
  enqueue?: (stage: StageName, documentId: string) => Promise<void>;
}

export interface ActionInput {
  /** `staff:<login>`, or `admin` / `token:<id>` (API with an authority token). */
  actor: string;
  reason?: string;
  bodyId?: string;
}

export type ActionResult =
  | { id: string; ok: true; from: DocumentState; to: DocumentState; enqueued: string | null }
  | { id: string; ok: false; status: number; error: string };

const REPROCESS_TO: Partial<Record<DocumentState, DocumentState>> = {
  rejected: 'received', duplicate: 'received', validate_failed: 'received', received: 'received',
  unroutable: 'validated', route_failed: 'validated', validated: 'validated',
  render_failed: 'routed', routed: 'routed',
  dispatch_failed: 'rendered', rendered: 'rendered',
};

const ROUTABLE_FROM: readonly DocumentState[] = ['unroutable', 'route_failed', 'validated'];
const NOT_REJECTABLE: readonly DocumentState[] = ['delivered', 'acknowledged', 'rejected'];
const CHANGED = 'the document changed meanwhile; reload and try again';

function fail(id: string, status: number, error: string): ActionResult {
  return { id, ok: false, status, error };
}

async function enqueueFor(deps: ActionDeps, state: DocumentState, id: string): Promise<string | null> {
  const stage = stageFor(state);
  if (stage === undefined || deps.enqueue === undefined) return null;
  try {
    await deps.enqueue(stage.name, id);
    return stage.name;
  } catch {
    return null; // the queue is unavailable: the database says what to do, the reconciler will enqueue
  }
}

interface Ctx { deps: ActionDeps; id: string; from: DocumentState; reason: string; input: ActionInput; at: Date; action: ActionName }

/** The staff audit row of the action, written inside the transition's transaction. */
function auditRow(c: Ctx, details: Record<string, unknown>): (tx: Database) => Promise<void> {
  return (tx) => audit({ db: tx }, c.input.actor, c.action, `document:${c.id}`, { from: c.from, ...details }, c.at);
}

async function move(c: Ctx, to: DocumentState, o: { type: string; details: Record<string, unknown>; set?: DocumentSet; also?: (tx: Database) => Promise<void>; audit: Record<string, unknown> }): Promise<boolean> {
  const tr = await transition(c.deps.store, c.id, {
    from: c.from, to, actor: c.input.actor, at: c.at, type: o.type, details: o.details, set: o.set,
    also: async (tx) => {
      await o.also?.(tx);
      await auditRow(c, o.audit)(tx);
    },
  });
  return tr.changed;
}

async function reprocess(c: Ctx): Promise<ActionResult> {
  const to = REPROCESS_TO[c.from];
  if (to === undefined) return fail(c.id, 409, `a document in state ${c.from} cannot be reprocessed`);
  const changed = await move(c, to, {
    type: 'reprocess', details: { action: c.action, reason: c.reason || null },
    set: to === 'received' ? { lastError: null, duplicateOf: null } : { lastError: null }, audit: { to, reason: c.reason || null },
  });
  if (!changed) return fail(c.id, 409, CHANGED);
  return { id: c.id, ok: true, from: c.from, to, enqueued: await enqueueFor(c.deps, to, c.id) };
}

async function route(c: Ctx): Promise<ActionResult> {
  if (c.reason === '') return fail(c.id, 400, 'a reason is required');
  const bodyId = (c.input.bodyId ?? '').trim();
  if (bodyId === '') return fail(c.id, 400, 'choose the body to route to');
  const body = await currentBody(c.deps.store, bodyId);
  if (body === undefined) return fail(c.id, 400, `unknown body "${bodyId.slice(0, 80)}"`);
  if (body.status !== 'active') return fail(c.id, 400, `body ${bodyId} is retired`);
  if (!ROUTABLE_FROM.includes(c.from)) return fail(c.id, 409, `a document in state ${c.from} cannot be routed by hand`);
  const changed = await move(c, 'routed', {
    type: 'route-manual', details: { action: c.action, bodyId, reason: c.reason, manual: true },
    set: { resolvedBodyId: bodyId, lastError: null }, audit: { to: 'routed', bodyId, reason: c.reason },
  });
  if (!changed) return fail(c.id, 409, CHANGED);
  return { id: c.id, ok: true, from: c.from, to: 'routed', enqueued: await enqueueFor(c.deps, 'routed', c.id) };
}

async function reject(c: Ctx): Promise<ActionResult> {
  if (c.reason === '') return fail(c.id, 400, 'a reason is required');
  if (NOT_REJECTABLE.includes(c.from)) return fail(c.id, 409, `a document in state ${c.from} cannot be rejected`);
  const changed = await move(c, 'rejected', {
    type: 'reject-manual', details: { action: c.action, reason: c.reason, manual: true },
    set: { lastError: `Rejected by the Peppol Authority: ${c.reason}` }, audit: { to: 'rejected', reason: c.reason },
  });
  if (!changed) return fail(c.id, 409, CHANGED);
  return { id: c.id, ok: true, from: c.from, to: 'rejected', enqueued: null };
}

async function handled(c: Ctx): Promise<ActionResult> {
  if (c.reason === '') return fail(c.id, 400, 'a note is required');
  const changed = await move(c, c.from, {
    type: 'handled', details: { action: c.action, note: c.reason },
    also: async (tx) => {
      await repo.markHandled(tx, { documentId: c.id, state: c.from, at: c.at.toISOString(), actor: c.input.actor, note: c.reason });
      await responses.markInvalidHandled(tx, c.id, c.at.toISOString()); // its invalid Invoice Responses leave their queue too
    },
    audit: { note: c.reason },
  });
  if (!changed) return fail(c.id, 409, CHANGED);
  return { id: c.id, ok: true, from: c.from, to: c.from, enqueued: null };
}

async function redeliver(c: Ctx): Promise<ActionResult> {
  if (c.reason === '') return fail(c.id, 400, 'a reason is required');
  const to: DocumentState = c.from === 'dispatch_failed' ? 'rendered' : 'delivered';
  try {
    const out = await c.deps.redeliver(c.deps.store, c.id, { actor: c.input.actor, reason: c.reason, at: c.at, also: auditRow(c, { to, reason: c.reason }) });
    return { id: c.id, ok: true, from: c.from, to: out.state, enqueued: out.state === 'rendered' ? await enqueueFor(c.deps, 'rendered', c.id) : null };
  } catch (err) {
    if (!(err instanceof CoreError)) throw err;
    return fail(c.id, STATUS_OF_KIND[err.kind], err.slug === 'conflict' ? CHANGED : err.detail);
  }
}

/** The last status the body set was RE (final): the Authority reopens it, so the body may set another (the rule's context). */
async function reopen(c: Ctx): Promise<ActionResult> {
  if (c.reason === '') return fail(c.id, 400, 'a reason is required');
  const last = (await responses.responsesOf(c.deps.store.db, c.id)).at(-1);
  if (last === undefined || last.code !== 'RE') return fail(c.id, 409, 'only a document whose last status is a rejection (RE) can be reopened');
  if ((await responses.reopeningsOf(c.deps.store.db, c.id)).some((r) => r.responseId === last.id)) return fail(c.id, 409, 'this rejection is already reopened');
  const changed = await move(c, c.from, {
    type: 'response.reopened', details: { action: c.action, reason: c.reason, responseId: last.id },
    also: (tx) => responses.insertReopening(tx, { documentId: c.id, at: c.at.toISOString(), actor: c.input.actor, reason: c.reason, responseId: last.id }),
    audit: { reason: c.reason, responseId: last.id },
  });
  if (!changed) return fail(c.id, 409, CHANGED);
  return { id: c.id, ok: true, from: c.from, to: c.from, enqueued: null };
}

const RUN: Record<ActionName, (c: Ctx) => Promise<ActionResult>> = { reprocess, route, reject, handled, redeliver, reopen };

export async function applyAction(deps: ActionDeps, action: ActionName, documentId: string, input: ActionInput): Promise<ActionResult> {
  const doc = await getDocument(deps.store, documentId);
  if (doc === undefined) return fail(documentId, 404, 'unknown document');
  const ctx: Ctx = { deps, id: documentId, from: doc.state as DocumentState, reason: (input.reason ?? '').trim().slice(0, 2000), input, at: deps.clock(), action };
  return RUN[action](ctx);
}

/** The same action on several documents; each one succeeds or fails on its own. */
export async function applyBulk(deps: ActionDeps, action: ActionName, ids: readonly string[], input: ActionInput): Promise<ActionResult[]> {
  const out: ActionResult[] = [];
  for (const id of [...new Set(ids)].slice(0, 500)) out.push(await applyAction(deps, action, id, input));
  return out;
}
