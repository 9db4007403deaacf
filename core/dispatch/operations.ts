/**
 * The Authority's corrective acts on dispatch: used by the dispatch admin API
 * (services/api/dispatch/) and by the console's actions.
 *
 *  - redeliver: a `dispatch_failed` document goes back to `rendered` (delivery runs again); a
 *    `delivered` / `acknowledged` one stays delivered, shows as new in the inbox again and gets one
 *    new webhook delivery per active webhook of its body (dead letters included). Its dead letters
 *    become `redelivered`: they leave the Authority's dead-letter list, with their history kept.
 *  - move: a rendered, delivered, acknowledged or dispatch_failed document is taken from its body
 *    (inbox item removed, pending deliveries cancelled) and goes back to `rendered` for another one.
 *
 * Each is one compare-and-set transition whose event records the actor and the reason; the
 * caller's `also` (e.g. the console's staff audit row) is written in the same transaction.
 * Refusals are CoreErrors: `document-not-found` (404), `body-not-found` (422), `not-redeliverable`,
 * `not-movable`, `same-body`, `conflict` (409).
 */
import type { Logger } from 'pino';
import * as repo from '../../db/repositories/dispatch';
import type { Database, Store } from '../store';
import { CoreError } from '../errors';
import type { DocumentState } from '../documents/states';
import { getDocument, transition } from '../documents/store';
import { bodyExists, webhooksFor } from './bodies';
import { createDeliveries, deliverDocument } from './deliver';

export interface DispatchOpInput {
  /** What the event records: `admin`, `token:<id>`, `staff:<login>`. */
  actor: string;
  reason: string;
  at: Date;
  /** Written inside the transition's transaction (an audit row), only when it happens. */
  also?: (tx: Database) => Promise<void>;
}

export interface RedeliverResult { id: string; from: DocumentState; state: DocumentState; deliveries: string[] }
export interface MoveResult { id: string; from: DocumentState; state: DocumentState; bodyId: string; cancelledDeliveries: number }

export const REDELIVERABLE_FROM: readonly DocumentState[] = ['dispatch_failed', 'delivered', 'acknowledged'];
export const MOVABLE_FROM: readonly DocumentState[] = ['rendered', 'delivered', 'acknowledged', 'dispatch_failed'];

const notFound = (id: string): CoreError => new CoreError('not-found', 'document-not-found', 'Document not found', `No document ${id.slice(0, 64)}.`);
const changed = (state: string): CoreError => new CoreError('conflict', 'conflict', 'Conflict', `The document changed meanwhile (now ${state}); try again.`);

export async function redeliverDocument(store: Pick<Store, 'db'>, documentId: string, input: DispatchOpInput): Promise<RedeliverResult> {
  const d = await getDocument(store, documentId);
  if (d === undefined) throw notFound(documentId);
  const from = d.state as DocumentState;
  const { actor, reason, at } = input;
  if (from === 'dispatch_failed') {
    const tr = await transition(store, d.id, {
      from: 'dispatch_failed', to: 'rendered', actor, at, type: 'redeliver', details: { reason },
      also: async (tx) => {
        await repo.supersedeDeadDeliveries(tx, d.id);
        await input.also?.(tx);
      },
    });
    if (!tr.changed) throw changed(tr.state);
    return { id: d.id, from, state: tr.state, deliveries: [] };
  }
  if (from !== 'delivered' && from !== 'acknowledged') {
    throw new CoreError('conflict', 'not-redeliverable', 'Cannot redeliver', `The document is ${d.state}: only delivered, acknowledged or dispatch_failed documents can be redelivered.`);
  }
  const bodyId = d.resolvedBodyId as string;
  let deliveries: string[] = [];
  const tr = await transition(store, d.id, {
    from: ['delivered', 'acknowledged'], to: 'delivered', actor, at, type: 'redeliver',
    decide: async (tx) => ({ details: { reason, bodyId, webhooks: (await webhooksFor(tx, bodyId)).map((h) => h.id) } }),
    also: async (tx) => {
      await repo.resetInboxItem(tx, d.id, at.toISOString());
      await repo.supersedeDeadDeliveries(tx, d.id);
      deliveries = await createDeliveries(tx, d.id, bodyId, await webhooksFor(tx, bodyId), at);
      await input.also?.(tx);
    },
  });
  if (!tr.changed) throw changed(tr.state);
  return { id: d.id, from, state: tr.state, deliveries };
}

export async function moveDocument(store: Pick<Store, 'db'>, documentId: string, toBodyId: string, input: DispatchOpInput): Promise<MoveResult> {
  const d = await getDocument(store, documentId);
  if (d === undefined) throw notFound(documentId);
  if (!(await bodyExists(store, toBodyId))) throw new CoreError('unprocessable', 'body-not-found', 'Body not found', `No body ${toBodyId.slice(0, 80)} in the directory.`);
  const from = d.state as DocumentState;
  if (!MOVABLE_FROM.includes(from)) {
    throw new CoreError('conflict', 'not-movable', 'Cannot move', `The document is ${d.state}: only rendered, delivered, acknowledged or dispatch_failed documents can be moved (unroutable ones are rerouted).`);
  }
  if (d.resolvedBodyId === toBodyId) throw new CoreError('conflict', 'same-body', 'Same body', `The document is already addressed to ${toBodyId}.`);
  let cancelled = 0;
  const tr = await transition(store, d.id, {
    from: MOVABLE_FROM, to: 'rendered', actor: input.actor, at: input.at, type: 'move',
    details: { reason: input.reason, fromBodyId: d.resolvedBodyId, toBodyId },
    set: { resolvedBodyId: toBodyId },
    also: async (tx) => {
      await repo.deleteInboxItem(tx, d.id);
      cancelled = await repo.cancelPendingDeliveries(tx, d.id, `moved to ${toBodyId}`);
      await input.also?.(tx);
    },
  });
  if (!tr.changed) throw changed(tr.state);
  return { id: d.id, from, state: tr.state, bodyId: toBodyId, cancelledDeliveries: cancelled };
}

/**
 * Delivers at once after a move or a redelivery. A failure does not undo the audited transition:
 * the document stays `rendered` and the pipeline (reconciler → dispatch job) takes it from there,
 * which moves it to `dispatch_failed` if the failure is permanent.
 */
export async function dispatchNow(store: Store, documentId: string, o: { now: Date; logger: Logger }): Promise<{ status: string; dispatchError?: string }> {
  try {
    return { status: (await deliverDocument(store, documentId, o)).state };
  } catch (err) {
    o.logger.warn({ documentId, err: (err as Error).message }, 'dispatch after move/redeliver failed; left to the pipeline');
    return { status: (await getDocument(store, documentId))?.state ?? 'unknown', dispatchError: (err as Error).message };
  }
}
