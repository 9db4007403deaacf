/**
 * The supplier portal's page bodies but the form (form.ts): home, upload, the review with its one
 * verdict, the receipt and the status page (the frame is web/layout.ts). Every value shown goes
 * through the escaping `html` template; numbers, amounts, dates and times are in the page language.
 */
import { label as btLabel } from '../../model';
import { fieldId, html, type FieldError, type Html, type HtmlValue, type Lang } from '../../web';
import { control, csrfInput, summaryList } from './components';
import { findingsTable, type FindingInput } from './findings';
import { bytes, colon, date, luxTime, money, signedMoney } from './format';
import { pt, type PortalKey } from './messages';

export function homeBody(lang: Lang): Html {
  return html`<p>${pt('homeIntro', lang)}</p>
<ul class="actions">
<li><a class="button" href="/portal/invoices/new">${pt('navNew', lang)}</a></li>
<li><a class="button secondary" href="/portal/invoices/new?kind=credit-note">${pt('kindCreditNote', lang)}</a></li>
<li><a class="button secondary" href="/portal/upload">${pt('navUpload', lang)}</a></li>
</ul>`;
}

export function uploadBody(lang: Lang, csrf: string, maxBytes: number, errors: FieldError[], notifyEmail = ''): Html {
  const invalid = errors.some((e) => e.field === 'file');
  return html`<p>${pt('uploadIntro', lang)}</p>
<form method="post" action="/portal/upload" enctype="multipart/form-data" novalidate>
${csrfInput(csrf)}
<div class="field">
<label for="${fieldId('file')}">${pt('fileLabel', lang)}</label>
<p class="hint" id="${fieldId('file')}-hint">${pt('fileHint', lang, { max: bytes(maxBytes, lang) })}</p>
${invalid ? html`<p class="field-error" id="${fieldId('file')}-error">${errors.filter((e) => e.field === 'file').map((e) => e.message).join(' ')}</p>` : ''}
<input type="file" id="${fieldId('file')}" name="file" accept=".xml,.pdf,application/xml,text/xml,application/pdf" aria-describedby="${fieldId('file')}-hint${invalid ? ` ${fieldId('file')}-error` : ''}"${invalid ? html` aria-invalid="true"` : ''}>
</div>
${control({ lang, fields: new Map([['notifyEmail', notifyEmail]]), errors }, 'notifyEmail', { label: pt('notifyEmailLabel', lang), hint: pt('notifyEmailHint', lang), type: 'email', autocomplete: 'email' })}
<button type="submit">${pt('checkFile', lang)}</button>
</form>`;
}

const REFUSALS: Record<string, PortalKey> = { 'notify-email-invalid': 'notifyEmailInvalid', 'no-file': 'noFile', 'pdf-no-xml': 'pdfNoXml', 'not-xml': 'notXml' };

/** Why an upload was not checked, in the page language. */
export function uploadRefusalText(refusal: string, lang: Lang): string {
  return pt(REFUSALS[refusal] ?? 'notXml', lang);
}

/** Why a checked document cannot be sent (its verdict), in the page language. */
export function notSendableText(verdict: string, lang: Lang): string {
  return verdict === 'duplicate' ? pt('notSendable_duplicate', lang) : verdict === 'no-recipient' ? pt('notSendable_no-recipient', lang) : pt('notSendable', lang);
}

// ── facts of a document ─────────────────────────────────────────────────────────────────────

export interface FactsInput {
  kind: 'invoice' | 'credit-note';
  number: string | null;
  issueDate: string | null;
  dueDate: string | null;
  currency: string | null;
  sellerName: string | null;
  buyerName: string | null;
  buyerEndpoint: string | null;
  total: string | null;
  due: string | null;
}

function kindText(f: FactsInput, lang: Lang): string {
  return f.kind === 'credit-note' ? pt('kindCreditNote', lang) : pt('kindInvoice', lang);
}

/** `Facture n° F-12` / `Gutschrift Nr. G-3`. */
export function documentTitle(f: FactsInput, lang: Lang): string {
  return pt('docNumbered', lang, { kind: kindText(f, lang), number: f.number ?? '–' });
}

const bt = (id: string, lang: Lang): string => `${btLabel(id, lang)} (${id})`;

/** What a document says of itself, as the review lists it. */
function factRows(f: FactsInput, lang: Lang): { label: string; value: HtmlValue }[] {
  const credit = f.kind === 'credit-note';
  const rows: { label: string; value: HtmlValue }[] = [
    { label: pt('docKind', lang), value: kindText(f, lang) },
    { label: credit ? `${pt('creditNoteNumber', lang)} (BT-1)` : bt('BT-1', lang), value: f.number ?? '–' },
    { label: credit ? `${pt('creditNoteDate', lang)} (BT-2)` : bt('BT-2', lang), value: date(f.issueDate, lang) },
  ];
  if (f.dueDate) rows.push({ label: bt('BT-9', lang), value: date(f.dueDate, lang) });
  rows.push({ label: bt('BT-27', lang), value: f.sellerName ?? '–' }, { label: bt('BT-44', lang), value: f.buyerName ?? '–' });
  if (f.buyerEndpoint) rows.push({ label: bt('BT-49', lang), value: html`<code>${f.buyerEndpoint}</code>` });
  rows.push({ label: bt('BT-112', lang), value: money(f.total, f.currency, lang) });
  if (f.due !== null && f.due !== f.total) rows.push({ label: bt('BT-115', lang), value: money(f.due, f.currency, lang) });
  return rows;
}

// ── review ──────────────────────────────────────────────────────────────────────────────────

export interface TriedInput {
  step: string;
  identifier: string | null;
  outcome: string;
}

export type VerdictInput =
  | { kind: 'invalid'; fatal: number }
  | { kind: 'duplicate'; earlier: { id: string; receivedAt: string } }
  | { kind: 'no-recipient'; recipient: { reason: 'no-match' | 'ambiguous' | 'unreadable'; tried: TriedInput[] } }
  | { kind: 'sendable'; recipient: { bodyId: string; name: string; identifier: string; department: string | null; missingRefs: string[] } };

export interface ReviewView {
  token: string;
  csrf: string;
  kind: 'upload' | 'form';
  filename: string | null;
  fromPdf: boolean;
  verdict: VerdictInput;
  findings: FindingInput[];
  facts: FactsInput | null;
  confirmError?: boolean;
}

function triedLine(t: TriedInput, lang: Lang): Html {
  const step = t.step === 'sbdh-receiver' ? pt('sbdhReceiver', lang) : bt(t.step, lang);
  const key = `tried_${t.outcome}` as PortalKey;
  return html`<li><strong>${colon(step, lang)}</strong> ${pt(key, lang, { id: t.identifier ?? '' })}</li>`;
}

function noRecipient(r: Extract<VerdictInput, { kind: 'no-recipient' }>['recipient'], v: ReviewView, lang: Lang): Html {
  const head = r.reason === 'ambiguous' ? pt('noRecipientAmbiguous', lang) : r.reason === 'unreadable' ? pt('noRecipientUnreadable', lang) : pt('noRecipientVerdict', lang);
  // the envelope is only a step when the file has one
  const tried = r.tried.filter((t) => t.step !== 'sbdh-receiver' || t.outcome !== 'absent');
  return html`<div class="warning" role="status" id="verdict" data-verdict="no-recipient"><p><strong>${head}</strong></p>
${tried.length > 0 ? html`<p>${pt('triedTitle', lang)}</p><ul>${tried.map((t) => triedLine(t, lang))}</ul>` : ''}
<p>${pt('noRecipientFix', lang)}</p>
${v.kind === 'upload' ? html`<p>${pt('noRecipientFind', lang)} <a href="/portal/invoices/new">${pt('navNew', lang)}</a></p>` : ''}
</div>`;
}

function sendable(r: Extract<VerdictInput, { kind: 'sendable' }>['recipient'], v: ReviewView, lang: Lang): Html {
  const text = v.kind === 'upload' ? pt('reportValid', lang, { name: r.name }) : pt('checkValid', lang, { name: r.name });
  return html`<div class="notice" role="status" id="verdict" data-verdict="sendable"><p><strong>${text}</strong></p>
${summaryList([
    { label: pt('recipientTitle', lang), value: r.name },
    { label: pt('recipientIdentifier', lang), value: html`<code>${r.identifier}</code>` },
    { label: pt('bodyId', lang), value: html`<code>${r.bodyId}</code>` },
    ...(r.department ? [{ label: pt('department', lang), value: r.department }] : []),
  ])}
${r.missingRefs.map((ref) => html`<p class="flag-warning">${pt('recipientMissingRef', lang, { label: btLabel(ref, lang), bt: ref })}</p>`)}
</div>`;
}

function verdictBlock(v: ReviewView, lang: Lang): Html {
  const d = v.verdict;
  switch (d.kind) {
    case 'invalid':
      return html`<div class="warning" role="status" id="verdict" data-verdict="invalid"><p><strong>${v.kind === 'upload' ? pt('reportInvalid', lang, { n: d.fatal }) : pt('formInvalid', lang, { n: d.fatal })}</strong></p></div>`;
    case 'duplicate':
      return html`<div class="warning" role="status" id="verdict" data-verdict="duplicate"><p><strong>${pt('duplicateVerdict', lang, {
        at: luxTime(d.earlier.receivedAt, lang), id: d.earlier.id, number: v.facts?.number ?? '–', date: date(v.facts?.issueDate, lang),
      })}</strong></p></div>`;
    case 'no-recipient':
      return noRecipient(d.recipient, v, lang);
    case 'sendable':
      return sendable(d.recipient, v, lang);
  }
}

export function reviewBody(v: ReviewView, lang: Lang): Html {
  const rows = [
    ...(v.kind === 'upload' ? [{ label: pt('fileLabel', lang), value: v.filename ?? '' }] : []),
    ...(v.fromPdf ? [{ label: 'Factur-X / ZUGFeRD', value: pt('fromPdf', lang) }] : []),
    ...(v.facts ? factRows(v.facts, lang) : []),
  ];
  return html`${verdictBlock(v, lang)}
${rows.length > 0 ? html`<h2>${pt('summary', lang)}</h2>${summaryList(rows)}` : ''}
<h2>${pt('findingsTitle', lang)}</h2>
${findingsTable(v.findings, lang)}
${v.facts ? html`<p><a href="/portal/review/${v.token}/preview.pdf">${pt('preview', lang)}</a></p>` : ''}
${v.verdict.kind === 'sendable' ? html`<form method="post" action="/portal/review/${v.token}/send" novalidate>
${csrfInput(v.csrf)}
<div class="field checkbox">
${v.confirmError ? html`<p class="field-error" id="${fieldId('confirm')}-error">${pt('confirmRequired', lang)}</p>` : ''}
<input type="checkbox" id="${fieldId('confirm')}" name="confirm" value="yes"${v.confirmError ? html` aria-invalid="true" aria-describedby="${fieldId('confirm')}-error"` : ''}>
<label for="${fieldId('confirm')}">${pt('confirmRecipient', lang)}</label>
</div>
<button type="submit">${pt('send', lang)}</button>
</form>` : ''}
<p>${v.kind === 'upload' ? html`<a href="/portal/upload">${pt('uploadAnother', lang)}</a>` : html`<a href="/portal/drafts/${v.token}">${pt('backToForm', lang)}</a>`}</p>`;
}

// ── receipt and status ──────────────────────────────────────────────────────────────────────

export interface SentView {
  trackingId: string;
  receivedAt: string;
  facts: FactsInput | null;
  recipient: { bodyId: string; name: string; identifier: string | null } | null;
}

export interface ReceiptView extends SentView {
  link: string;
}

function timeEl(iso: string, lang: Lang): Html {
  return html`<time datetime="${iso}">${luxTime(iso, lang)}</time>`;
}

/** Tracking id, reception, the document (kind, number, amount with its sign) and the recipient. */
function sentRows(v: SentView, lang: Lang): { label: string; value: HtmlValue }[] {
  const f = v.facts;
  return [
    { label: pt('trackingId', lang), value: html`<code>${v.trackingId}</code>` },
    { label: pt('receivedAt', lang), value: timeEl(v.receivedAt, lang) },
    ...(f ? [
      { label: pt('document', lang), value: documentTitle(f, lang) },
      { label: pt('amount', lang), value: html`<span class="amount" data-kind="${f.kind}">${signedMoney(f.total, f.currency, f.kind === 'credit-note', lang)}</span>` },
    ] : []),
    ...(v.recipient ? [{ label: pt('recipientTitle', lang), value: html`${v.recipient.name}${v.recipient.identifier ? html` – <code>${v.recipient.identifier}</code>` : ''} (${v.recipient.bodyId})` }] : []),
  ];
}

export function receiptBody(v: ReceiptView, lang: Lang): Html {
  return html`<div class="notice" role="status"><p>${pt('receiptIntro', lang)}</p></div>
${summaryList([...sentRows(v, lang), { label: pt('trackingLink', lang), value: html`<a href="${v.link}"><code class="token">${v.link}</code></a>` }])}
<p class="hint">${pt('privateLinkWarning', lang)}</p>`;
}

/** A status the receiving body set (Peppol Invoice Response), already in the page language. */
export interface BodyStatusView {
  code: string;
  name: string;
  at: string;
  reasons: { code: string; name: string; text: string | null }[];
  actions: { code: string; name: string; text: string | null }[];
  note: string | null;
  effectiveDate: string | null;
  paidAmount: string | null;
  currency: string | null;
}

function clarifiedList(label: string, list: BodyStatusView['reasons'], lang: Lang): Html | string {
  if (list.length === 0) return '';
  // lines of a paragraph, not a nested list: the timeline's items are styled as steps
  return html`<p class="clarifications">${colon(label, lang)}${list.map((c) => html`<br>${c.name} (${c.code})${c.text !== null ? html` — ${c.text}` : ''}`)}</p>`;
}

/** The statuses of the receiving body, oldest first (accepted, rejected with its reasons, paid…). */
export function bodyStatuses(list: BodyStatusView[], lang: Lang): Html {
  if (list.length === 0) return html`<p id="body-status-none">${pt('bodyStatusesNone', lang)}</p>`;
  return html`<ol class="timeline body-statuses">${list.map((s) => html`<li data-code="${s.code}"><strong>${s.name} (${s.code})</strong> – ${timeEl(s.at, lang)}
${clarifiedList(pt('bodyStatusReasons', lang), s.reasons, lang)}${clarifiedList(pt('bodyStatusActions', lang), s.actions, lang)}
${s.paidAmount !== null ? html`<p>${colon(pt('bodyStatusPaid', lang), lang)} ${money(s.paidAmount, s.currency, lang)}</p>` : ''}
${s.effectiveDate !== null ? html`<p>${colon(pt('bodyStatusEffective', lang), lang)} ${date(s.effectiveDate, lang)}</p>` : ''}
${s.note !== null ? html`<p>${colon(pt('bodyStatusNote', lang), lang)} ${s.note}</p>` : ''}</li>`)}</ol>`;
}

export interface StatusView extends SentView {
  /** What the receiving body said of the document (empty until it says something). */
  bodyStatuses: BodyStatusView[];
  state: string;
  steps: { at: string; state: string; bad: boolean; detail: { body: string } | { text: string } | null }[];
  findings: FindingInput[];
  duplicate: { number: string | null; date: string | null } | null;
  xmlHref: string;
  pdfHref: string | null;
}

export function stateLabel(state: string, lang: Lang): string {
  if (state.endsWith('_failed')) return pt('state_failed', lang);
  try {
    return pt(`state_${state}` as PortalKey, lang);
  } catch {
    return state;
  }
}

export function statusBody(v: StatusView, lang: Lang): Html {
  const duplicateText = (l: Lang): string => pt('duplicateOf', l, { number: v.duplicate?.number ?? '–', date: date(v.duplicate?.date ?? null, l) });
  const findings: FindingInput[] = v.duplicate
    ? [{ ruleId: 'HUB-DUPLICATE', flag: 'fatal', location: '/', message: duplicateText('en'), messages: { fr: duplicateText('fr'), de: duplicateText('de') }, term: null, field: null }, ...v.findings]
    : v.findings;
  const refused = v.state === 'rejected' || v.state === 'duplicate';
  return html`${summaryList([
    ...sentRows(v, lang),
    { label: pt('currentStatus', lang), value: html`<strong id="current-status" data-state="${v.state}">${stateLabel(v.state, lang)}</strong>` },
  ])}
<h2>${pt('lifecycle', lang)}</h2>
<ol class="timeline">${v.steps.map((s) => html`<li${s.bad ? html` class="bad"` : ''}><strong>${stateLabel(s.state, lang)}</strong> – ${timeEl(s.at, lang)}${s.detail ? html`<br>${'body' in s.detail ? s.detail.body : s.detail.text}` : ''}</li>`)}</ol>
${refused ? '' : html`<h2 id="body-statuses">${pt('bodyStatuses', lang)}</h2>${bodyStatuses(v.bodyStatuses, lang)}`}
${findings.length > 0 ? html`<h2>${refused ? pt('rejectReasons', lang) : pt('findingsTitle', lang)}</h2>${findingsTable(findings, lang)}` : ''}
<h2>${pt('downloads', lang)}</h2>
<ul>
<li><a href="${v.xmlHref}" download>${pt('downloadXml', lang)}</a></li>
${v.pdfHref ? html`<li><a href="${v.pdfHref}" download>${pt('downloadPdf', lang)}</a></li>` : ''}
</ul>`;
}
