/** What the pipeline shows of the body a document was routed to: its language and its name on a date. */
import * as repo from '../../db/repositories/documents';
import type { Store } from '../../db/store';

export async function bodyLanguage(store: Pick<Store, 'db'>, bodyId: string): Promise<string | undefined> {
  return repo.bodyLanguageOf(store.db, bodyId);
}

export async function bodyNameOn(store: Pick<Store, 'db'>, bodyId: string, date: string): Promise<string | null> {
  return repo.bodyNameOn(store.db, bodyId, date);
}
