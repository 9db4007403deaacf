/**
 * An error queue: its documents (type and signed amount, state, reception time in Luxembourg time,
 * sending provider, recipient, reason), a page at a time, with the bulk action form for operators;
 * or the queue grouped by rule (with the rule's text and the BT it names), sending provider,
 * recipient or day, with counts for the last 7 days and the 7 before.
 */
import { html, type Html, type HtmlValue, type Lang } from '../../web';
import { findingPlainText, type ReadableFinding } from '../findings';
import { actionFields, type ActionFormView } from './action-form';
import { channelLabel, hiddenCsrf, notes, pager, stateLabel, subNav, table, when, type Notes } from './components';
import { docTypeLabel, fmtAmount, fmtDay, fmtInt, type DocKind } from './format';
import { findingHtml as findingMessage } from '../findings';
import { consolePage, type Frame } from './layout';
import { ct, labelOf } from './messages';

export interface FactsView { kind: DocKind; typeCode: string | null; amount: string | null; currency: string | null }

export interface QueueLineView {
  id: string;
  state: string;
  channel: string;
  receivedAt: string;
  sendingAp: string | null;
  recipient: string | null;
  invoiceNumber: string | null;
  /** Why it is in the queue (the last error, or its first fatal finding). */
  reason: string | null;
  /** When the reason is a finding: the finding, shown in the page's language. */
  reasonFinding?: (ReadableFinding & { ruleId: string }) | null;
  deliveryId?: string;
  facts: FactsView;
}

/** A group of the queue; rule groups carry the rule's official text (`text`) and its French and German (`messages`). */
export interface GroupView { key: string; count: number; last7: number; prev7: number; text?: string; messages?: ReadableFinding['messages']; bts?: { id: string; name: string }[] }

export interface QueuePageView {
  queue: string;
  queues: readonly string[];
  groupBys: readonly string[];
  /** The grouping shown, or null (the list). */
  by: string | null;
  groups: GroupView[];
  lines: QueueLineView[];
  /** Filter of the list (`provider=PBE000123`…), or null. */
  filter: { what: string; value: string } | null;
  canAct: boolean;
  /** Ticked documents (kept when the page comes back after a search of the picker or a refusal). */
  selected: ReadonlySet<string>;
  form: ActionFormView;
  prev: string | null;
  next: string | null;
  notes: Notes;
}

const GROUP_PARAM: Record<string, string> = { rule: 'rule', provider: 'provider', recipient: 'recipient', day: 'day' };

/** The type of a document and its amount with its sign (a credit note's is negative). */
export function typeAndAmount(f: FactsView, lang: Lang): Html {
  return html`${docTypeLabel(f.kind, f.typeCode, lang)}${f.amount !== null ? html`<br><span class="amount">${fmtAmount(f.amount, f.currency, lang)}</span>` : ''}`;
}

function groupsTable(v: QueuePageView, lang: Lang): Html {
  const by = v.by ?? '';
  const label = labelOf('by_', by, lang);
  const rule = by === 'rule';
  const head = [label, ...(rule ? [ct('ruleText', lang), ct('btConcerned', lang)] : []), ct('count', lang), ct('last7', lang), ct('prev7', lang)];
  const n = rule ? 3 : 1;
  return table(`${labelOf('q_', v.queue, lang)} — ${label}`, head, v.groups.map((g) => [
    html`<a href="/console/queues/${v.queue}?${GROUP_PARAM[by] ?? 'day'}=${encodeURIComponent(g.key)}">${by === 'day' ? fmtDay(g.key, lang) : g.key}</a>`,
    ...(rule ? [g.text === undefined ? '' : findingMessage({ message: g.text, ...(g.messages ? { messages: g.messages } : {}) }, lang), (g.bts ?? []).map((b) => `${b.id} ${b.name}`).join(', ')] : []),
    fmtInt(g.count, lang), fmtInt(g.last7, lang), fmtInt(g.prev7, lang),
  ]), { numeric: [n, n + 1, n + 2], hideCaption: true });
}

/** Why a document is in the queue, in the page's language where it is a finding (`[rule] text`). */
function reasonText(d: QueueLineView, lang: Lang): string {
  const f = d.reasonFinding;
  if (f === undefined || f === null) return d.reason ?? '';
  const text = findingPlainText(f, lang);
  return text.startsWith(`[${f.ruleId}]`) ? text : `[${f.ruleId}] ${text}`;
}

function linesTable(v: QueuePageView, lang: Lang): Html {
  const dead = v.queue === 'dead-letters';
  const head = [
    ...(v.canAct ? [ct('selectCol', lang)] : []), ct('document', lang), ct('docType', lang), ct('state', lang), ct('received', lang),
    `${ct('channel', lang)} / ${ct('by_provider', lang)}`, ct('by_recipient', lang), ct('reasonCol', lang),
  ];
  const rows = v.lines.map((d): HtmlValue[] => [
    // a dead letter is a delivery: one document may have several (one per webhook), each its own checkbox
    ...(v.canAct ? [html`<input type="checkbox" name="id.${d.id}" value="1" id="sel-${dead && d.deliveryId ? d.deliveryId : d.id}" aria-label="${ct('select', lang, { id: d.id })}"${v.selected.has(d.id) ? html` checked` : ''}>`] : []),
    html`<a href="/console/documents/${d.id}" class="doc-id">${d.id}</a>${d.invoiceNumber !== null ? html`<br><span class="invoice-number">${ct('invoiceNo', lang, { n: d.invoiceNumber })}</span>` : ''}`,
    typeAndAmount(d.facts, lang),
    stateLabel(d.state, lang),
    when(d.receivedAt, lang),
    html`${channelLabel(d.channel, lang)}${d.sendingAp !== null ? html`<br>${d.sendingAp}` : ''}`,
    d.recipient ?? '–',
    reasonText(d, lang).slice(0, 200),
  ]);
  return table(labelOf('q_', v.queue, lang), head, rows, { hideCaption: true, cls: v.canAct ? 'queue-list selectable' : 'queue-list' });
}

export function queuePage(f: Frame, v: QueuePageView): string {
  const lang = f.lang;
  const tabs = subNav(ct('queues', lang), v.queues.map((q) => ({ href: `/console/queues/${q}`, label: labelOf('q_', q, lang), current: q === v.queue })));
  const groupLinks = v.queue === 'dead-letters' ? html``
    : html`<p>${ct('groupBy', lang)} <a href="/console/queues/${v.queue}"${v.by === null ? html` aria-current="true"` : ''}>${ct('by_none', lang)}</a>${v.groupBys.map((g) => html` · <a href="/console/queues/${v.queue}?by=${g}"${v.by === g ? html` aria-current="true"` : ''}>${labelOf('by_', g, lang)}</a>`)}</p>`;
  const filter = v.filter === null ? html``
    : html`<p class="filter">${ct('filtered', lang, { what: v.filter.what, value: v.filter.value })} — <a href="/console/queues/${v.queue}">${ct('clearFilter', lang)}</a></p>`;
  let body: Html;
  if (v.by !== null) body = groupsTable(v, lang);
  else if (v.lines.length === 0) body = html`<p>${ct('noDocuments', lang)}</p>${pager(lang, v.prev, v.next)}`;
  else if (!v.canAct) body = html`<p class="hint">${ct('timeZoneNote', lang)}</p>${linesTable(v, lang)}${pager(lang, v.prev, v.next)}`;
  else {
    body = html`<form method="post" action="/console/queues/${v.queue}/actions">${hiddenCsrf(f.csrf)}<p class="hint">${ct('timeZoneNote', lang)}</p>${linesTable(v, lang)}
${actionFields(v.form, lang)}<button type="submit" id="bulk-apply">${ct('applySelected', lang)}</button></form>${pager(lang, v.prev, v.next)}`;
  }
  return consolePage(f, { title: labelOf('q_', v.queue, lang), section: 'queues', body: html`${tabs}${notes(v.notes)}${groupLinks}${filter}${body}` });
}
