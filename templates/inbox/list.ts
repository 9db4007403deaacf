/** The list of documents of the user's body: filters, the selection for a bulk download, one line per document with its type and signed amount. */
import { html, type Lang } from '../../web';
import { date, luxTime, signedAmount, typeLabel, type DocType } from './format';
import { inboxPage, type Frame } from './layout';
import { inboxText as t, type InboxKey } from './messages';

export interface ListItem {
  id: string;
  deliveredAt: string;
  supplier: string | null;
  number: string | null;
  issueDate: string | null;
  type: DocType;
  /** BT-115 (else BT-112) as written, and its currency. */
  amount: string | null;
  currency: string | null;
  department: string | null;
  /** `new`, `fetched`, `acknowledged`. */
  inboxStatus: string;
  /** The last status sent to the supplier (code and name), if any. */
  lastStatus: { code: string; name: string } | null;
}

export interface ListView {
  items: ListItem[];
  inboxStatuses: readonly string[];
  departments: string[];
  /** The filters as given (status, supplier, department, since, until). */
  current: Record<string, string>;
  nextHref: string | null;
}

export function inboxStatusText(status: string, lang: Lang): string {
  return ['new', 'fetched', 'acknowledged'].includes(status) ? t(`status_${status}` as InboxKey, lang) : status;
}

function row(i: ListItem, lang: Lang) {
  const label = i.number ?? i.id;
  return html`<tr><td><input type="checkbox" name="ids" value="${i.id}" form="bulk" aria-label="${t('selectDocument', lang, { n: label })}"></td>
<td>${luxTime(i.deliveredAt, lang)}</td><td>${i.supplier ?? '—'}</td><td>${typeLabel(i.type, lang)}</td>
<td><a href="/inbox/documents/${i.id}">${label}</a></td><td>${date(i.issueDate, lang)}</td>
<td class="num">${signedAmount(i.amount, i.currency, i.type, lang)}</td><td>${i.department ?? ''}</td><td>${inboxStatusText(i.inboxStatus, lang)}</td>
<td>${i.lastStatus === null ? '—' : html`<span class="status-code" data-code="${i.lastStatus.code}">${i.lastStatus.name}</span>`}</td></tr>`;
}

export function listPage(f: Frame, v: ListView): string {
  const lang = f.lang;
  const cur = (k: string): string => v.current[k] ?? '';
  const th = (k: InboxKey, cls = '') => html`<th scope="col"${cls ? html` class="${cls}"` : ''}>${t(k, lang)}</th>`;
  return inboxPage(f, {
    title: t('inboxTitle', lang),
    body: html`<form method="get" action="/inbox/" aria-label="${t('filters', lang)}"><div class="grid">
<div class="field"><label for="f-status">${t('status', lang)}</label><select id="f-status" name="status"><option value="">${t('statusAll', lang)}</option>${v.inboxStatuses.map((st) => html`<option value="${st}"${cur('status') === st ? html` selected` : ''}>${inboxStatusText(st, lang)}</option>`)}</select></div>
<div class="field"><label for="f-supplier">${t('supplier', lang)}</label><input id="f-supplier" type="search" name="supplier" value="${cur('supplier')}" placeholder="${t('supplierHint', lang)}"></div>
${v.departments.length === 0 ? '' : html`<div class="field"><label for="f-department">${t('department', lang)}</label><select id="f-department" name="department"><option value="">${t('departmentAll', lang)}</option>${v.departments.map((d) => html`<option value="${d}"${cur('department') === d ? html` selected` : ''}>${d}</option>`)}</select></div>`}
<div class="field"><label for="f-since">${t('deliveredFrom', lang)}</label><input id="f-since" name="since" type="date" value="${cur('since')}"></div>
<div class="field"><label for="f-until">${t('deliveredTo', lang)}</label><input id="f-until" name="until" type="date" value="${cur('until')}"></div>
</div><button type="submit">${t('filter', lang)}</button><a class="button secondary" href="/inbox/">${t('reset', lang)}</a></form>
<form id="bulk" method="post" action="/inbox/download"><input type="hidden" name="csrf" value="${f.user?.csrf ?? ''}"></form>
<table><caption>${v.items.length === 0 ? t('none', lang) : t('caption', lang, { n: v.items.length })}</caption>
<thead><tr><th scope="col"><span class="visually-hidden">${t('select', lang)}</span></th>${th('delivered')}${th('supplier')}${th('type')}${th('number')}${th('issueDate')}${th('amount', 'num')}${th('department')}${th('status')}${th('supplierStatus')}</tr></thead>
<tbody>${v.items.map((i) => row(i, lang))}</tbody></table>
${v.items.length > 0 ? html`<button class="secondary" type="submit" form="bulk">${t('downloadSelected', lang)}</button>` : ''}
${v.nextHref !== null ? html`<p><a class="button secondary" href="${v.nextHref}">${t('older', lang)}</a></p>` : ''}`,
  });
}
