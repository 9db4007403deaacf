/**
 * The directory's read side of inbox reach: which bodies a body's credentials reach — the body and
 * its accounting units (children of type `accounting-unit`, recursively). Other child bodies (an
 * administration under a ministry) have their own inbox and credentials. The rule of the pull API,
 * the web inbox (core/documents/inbox.ts) and the documents API (core/documents/visibility.ts).
 */
import { bodyWithAccountingUnits } from '../../db/repositories/dispatch';
import type { Store } from '../store';

/** `bodyId` and its accounting units, itself first. */
export async function reachableBodies(store: Pick<Store, 'db'>, bodyId: string): Promise<string[]> {
  return bodyWithAccountingUnits(store.db, bodyId);
}
