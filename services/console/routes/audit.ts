/** The staff audit log (administrators). */
import { auditLog } from '../../../core/accounts/staff';
import { resolveActors } from '../../../core/documents/queues';
import { auditPage } from '../../../templates/console/audit';
import type { RouteCall } from '../context';

export async function log(x: RouteCall): Promise<void> {
  const rows = await auditLog(x.store, { limit: 300 });
  x.page(200, auditPage(x.frame(), { rows, actors: await resolveActors(x.store, rows.map((r) => r.actor)) }));
}
