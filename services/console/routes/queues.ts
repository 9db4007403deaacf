/** The overview and the error queues: lists a page at a time, grouped views, bulk actions (operators). */
import { roleAtLeast } from '../../../core/accounts/staff';
import { applyBulk, isAction } from '../../../core/documents/actions';
import {
  btConcerned, GROUP_BYS, groupQueue, isDocumentQueue, isGroupBy, isQueueName, QUEUE_NAMES, queueCounts, queueItems, type QueueFilter, type QueueName,
} from '../../../core/documents/queues';
import { NO_NOTES, type Notes } from '../../../templates/console/components';
import { ct, labelOf } from '../../../templates/console/messages';
import { overviewPage } from '../../../templates/console/overview';
import { queuePage } from '../../../templates/console/queue';
import { notFound, type RouteCall } from '../context';
import { actionFormView, resultNotes } from '../picker';

/** Documents per queue page. */
const PAGE = 100;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const DOC_ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function overview(x: RouteCall): Promise<void> {
  const counts = await queueCounts(x.store, x.ctx.stuck());
  x.page(200, overviewPage(x.frame(), QUEUE_NAMES.map((q) => ({ queue: q, count: counts[q] }))));
}

export function queueOf(x: RouteCall): QueueName {
  const q = x.param('queue');
  if (!isQueueName(q)) throw notFound('No such queue.');
  return q;
}

/** The list's filter from the query (`-`: none). */
export function queueFilter(x: RouteCall): QueueFilter {
  const f: QueueFilter = {};
  const provider = x.qs('provider');
  if (provider) f.provider = provider;
  const recipient = x.qs('recipient');
  if (recipient) f.recipient = recipient;
  const day = x.qs('day');
  if (day && DAY.test(day)) f.day = day;
  const rule = x.qs('rule');
  if (rule) f.rule = rule;
  return f;
}

function filterShown(f: QueueFilter, lang: RouteCall['lang']): { what: string; value: string } | null {
  for (const k of ['rule', 'provider', 'recipient', 'day'] as const) {
    const v = f[k];
    if (v !== undefined) return { what: labelOf('by_', k, lang), value: v };
  }
  return null;
}

async function showQueue(x: RouteCall, q: QueueName, o: { notes?: Notes; fields?: ReadonlyMap<string, string>; keep?: boolean; status?: number } = {}): Promise<void> {
  const lang = x.lang;
  const byParam = x.qs('by');
  const by = byParam !== undefined && isGroupBy(byParam) && isDocumentQueue(q) ? byParam : null;
  const canAct = roleAtLeast(x.me.role, 'operator') && q !== 'awaiting-body';
  const pageNo = Math.max(0, Math.min(1000, Number.parseInt(x.qs('page') ?? '0', 10) || 0));
  const filter = queueFilter(x);
  const lines = by === null ? await queueItems(x.store, q, x.ctx.stuck(), filter, PAGE + 1, pageNo * PAGE) : [];
  const more = lines.length > PAGE;
  lines.splice(PAGE);
  const pageLink = (n: number): string => {
    const u = new URLSearchParams(Object.entries(x.req.query).filter((e): e is [string, string] => typeof e[1] === 'string'));
    u.set('page', String(n));
    u.delete('lang');
    return `/console/queues/${q}?${u.toString()}`;
  };
  const keep = o.keep ?? true;
  const selected = new Set(keep && o.fields ? [...o.fields.keys()].filter((k) => k.startsWith('id.')).map((k) => k.slice(3)) : []);
  const groups = by === null || !isDocumentQueue(q) ? [] : await groupQueue(x.store, q, by, x.ctx.stuck(), x.ctx.now(), lang);
  x.page(o.status ?? 200, queuePage(x.frame(), {
    queue: q, queues: QUEUE_NAMES, groupBys: GROUP_BYS, by, canAct, selected,
    groups: groups.map((g) => (by === 'rule' ? { ...g, bts: btConcerned(g.text ?? '', lang) } : g)),
    lines, filter: by === null ? filterShown(filter, lang) : null,
    form: await actionFormView(x.store, lang, q === 'dead-letters' ? 'redeliver' : q === 'invalid-responses' ? 'responses' : 'documents', 'bulk', o.fields, keep),
    prev: pageNo > 0 ? pageLink(pageNo - 1) : null, next: more ? pageLink(pageNo + 1) : null,
    notes: o.notes ?? NO_NOTES,
  }));
}

export async function queue(x: RouteCall): Promise<void> {
  await showQueue(x, queueOf(x));
}

export async function queueActions(x: RouteCall): Promise<void> {
  const q = queueOf(x);
  const f = await x.fields();
  if (f === null) return;
  if (f.has('find')) return showQueue(x, q, { fields: f });
  const action = f.get('action');
  const ids = [...f.keys()].filter((k) => k.startsWith('id.')).map((k) => k.slice(3)).filter((id) => DOC_ID.test(id));
  const refuse = (message: string): Promise<void> => showQueue(x, q, { fields: f, notes: { ok: [], errors: [message] } });
  if (q === 'dead-letters' && action !== 'redeliver') return refuse(ct('noDocuments', x.lang));
  if (q === 'invalid-responses' && action !== 'handled') return refuse(ct('noDocuments', x.lang));
  if (q === 'awaiting-body') return refuse(ct('noDocuments', x.lang));
  if (!isAction(action)) return refuse(ct('noDocuments', x.lang));
  if (ids.length === 0) return refuse(ct('noneSelected', x.lang));
  const results = await applyBulk(x.ctx.actionDeps, action, ids, { actor: x.me.actor, reason: f.get('reason'), bodyId: f.get('bodyId') });
  await showQueue(x, q, { fields: f, keep: results.some((r) => !r.ok), notes: resultNotes(results, x.lang) });
}
