/**
 * One document of the web inbox: its type and number in the title, the facts (type, supplier, dates,
 * the amount with the sign of the document), the downloads, the acknowledgement, the statuses sent to
 * the supplier and the form for the next one, the findings (in the page language: `findingHtml`), the
 * history, the PDF.
 */
import { html, type FieldError, type Lang } from '../../web';
import { findingHtml, type ReadableFinding } from '../findings';
import { colon, date, luxTime, signedAmount, typeLabel, typeName, isCreditNote, type DocType } from './format';
import { inboxPage, type Frame } from './layout';
import { inboxStatusText } from './list';
import { inboxText as t, type InboxKey } from './messages';
import { statusForm, statusHistory, type StatusFormView, type StatusLine } from './status-form';

export interface FindingLine extends ReadableFinding {
  ruleId: string;
  /** `fatal`, `warning` or `information`. */
  flag: string;
}

export interface DocumentView {
  id: string;
  number: string | null;
  type: DocType;
  supplier: string | null;
  supplierVat: string | null;
  issueDate: string | null;
  dueDate: string | null;
  amount: string | null;
  currency: string | null;
  buyerRef: string | null;
  orderRef: string | null;
  department: string | null;
  deliveredAt: string;
  inboxStatus: string;
  acknowledgedAt: string | null;
  hasPdf: boolean;
  /** The findings of the validation and the routing: the official English and the French and German rule texts. */
  findings: FindingLine[];
  /** The history, each line already in words. */
  events: { at: string; label: string }[];
  statuses: StatusLine[];
  form: StatusFormView;
  /** The status just saved (after the redirect), to say so. */
  saved: string | null;
}

/** The document's type and number, as the title and the PDF's name say it (`Gutschrift CN-7`). */
export function documentTitle(v: Pick<DocumentView, 'type' | 'number' | 'id'>, lang: Lang): string {
  return `${typeName(v.type, lang)} ${v.number ?? v.id}`;
}

function facts(v: DocumentView, lang: Lang) {
  const fact = (k: InboxKey, value: string | null): ReturnType<typeof html> => html`<dt>${t(k, lang)}</dt><dd>${value === null || value === '' ? '—' : value}</dd>`;
  return html`<dl class="summary">
${fact('type', typeLabel(v.type, lang))}${fact('supplier', v.supplier)}${fact('supplierVat', v.supplierVat)}${fact('issueDate', date(v.issueDate, lang))}${isCreditNote(v.type) ? '' : fact('dueDate', date(v.dueDate, lang))}
${fact(isCreditNote(v.type) ? 'amountCredited' : 'amountDue', signedAmount(v.amount, v.currency, v.type, lang))}${fact('buyerRef', v.buyerRef)}${fact('orderRef', v.orderRef)}${fact('department', v.department)}
${fact('delivered', luxTime(v.deliveredAt, lang))}${fact('documentId', v.id)}</dl>`;
}

const FLAGS: Record<string, InboxKey> = { fatal: 'flag_fatal', warning: 'flag_warning', information: 'flag_information' };

function flagText(flag: string, lang: Lang): string {
  const key = FLAGS[flag];
  return key === undefined ? flag : t(key, lang);
}

export function documentPage(f: Frame, v: DocumentView, errors: FieldError[] = []): string {
  const lang = f.lang;
  const base = `/inbox/documents/${v.id}`;
  const csrf = f.user?.csrf ?? '';
  const title = documentTitle(v, lang);
  const type = typeName(v.type, lang);
  const last = v.statuses.at(-1);
  return inboxPage(f, {
    title: `${title} — ${last === undefined ? inboxStatusText(v.inboxStatus, lang) : last.name}`, errors,
    body: html`<p><a href="/inbox/">${t('back', lang)}</a></p>
${v.saved !== null ? html`<p class="notice" role="status">${t('statusSaved', lang, { status: v.saved })}</p>` : ''}
<div class="grid"><section aria-labelledby="facts"><h2 id="facts">${t('details', lang)}</h2>${facts(v, lang)}
<h2>${t('downloads', lang)}</h2><p>${v.hasPdf ? html`<a class="button secondary" href="${base}/pdf" download>${t('pdf', lang)}</a>` : ''}<a class="button secondary" href="${base}/xml" download>${t('xml', lang)}</a><a class="button secondary" href="${base}/bundle" download>${t('bundle', lang)}</a></p>
${v.inboxStatus === 'acknowledged' ? html`<p class="notice">${t('acknowledgedOn', lang, { at: luxTime(v.acknowledgedAt, lang) })}</p>` : html`<form method="post" action="${base}/ack"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">${t('ack', lang)}</button></form>`}
<section aria-labelledby="statuses"><h2 id="statuses">${t('statusesTitle', lang)}</h2>${last !== undefined ? html`<p>${colon(t('lastStatus', lang), lang)} <strong id="current-status" data-code="${last.code}">${last.name} (${last.code})</strong></p>` : ''}
${statusHistory(v.statuses, lang)}
<h3 id="set-status">${t('setStatus', lang)}</h3>${statusForm(base, csrf, v.form, lang)}</section>
${v.findings.length > 0 ? html`<h2>${t('findings', lang)}</h2><ul class="findings">${v.findings.map((x) => html`<li data-rule="${x.ruleId}"><span class="flag-${x.flag}">${flagText(x.flag, lang)}</span> ${colon(x.ruleId, lang)} ${findingHtml(x, lang)}</li>`)}</ul>` : ''}
<h2>${t('history', lang)}</h2><ol class="timeline">${v.events.map((e) => html`<li>${luxTime(e.at, lang)} — ${e.label}</li>`)}</ol></section>
<section aria-labelledby="pdf"><h2 id="pdf">${t('documentPdf', lang, { type })}</h2>${v.hasPdf ? html`<iframe src="${base}/pdf" title="${t('documentPdfTitle', lang, { type, n: v.number ?? v.id })}" width="100%" height="900"></iframe>` : html`<p>${t('noPdf', lang)}</p>`}</section></div>`,
  });
}
