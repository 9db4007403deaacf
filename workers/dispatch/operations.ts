/**
 * The Authority's corrective acts on dispatch, as plain functions (no HTTP): used by the dispatch
 * admin API (services/api/dispatch/) and by the console's actions (services/console/actions.ts).
 *
 *  - redeliver: a `dispatch_failed` document goes back to `rendered` (the dispatch stage runs
 *    again); a `delivered` / `acknowledged` one stays delivered, shows as new in the inbox again and
 *    gets one new webhook delivery per active webhook of its body (dead letters included). Its dead
 *    letters become `redelivered`: they leave the Authority's dead-letter list, with their history kept.
 *  - move: a rendered, delivered, acknowledged or dispatch_failed document is taken from its body
 *    (inbox item removed, pending deliveries cancelled) and goes back to `rendered` for another one.
 *
 * Each is one compare-and-set transition whose event records the actor and the reason; the
 * caller's `also` (e.g. the console's staff audit row) is written in the same transaction.
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { inboxItems, webhookDeliveries } from '../../db/schema';
import { getDocument, transition, type DocumentState, type StageDeps } from '../stage-contract';
import { dispatchStage } from './stage';
import { bodyExists, cancelDeliveries, createDeliveries, webhooksFor } from './store';

export interface DispatchOpInput {
  /** What the event records: `admin`, `token:<id>`, `staff:<login>`. */
  actor: string;
  reason: string;
  at: Date;
  /** Written inside the transition's transaction (an audit row), only when it happens. */
  also?: (tx: Tx) => void;
}

/** Why an act was refused: `code` is the problem slug the API answers with. */
export interface DispatchOpRefusal { ok: false; status: 404 | 409 | 422; code: string; title: string; error: string }

export type RedeliverResult =
  | { ok: true; id: string; from: DocumentState; state: DocumentState; deliveries: string[] }
  | DispatchOpRefusal;

export type MoveResult =
  | { ok: true; id: string; from: DocumentState; state: DocumentState; bodyId: string; cancelledDeliveries: number }
  | DispatchOpRefusal;

export const REDELIVERABLE_FROM: DocumentState[] = ['dispatch_failed', 'delivered', 'acknowledged'];
export const MOVABLE_FROM: DocumentState[] = ['rendered', 'delivered', 'acknowledged', 'dispatch_failed'];

const refuse = (status: DispatchOpRefusal['status'], code: string, title: string, error: string): DispatchOpRefusal => ({ ok: false, status, code, title, error });
const changed = (state: string): DispatchOpRefusal => refuse(409, 'conflict', 'Conflict', `The document changed meanwhile (now ${state}); try again.`);

export function redeliverDocument(db: StageDeps['db'], documentId: string, input: DispatchOpInput): RedeliverResult {
  const d = getDocument(db, documentId);
  if (d === undefined) return refuse(404, 'document-not-found', 'Document not found', `No document ${documentId.slice(0, 64)}.`);
  const from = d.state as DocumentState;
  const { actor, reason, at } = input;
  const supersedeDeadLetters = (tx: Tx): void => {
    tx.update(webhookDeliveries).set({ status: 'redelivered' }).where(and(eq(webhookDeliveries.documentId, d.id), eq(webhookDeliveries.status, 'dead'))).run();
  };
  if (from === 'dispatch_failed') {
    const tr = transition(db, d.id, {
      from: 'dispatch_failed', to: 'rendered', actor, at, type: 'redeliver', details: { reason },
      also: (tx) => {
        supersedeDeadLetters(tx);
        input.also?.(tx);
      },
    });
    if (!tr.changed) return changed(tr.state);
    return { ok: true, id: d.id, from, state: tr.state, deliveries: [] };
  }
  if (from !== 'delivered' && from !== 'acknowledged') {
    return refuse(409, 'not-redeliverable', 'Cannot redeliver', `The document is ${d.state}: only delivered, acknowledged or dispatch_failed documents can be redelivered.`);
  }
  const bodyId = d.resolvedBodyId as string;
  let deliveries: string[] = [];
  const tr = transition(db, d.id, {
    from: ['delivered', 'acknowledged'], to: 'delivered', actor, at, type: 'redeliver',
    decide: (tx) => ({ details: { reason, bodyId, webhooks: webhooksFor(tx, bodyId).map((h) => h.id) } }),
    also: (tx) => {
      tx.update(inboxItems).set({ status: 'new', acknowledgedAt: null, alertedAt: null, deliveredAt: at.toISOString() }).where(eq(inboxItems.documentId, d.id)).run();
      supersedeDeadLetters(tx);
      deliveries = createDeliveries(tx, d.id, bodyId, webhooksFor(tx, bodyId), at);
      input.also?.(tx);
    },
  });
  if (!tr.changed) return changed(tr.state);
  return { ok: true, id: d.id, from, state: tr.state, deliveries };
}

export function moveDocument(db: StageDeps['db'], documentId: string, toBodyId: string, input: DispatchOpInput): MoveResult {
  const d = getDocument(db, documentId);
  if (d === undefined) return refuse(404, 'document-not-found', 'Document not found', `No document ${documentId.slice(0, 64)}.`);
  if (!bodyExists(db, toBodyId)) return refuse(422, 'body-not-found', 'Body not found', `No body ${toBodyId.slice(0, 80)} in the directory.`);
  const from = d.state as DocumentState;
  if (!MOVABLE_FROM.includes(from)) return refuse(409, 'not-movable', 'Cannot move', `The document is ${d.state}: only rendered, delivered, acknowledged or dispatch_failed documents can be moved (unroutable ones are rerouted).`);
  if (d.resolvedBodyId === toBodyId) return refuse(409, 'same-body', 'Same body', `The document is already addressed to ${toBodyId}.`);
  let cancelled = 0;
  const tr = transition(db, d.id, {
    from: MOVABLE_FROM, to: 'rendered', actor: input.actor, at: input.at, type: 'move',
    details: { reason: input.reason, fromBodyId: d.resolvedBodyId, toBodyId },
    set: { resolvedBodyId: toBodyId },
    also: (tx) => {
      tx.delete(inboxItems).where(eq(inboxItems.documentId, d.id)).run();
      cancelled = cancelDeliveries(tx, d.id, `moved to ${toBodyId}`);
      input.also?.(tx);
    },
  });
  if (!tr.changed) return changed(tr.state);
  return { ok: true, id: d.id, from, state: tr.state, bodyId: toBodyId, cancelledDeliveries: cancelled };
}

/**
 * Runs the dispatch stage at once after a move or a redelivery. A failure does not undo the audited
 * transition: the document stays `rendered` and the pipeline (reconciler → dispatch job) takes it
 * from there, which moves it to `dispatch_failed` if the failure is permanent.
 */
export async function dispatchNow(deps: StageDeps, id: string): Promise<{ status: string; dispatchError?: string }> {
  try {
    const out = await dispatchStage(id, deps);
    return { status: out.state };
  } catch (err) {
    deps.logger.warn({ documentId: id, err: (err as Error).message }, 'dispatch after move/redeliver failed; left to the pipeline');
    return { status: getDocument(deps.db, id)?.state ?? 'unknown', dispatchError: (err as Error).message };
  }
}
