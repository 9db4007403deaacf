/**
 * The document page: what it is (type and signed amount), the hand-off and SBDH metadata, the
 * canonical summary, the findings in the staff member's language (linked to their line in the numbered
 * original XML, marked there),
 * the PDF, the MLS response, the actions (operators), the readable history, the XML.
 */
import { label as btLabel } from '../../model/catalogue';
import type { InvoiceSummary } from '../../model/summary';
import { html, join, type Html, type HtmlValue, type Lang } from '../../web';
import type { ReadableFinding } from '../findings';
import { actionFields, type ActionFormView } from './action-form';
import { actorLabel, channelLabel, factsTable, fill, hiddenCsrf, notes, stateLabel, table, when, type ActorView, type Notes } from './components';
import { docTypeLabel, fmtAmount, fmtDay, fmtInt } from './format';
import { findingHtml as findingMessage } from '../findings';
import { consolePage, type Frame } from './layout';
import { ct, labelOf } from './messages';
import type { FactsView } from './queue';
import { timeline, type EventView } from './timeline';

export interface DocumentRowView {
  id: string;
  state: string;
  channel: string;
  receivedAt: string;
  submittedBy: string;
  senderId: string | null;
  receiverId: string | null;
  documentTypeId: string | null;
  processId: string | null;
  instanceId: string | null;
  c1Country: string | null;
  as4MessageId: string | null;
  sendingAp: string | null;
  scenario: string | null;
  resolvedBodyId: string | null;
  duplicateOf: string | null;
  lastError: string | null;
  originalSha256: string;
  invoiceNumber: string | null;
}

export interface FindingView extends ReadableFinding { ruleId: string; flag: string; location: string; message: string; line?: number; bts: { id: string; name: string }[] }

export interface DocumentPageView {
  doc: DocumentRowView;
  facts: FactsView;
  summary: InvoiceSummary | null;
  findings: FindingView[];
  hasPdf: boolean;
  mls: { responseCode: string; createdAt: string; ackedAt: string | null } | null;
  events: EventView[];
  actors: ReadonlyMap<string, ActorView>;
  handled: { at: string; actor: string; note: string } | null;
  xml: string | null;
  canAct: boolean;
  form: ActionFormView;
  notes: Notes;
}

function metadata(v: DocumentPageView, lang: Lang): Html {
  const d = v.doc;
  const or = (x: string | null): HtmlValue => x ?? '–';
  const doc: [string, HtmlValue][] = [
    [ct('docType', lang), docTypeLabel(v.facts.kind, v.facts.typeCode, lang)],
    [ct('amount', lang), html`<span class="amount">${fmtAmount(v.facts.amount, v.facts.currency, lang)}</span>`],
    [ct('invoiceNumber', lang), or(d.invoiceNumber)],
    [ct('state', lang), stateLabel(d.state, lang)],
    [ct('channel', lang), channelLabel(d.channel, lang)],
    [ct('received', lang), when(d.receivedAt, lang)],
    [ct('m_submittedBy', lang), actorLabel(v.actors.get(d.submittedBy), d.submittedBy, lang)],
    [ct('m_body', lang), d.resolvedBodyId ? html`<a href="/console/directory/bodies/${d.resolvedBodyId}">${d.resolvedBodyId}</a>` : '–'],
    [ct('m_duplicateOf', lang), d.duplicateOf ? html`<a href="/console/documents/${d.duplicateOf}">${d.duplicateOf}</a>` : '–'],
    [ct('m_lastError', lang), or(d.lastError)],
  ];
  const handOff: [string, HtmlValue][] = [
    [ct('m_sender', lang), or(d.senderId)], [ct('m_receiver', lang), or(d.receiverId)],
    [ct('m_sendingAp', lang), d.sendingAp ? html`<a href="/console/providers/${d.sendingAp}">${d.sendingAp}</a>` : '–'],
    [ct('m_c1Country', lang), or(d.c1Country)], [ct('m_as4', lang), or(d.as4MessageId)], [ct('m_instanceId', lang), or(d.instanceId)],
    [ct('m_documentTypeId', lang), d.documentTypeId ? html`<code class="token">${d.documentTypeId}</code>` : '–'],
    [ct('m_processId', lang), d.processId ? html`<code class="token">${d.processId}</code>` : '–'],
    [ct('m_scenario', lang), or(d.scenario)], [ct('m_sha', lang), html`<code class="token">${d.originalSha256}</code>`],
  ];
  return html`<div class="two-cols">${factsTable(ct('m_document', lang), doc)}${factsTable(ct('metadata', lang), handOff)}</div>`;
}

function summary(s: InvoiceSummary, lang: Lang): Html {
  const amount = (x: string | null): string => fmtAmount(x, s.currency, lang);
  const terms: [string, HtmlValue][] = [
    ['BT-1', s.number ?? '–'], ['BT-3', docTypeLabel(s.kind, s.typeCode, lang)], ['BT-2', fmtDay(s.issueDate, lang)], ['BT-9', fmtDay(s.dueDate, lang)],
    ['BT-5', s.currency ?? '–'], ['BT-10', s.buyerReference ?? '–'], ['BT-13', s.purchaseOrderReference ?? '–'],
    ['BT-27', s.seller.name ?? '–'], ['BT-31', s.seller.vatId ?? '–'], ['BT-44', s.buyer.name ?? '–'], ['BT-49', s.buyer.endpoint ?? '–'],
    ['BT-109', amount(s.totals.withoutVat)], ['BT-110', amount(s.totals.vat)], ['BT-112', amount(s.totals.withVat)], ['BT-115', amount(s.totals.due)],
  ];
  return table(ct('summary', lang), [ct('term', lang), ct('value', lang)], terms.map(([bt, val]) => [`${bt} ${btLabel(bt, lang)}`, val]), { hideCaption: true });
}

function findings(list: readonly FindingView[], lang: Lang): Html {
  if (list.length === 0) return html`<p>${ct('noFindings', lang)}</p>`;
  return table(ct('findings', lang), [ct('rule', lang), ct('flag', lang), ct('btConcerned', lang), ct('location', lang), ct('line', lang), ct('message', lang)], list.map((f) => [
    html`<code>${f.ruleId}</code>`, html`<span class="flag-${f.flag}">${labelOf('flag_', f.flag, lang)}</span>`, f.bts.map((b) => `${b.id} ${b.name}`).join(', '),
    html`<code class="token">${f.location}</code>`, f.line !== undefined ? html`<a href="#xml-line-${f.line}">${fmtInt(f.line, lang)}</a>` : '–', findingMessage(f, lang),
  ]), { hideCaption: true });
}

/** Pretty display of the original XML: numbered lines, lines with findings marked and linked from the findings table. */
export function xmlView(xml: string, marks: ReadonlyMap<number, string[]>, lang: Lang): Html {
  const lines = xml.split(/\r?\n/);
  return html`<div class="xml-view" role="region" aria-label="${ct('xml', lang)}" tabindex="0"><ol class="xml-lines">${lines.map((l, i) => {
    const n = i + 1;
    const m = marks.get(n);
    return m
      ? html`<li id="xml-line-${n}" class="xml-marked"><code>${l}</code> <strong class="xml-mark">← ${join(m, ', ')}</strong></li>`
      : html`<li><code>${l}</code></li>`;
  })}</ol></div>`;
}

/** Reasonable indentation of an XML document for reading (only when it arrived on very few lines). */
export function indentXml(xml: string): string {
  if (xml.split('\n').length > 3 || xml.length > 2_000_000) return xml;
  let depth = 0;
  const out: string[] = [];
  for (const tok of xml.replace(/>\s*</g, '>\n<').split('\n')) {
    const closing = /^<\//.test(tok);
    const selfContained = /^<[^!?/][^>]*\/>$/.test(tok) || /^<([^\s>/]+)[^>]*>.*<\/\1>$/.test(tok) || /^<[?!]/.test(tok);
    if (closing) depth = Math.max(0, depth - 1);
    out.push(`${'  '.repeat(depth)}${tok}`);
    if (!closing && !selfContained && tok.startsWith('<')) depth++;
  }
  return out.join('\n');
}

export function documentPage(f: Frame, v: DocumentPageView): string {
  const lang = f.lang;
  const d = v.doc;
  const marks = new Map<number, string[]>();
  for (const x of v.findings) if (x.line !== undefined) marks.set(x.line, [...(marks.get(x.line) ?? []), x.ruleId]);
  const m = v.mls;
  const mls = m === null ? html`<p>${ct('noMls', lang)}</p>`
    : html`<p>${fill(ct('mlsLine', lang), { code: m.responseCode, created: when(m.createdAt, lang), taken: m.ackedAt !== null ? fill(ct('mlsTaken', lang), { when: when(m.ackedAt, lang) }) : ct('mlsWaiting', lang) })} <a href="/console/documents/${d.id}/mls">${ct('download', lang)} (XML)</a></p>`;
  const h = v.handled;
  const handled = h === null ? html``
    : html`<p class="notice">${fill(ct('handledMark', lang), { when: when(h.at, lang), who: actorLabel(v.actors.get(h.actor), h.actor, lang), note: h.note })}</p>`;
  const actions = v.canAct
    ? html`<form method="post" action="/console/documents/${d.id}/actions">${hiddenCsrf(f.csrf)}${actionFields(v.form, lang)}<button type="submit" id="doc-apply">${ct('apply', lang)}</button></form>`
    : html`<p>${ct('readOnly', lang)}</p>`;
  return consolePage(f, {
    title: `${ct('document', lang)} ${d.id}`, section: 'queues',
    body: html`${notes(v.notes)}${handled}
<p class="doc-kind">${docTypeLabel(v.facts.kind, v.facts.typeCode, lang)} · <span class="amount">${fmtAmount(v.facts.amount, v.facts.currency, lang)}</span> · ${stateLabel(d.state, lang)}</p>
<h2>${ct('m_title', lang)}</h2>${metadata(v, lang)}
<h2>${ct('findings', lang)}</h2>${findings(v.findings, lang)}
<h2>${ct('timeline', lang)}</h2>${timeline(v.events, v.actors, lang)}
<h2>${ct('actions', lang)}</h2>${actions}
${v.summary ? html`<h2>${ct('summary', lang)}</h2>${summary(v.summary, lang)}` : ''}
<h2>${ct('pdf', lang)}</h2>${v.hasPdf ? html`<p><a href="/console/documents/${d.id}/pdf">${ct('download', lang)} (PDF)</a></p>` : html`<p>${ct('noPdf', lang)}</p>`}
<h2>${ct('mls', lang)}</h2>${mls}
<h2>${ct('xml', lang)}</h2><p><a href="/console/documents/${d.id}/xml">${ct('download', lang)} (XML)</a></p>
${v.xml === null ? html`<p>${ct('xmlTooLarge', lang)}</p>` : xmlView(marks.size > 0 ? v.xml : indentXml(v.xml), marks, lang)}`,
  });
}
