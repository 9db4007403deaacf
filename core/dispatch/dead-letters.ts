/**
 * The Authority's view of pushes given up: the dead letters with every attempt and its error (a
 * redelivered dead letter leaves the list, its rows stay), and the deliveries counted by status.
 */
import * as repo from '../../db/repositories/dispatch';
import type { Store } from '../store';

export interface DeadLetter {
  deliveryId: string;
  documentId: string;
  bodyId: string;
  webhookId: string;
  url: string | null;
  createdAt: string;
  attempts: number;
  lastError: string | null;
  history: { attempt: number; at: string; outcome: string; httpStatus: number | null; error: string | null }[];
}

/** Dead letters, the latest given up first. */
export async function listDeadLetters(store: Pick<Store, 'db'>, limit: number): Promise<DeadLetter[]> {
  const dead = await repo.deadDeliveries(store.db, limit);
  const attempts = await repo.attemptsOfDeliveries(store.db, dead.map((d) => d.id));
  const urls = await repo.webhookUrls(store.db, dead.map((d) => d.webhookId));
  return dead.map((d) => ({
    deliveryId: d.id, documentId: d.documentId, bodyId: d.bodyId, webhookId: d.webhookId, url: urls.get(d.webhookId) ?? null, createdAt: d.createdAt, attempts: d.attempts, lastError: d.lastError,
    history: attempts.filter((a) => a.deliveryId === d.id).map((a) => ({ attempt: a.attempt, at: a.at, outcome: a.outcome, httpStatus: a.httpStatus, error: a.error })),
  }));
}

/** Webhook deliveries of the whole hub by status (`pending`, `delivered`, `dead`, `cancelled`, `redelivered`). */
export async function deliveryCounts(store: Pick<Store, 'db'>): Promise<{ status: string; n: number }[]> {
  return repo.deliveryCountsByStatus(store.db);
}

/** Deliveries of documents, oldest first (the console's document view, tests). */
export async function deliveriesOf(store: Pick<Store, 'db'>, documentIds: readonly string[]): Promise<repo.WebhookDeliveryRow[]> {
  return repo.deliveriesOfDocuments(store.db, documentIds);
}
