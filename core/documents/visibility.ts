/**
 * Who sees which document: the Authority everything; an API client or access point what it
 * submitted; a body the documents routed to it or to one of its accounting units.
 */
import type { Store } from '../../db/store';
import type { Principal } from '../accounts/tokens';
import { reachableBodies } from '../directory/reachable';
import { getDocument, type DocumentRow } from './store';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function canSee(store: Pick<Store, 'db'>, p: Principal, doc: DocumentRow): Promise<boolean> {
  if (p.scope === 'authority') return true;
  if (p.scope === 'api-client' || p.scope === 'access-point') return doc.submittedBy === p.actor;
  if (p.scope === 'body') return p.bodyId !== null && doc.resolvedBodyId !== null && (await reachableBodies(store, p.bodyId)).includes(doc.resolvedBodyId);
  return false;
}

/** The document if it exists and `p` may see it; undefined otherwise (existence is not disclosed). */
export async function visibleDocument(store: Pick<Store, 'db'>, p: Principal, id: string): Promise<DocumentRow | undefined> {
  const doc = ID.test(id) ? await getDocument(store, id) : undefined;
  return doc !== undefined && (await canSee(store, p, doc)) ? doc : undefined;
}
