/** Read-only figures over documents for health and metrics. */
import * as repo from '../../db/repositories/documents';
import type { Store } from '../../db/store';

export async function documentCountsByState(store: Pick<Store, 'db'>): Promise<{ state: string; n: number }[]> {
  return repo.countByState(store.db);
}

/** Documents in `state` not updated since `cutoff`, oldest first, after a keyset position (the reconciler's pages). */
export async function idleDocuments(store: Pick<Store, 'db'>, state: string, cutoff: string, limit: number, after?: { updatedAt: string; id: string }): Promise<{ id: string; updatedAt: string }[]> {
  return repo.idleInState(store.db, state, cutoff, limit, after);
}
