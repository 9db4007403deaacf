/**
 * The console's JSON API (`/console/api/…`): the same data and acts as the pages, for automation —
 * an authority bearer token, or a session with its CSRF token in `X-CSRF-Token` for posts. Errors
 * are problem+json.
 */
import { audit as auditRow, auditLog, createStaff as create, isRole, listStaff } from '../../../core/accounts/staff';
import { ACTIONS, applyAction, applyBulk, isAction, type ActionName } from '../../../core/documents/actions';
import { GROUP_BYS, groupQueue, isDocumentQueue, isGroupBy, queueCounts as counts, queueRows } from '../../../core/documents/queues';
import { findingsOf } from '../../../core/documents/view';
import { eventsOf } from '../../../core/documents/store';
import { mlsOf } from '../../../core/mls/produce';
import { saveProvider as save } from '../../../core/providers/register';
import { providersWithCounts, providerStats as statsOf } from '../../../core/providers/stats';
import { dashboardStats, periodOf } from '../../../core/statistics/dashboard';
import { ProblemError } from '../../errors';
import { notFound, str, type RouteCall } from '../context';
import { documentOr404 } from './documents';
import { seatOr404 } from './providers';
import { queueFilter, queueOf } from './queues';

function actionOf(x: RouteCall): ActionName {
  const a = x.param('action');
  if (!isAction(a)) throw notFound(`Actions: ${ACTIONS.join(', ')}.`);
  return a;
}

export async function queueCounts(x: RouteCall): Promise<void> {
  x.res.json(await counts(x.store, x.ctx.stuck()));
}

export async function queue(x: RouteCall): Promise<void> {
  const q = queueOf(x);
  const by = x.qs('by');
  if (by !== undefined) {
    if (!isGroupBy(by) || !isDocumentQueue(q)) throw new ProblemError(400, 'bad-parameter', 'Invalid grouping', `by must be one of ${GROUP_BYS.join(', ')}.`);
    x.res.json({ queue: q, by, groups: await groupQueue(x.store, q, by, x.ctx.stuck(), x.ctx.now()) });
    return;
  }
  const limit = Number(x.qs('limit') ?? 100);
  const offset = Number(x.qs('offset') ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000 || !Number.isInteger(offset) || offset < 0) throw new ProblemError(400, 'bad-parameter', 'Invalid paging', 'limit: 1 to 1000; offset: 0 or more.');
  x.res.json({ queue: q, limit, offset, items: await queueRows(x.store, q, x.ctx.stuck(), queueFilter(x), limit, offset) });
}

export async function document(x: RouteCall): Promise<void> {
  const d = await documentOr404(x);
  const events = await eventsOf(x.store, d.id);
  const { report } = await findingsOf(x.store, d, events);
  x.res.json({ document: d, findings: report?.findings ?? [], events, mls: (await mlsOf(x.store, d.id)) ?? null });
}

export async function documentAction(x: RouteCall): Promise<void> {
  x.apiCsrf();
  const action = actionOf(x);
  const b = x.body();
  const out = await applyAction(x.ctx.actionDeps, action, x.param('id'), { actor: x.me.actor, reason: str(b.reason), bodyId: str(b.bodyId) });
  if (!out.ok) throw new ProblemError(out.status, out.status === 404 ? 'not-found' : out.status === 409 ? 'conflict' : 'bad-request', 'Action refused', out.error);
  x.res.json(out);
}

export async function bulkAction(x: RouteCall): Promise<void> {
  x.apiCsrf();
  const action = actionOf(x);
  const b = x.body();
  const ids = Array.isArray(b.ids) ? b.ids.filter((v): v is string => typeof v === 'string') : [];
  if (ids.length === 0 || ids.length > 500) throw new ProblemError(400, 'bad-request', 'Invalid ids', 'ids: 1 to 500 document ids.');
  x.res.json({ results: await applyBulk(x.ctx.actionDeps, action, ids, { actor: x.me.actor, reason: str(b.reason), bodyId: str(b.bodyId) }) });
}

export async function providers(x: RouteCall): Promise<void> {
  x.res.json({ items: await providersWithCounts(x.store) });
}

export async function saveProvider(x: RouteCall): Promise<void> {
  x.apiCsrf();
  x.res.json(await save(x.store, { ...x.body(), seatId: x.param('seat') }, x.me.actor, x.ctx.now()));
}

export async function providerStats(x: RouteCall): Promise<void> {
  x.res.json(await statsOf(x.store, seatOr404(x), { from: x.qs('from'), to: x.qs('to') }));
}

export async function stats(x: RouteCall): Promise<void> {
  const p = periodOf(x.qs('from'), x.qs('to'), x.ctx.now());
  x.res.json(await dashboardStats(x.store, p.from, p.to));
}

export async function staff(x: RouteCall): Promise<void> {
  x.res.json({ items: (await listStaff(x.store)).map((u) => ({ id: u.id, login: u.login, name: u.name, email: u.email, role: u.role, createdAt: u.createdAt, disabledAt: u.disabledAt })) });
}

export async function createStaff(x: RouteCall): Promise<void> {
  x.apiCsrf();
  const b = x.body();
  const role = b.role;
  if (!isRole(role)) throw new ProblemError(400, 'invalid-staff', 'Invalid role', 'role: viewer, operator or administrator.');
  const u = await x.together(async (s) => {
    const row = await create(s, { login: str(b.login) ?? '', name: str(b.name) ?? '', role, password: str(b.password) ?? '', email: str(b.email) ?? null }, x.ctx.now());
    await auditRow(s, x.me.actor, 'staff-create', `staff:${row.login}`, { role: row.role }, x.ctx.now());
    return row;
  });
  x.res.status(201).json({ id: u.id, login: u.login, role: u.role });
}

export async function audit(x: RouteCall): Promise<void> {
  x.res.json({ items: await auditLog(x.store, { target: x.qs('target'), limit: 500 }) });
}
