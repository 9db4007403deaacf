/**
 * The console's actions on documents. Each one is a compare-and-set transition of the document
 * (workers/stage-contract.ts `transition`) whose event records the staff member as actor, with the
 * staff audit row written in the same transaction: an action either happened and is audited, or
 * did not happen at all.
 *
 *  - reprocess: back to the input state of the stage that has to run again — `received` (validate
 *    again: new rule pack) from rejected / duplicate / validate_failed; `validated` (route again:
 *    directory fixed) from unroutable / route_failed; `routed` from render_failed; `rendered` from
 *    dispatch_failed. A document stuck in a stage's input state stays there and is enqueued again.
 *  - route to a chosen body (reason required): unroutable / route_failed / validated → `routed`
 *    with that body; the render and dispatch stages take it from there.
 *  - reject definitively (reason required): any state before delivery → `rejected`; a Peppol
 *    document then gets its MLS (workers/mls/) with the reason.
 *  - mark handled (note required): the document leaves the error queues while its state stays the
 *    one it was marked in; an event records the note.
 *  - redeliver (reason required; the dead-letters queue): the dispatch admin API's redelivery
 *    (workers/dispatch/operations.ts) — a delivered / acknowledged document is pushed again to its
 *    body's webhooks and shows as new in its inbox; a dispatch_failed one goes back to `rendered`.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { bodies, documentHandled } from '../../db/schema';
import type { PipelineQueues } from '../../workers/queues';
import { redeliverDocument } from '../../workers/dispatch/operations';
import { getDocument, transition, type DocumentState, type StageName } from '../../workers/stage-contract';
import { audit } from './staff';

export type ActionName = 'reprocess' | 'route' | 'reject' | 'handled' | 'redeliver';

export interface ActionDeps {
  db: Database;
  queues: PipelineQueues | null;
  available: ReadonlySet<StageName>;
  clock: () => Date;
}

export interface ActionInput {
  /** `staff:<login>` or `admin` / `token:<id>` (API with an authority token). */
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

const ROUTABLE_FROM: DocumentState[] = ['unroutable', 'route_failed', 'validated'];
const NOT_REJECTABLE: DocumentState[] = ['delivered', 'acknowledged', 'rejected'];

function fail(id: string, status: number, error: string): ActionResult {
  return { id, ok: false, status, error };
}

async function enqueue(deps: ActionDeps, state: DocumentState, id: string): Promise<string | null> {
  if (deps.queues === null) return null; // the reconciler of a worker process picks it up
  try {
    return await deps.queues.enqueueForState(state, id, deps.available);
  } catch {
    return null; // Redis unavailable: the database says what to do, the reconciler will enqueue
  }
}

export async function applyAction(deps: ActionDeps, action: ActionName, documentId: string, input: ActionInput): Promise<ActionResult> {
  const doc = getDocument(deps.db, documentId);
  if (doc === undefined) return fail(documentId, 404, 'unknown document');
  const from = doc.state as DocumentState;
  const reason = (input.reason ?? '').trim().slice(0, 2000);
  const at = deps.clock();
  const auditRow = (details: Record<string, unknown>) => (tx: Parameters<typeof audit>[0]) => audit(tx, input.actor, action, `document:${documentId}`, { from, ...details }, at);

  if (action === 'reprocess') {
    const to = REPROCESS_TO[from];
    if (to === undefined) return fail(documentId, 409, `a document in state ${from} cannot be reprocessed`);
    const tr = transition(deps.db, documentId, {
      from, to, actor: input.actor, at, type: 'reprocess', details: { action, reason: reason || null },
      set: to === 'received' ? { lastError: null, duplicateOf: null } : { lastError: null },
      also: auditRow({ to, reason: reason || null }),
    });
    if (!tr.changed) return fail(documentId, 409, 'the document changed meanwhile; reload and try again');
    return { id: documentId, ok: true, from, to, enqueued: await enqueue(deps, to, documentId) };
  }

  if (action === 'route') {
    if (reason === '') return fail(documentId, 400, 'a reason is required');
    const bodyId = (input.bodyId ?? '').trim();
    const body = bodyId === '' ? undefined : deps.db.select({ id: bodies.id, status: bodies.status }).from(bodies).where(eq(bodies.id, bodyId)).get();
    if (body === undefined) return fail(documentId, 400, `unknown body "${bodyId.slice(0, 80)}"`);
    if (body.status !== 'active') return fail(documentId, 400, `body ${bodyId} is retired`);
    if (!ROUTABLE_FROM.includes(from)) return fail(documentId, 409, `a document in state ${from} cannot be routed by hand`);
    const tr = transition(deps.db, documentId, {
      from, to: 'routed', actor: input.actor, at, type: 'route-manual', details: { action, bodyId, reason, manual: true },
      set: { resolvedBodyId: bodyId, lastError: null }, also: auditRow({ to: 'routed', bodyId, reason }),
    });
    if (!tr.changed) return fail(documentId, 409, 'the document changed meanwhile; reload and try again');
    return { id: documentId, ok: true, from, to: 'routed', enqueued: await enqueue(deps, 'routed', documentId) };
  }

  if (action === 'reject') {
    if (reason === '') return fail(documentId, 400, 'a reason is required');
    if (NOT_REJECTABLE.includes(from)) return fail(documentId, 409, `a document in state ${from} cannot be rejected`);
    const tr = transition(deps.db, documentId, {
      from, to: 'rejected', actor: input.actor, at, type: 'reject-manual', details: { action, reason, manual: true },
      set: { lastError: `Rejected by the Peppol Authority: ${reason}` }, also: auditRow({ to: 'rejected', reason }),
    });
    if (!tr.changed) return fail(documentId, 409, 'the document changed meanwhile; reload and try again');
    return { id: documentId, ok: true, from, to: 'rejected', enqueued: null };
  }

  if (action === 'redeliver') {
    if (reason === '') return fail(documentId, 400, 'a reason is required');
    const to: DocumentState = from === 'dispatch_failed' ? 'rendered' : 'delivered';
    const out = redeliverDocument(deps.db, documentId, { actor: input.actor, reason, at, also: auditRow({ to, reason }) });
    if (!out.ok) return fail(documentId, out.status, out.status === 409 && out.code === 'conflict' ? 'the document changed meanwhile; reload and try again' : out.error);
    return { id: documentId, ok: true, from, to: out.state, enqueued: out.state === 'rendered' ? await enqueue(deps, 'rendered', documentId) : null };
  }

  // handled
  if (reason === '') return fail(documentId, 400, 'a note is required');
  const tr = transition(deps.db, documentId, {
    from, to: from, actor: input.actor, at, type: 'handled', details: { action, note: reason },
    also: (tx) => {
      tx.insert(documentHandled).values({ documentId, state: from, at: at.toISOString(), actor: input.actor, note: reason })
        .onConflictDoUpdate({ target: documentHandled.documentId, set: { state: from, at: at.toISOString(), actor: input.actor, note: reason } }).run();
      auditRow({ note: reason })(tx);
    },
  });
  if (!tr.changed) return fail(documentId, 409, 'the document changed meanwhile; reload and try again');
  return { id: documentId, ok: true, from, to: from, enqueued: null };
}

/** The same action on several documents; each one succeeds or fails on its own. */
export async function applyBulk(deps: ActionDeps, action: ActionName, ids: string[], input: ActionInput): Promise<ActionResult[]> {
  const out: ActionResult[] = [];
  for (const id of [...new Set(ids)].slice(0, 500)) out.push(await applyAction(deps, action, id, input));
  return out;
}
