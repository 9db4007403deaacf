/** The list of the user's documents (filters, pages) and the bulk download of the ones ticked. */
import { bundleEntries, departmentsOf, INBOX_STATUSES, listItems, loadVisible, parseListQuery, recordDownload, type InboxItemRow } from '../../../../core/documents/inbox';
import { CoreError } from '../../../../core/errors';
import { lastStatuses, statusName } from '../../../../core/invoice-response/view';
import { messagePage } from '../../../../templates/inbox/layout';
import { listPage, type ListItem } from '../../../../templates/inbox/list';
import { inboxText as t } from '../../../../templates/inbox/messages';
import type { Lang } from '../../../../web';
import { sendZip } from '../../send';
import { isNotFound, type InboxWebRoute, type WebCall } from '../context';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A list line from the inbox item (its summary as the render stage derived it). */
export function listItemOf(i: InboxItemRow, last: { code: string } | undefined, lang: Lang): ListItem {
  const s = i.summary;
  const totals = (s.totals ?? {}) as Record<string, unknown>;
  const kind = s.kind === 'credit-note' || s.kind === 'invoice' ? s.kind : null;
  return {
    id: i.documentId, deliveredAt: i.deliveredAt, supplier: i.supplierName ?? i.supplierKey, number: i.invoiceNumber, issueDate: i.issueDate,
    type: { typeCode: str(s.typeCode), kind }, amount: str(totals.due) ?? str(totals.withVat), currency: str(s.currency), department: i.department,
    inboxStatus: i.status, lastStatus: last === undefined ? null : { code: last.code, name: statusName(last.code, lang) },
  };
}

async function list(x: WebCall): Promise<void> {
  let q;
  try {
    q = parseListQuery(x.req.query as Record<string, unknown>, { limit: 50, order: 'desc' });
  } catch (err) {
    if (err instanceof CoreError) return x.page(400, messagePage(x.frame(), t('badFilter', x.lang), err.detail, { href: '/inbox/', label: t('reset', x.lang) }));
    throw err;
  }
  const { items, nextCursor } = await listItems(x.deps.store, x.session.viewer, q);
  const current: Record<string, string> = {};
  for (const k of ['status', 'supplier', 'department', 'since', 'until']) if (typeof x.req.query[k] === 'string' && x.req.query[k] !== '') current[k] = String(x.req.query[k]);
  const params = new URLSearchParams(current);
  if (nextCursor !== null) params.set('cursor', nextCursor);
  const last = await lastStatuses(x.deps.store, items.map((i) => i.documentId));
  x.page(200, listPage(x.frame(), {
    items: items.map((i) => listItemOf(i, last.get(i.documentId), x.lang)), inboxStatuses: INBOX_STATUSES,
    departments: await departmentsOf(x.deps.store, x.session.viewer), current, nextHref: nextCursor === null ? null : `/inbox/?${params.toString()}`,
  }));
}

async function download(x: WebCall): Promise<void> {
  const ids = x.fields('ids').slice(0, 500);
  if (ids.length === 0) return x.res.redirect(303, '/inbox/');
  const pairs = [];
  try {
    for (const id of new Set(ids)) pairs.push(await loadVisible(x.deps.store, x.session.viewer, id));
  } catch (err) {
    if (isNotFound(err)) return x.notFound();
    throw err;
  }
  const now = x.deps.clock();
  for (const p of pairs) await recordDownload(x.deps.store, x.session.viewer, p.item, 'bulk', now);
  const entries = [];
  for (const p of pairs) entries.push(...(await bundleEntries(x.deps.store, p.item, p.doc, `${p.doc.id}/`)));
  await sendZip(x.res, `inbox-${now.toISOString().slice(0, 10)}.zip`, entries);
}

export function listRoutes(): InboxWebRoute[] {
  return [
    { method: 'get', path: ['/inbox', '/inbox/'], session: true, handle: list },
    { method: 'post', path: '/inbox/download', session: true, form: 'small', handle: download },
  ];
}
