/** What the documents API shows of the body a document was routed to: its name on a date. */
import * as repo from '../../db/repositories/documents';
import type { Store } from '../../db/store';

export async function bodyNameOn(store: Pick<Store, 'db'>, bodyId: string, date: string): Promise<string | null> {
  return repo.bodyNameOn(store.db, bodyId, date);
}
