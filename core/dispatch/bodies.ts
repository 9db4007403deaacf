/**
 * What dispatch reads of the directory and of a document's history: which bodies a body's
 * credentials reach (core/directory/reachable.ts, re-exported here), a body's active webhooks (an
 * accounting unit without its own uses its parent's), the contacts a pick-up alert goes to, the
 * department the route stage chose.
 */
import { bodyExists as bodyRowExists } from '../../db/repositories/directory';
import * as repo from '../../db/repositories/dispatch';
import type { WebhookRow } from '../../db/repositories/dispatch';
import type { Store } from '../store';

export { reachableBodies } from '../directory/reachable';

export async function bodyExists(store: Pick<Store, 'db'>, bodyId: string): Promise<boolean> {
  return bodyRowExists(store.db, bodyId);
}

/** Active webhooks of a body; an accounting unit without its own uses its parent's (and so on up). */
export async function webhooksFor(db: Store['db'], bodyId: string): Promise<WebhookRow[]> {
  return repo.activeWebhooksServing(db, bodyId);
}

/** Whether the body exists and the department the route stage chose (its latest transition to `routed`), in one read. */
export async function deliveryFacts(db: Store['db'], documentId: string, bodyId: string): Promise<{ bodyExists: boolean; department: string | null }> {
  return repo.deliveryFacts(db, documentId, bodyId);
}

/** E-mail addresses of a body's contacts (role `delivery` first; else every contact with an address). */
export async function contactEmails(store: Pick<Store, 'db'>, bodyId: string): Promise<string[]> {
  const rows = (await repo.openContacts(store.db, bodyId)).filter((r): r is { role: string; email: string } => r.email !== null && r.email.includes('@'));
  const delivery = rows.filter((r) => r.role === 'delivery');
  return [...new Set((delivery.length > 0 ? delivery : rows).map((r) => r.email))];
}
