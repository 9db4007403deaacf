/**
 * The supplier portal's page bodies (the frame is `services/web/layout.ts`). Every value shown
 * goes through the escaping `html` template; nothing typed by a user or read from a document is
 * ever concatenated as markup.
 */
import { label as btLabel } from '../../model';
import { CSRF_FIELD, fieldId, html, type FieldError, type Html, type WebLang } from '../../services/web';
import type { ReadableFinding } from '../../services/portal/findings';
import {
  CURRENCIES, EAS_OFFERED, EXEMPT_CATEGORIES, MEANS, UNITS, VAT_CATEGORIES, attachmentsOf, categoriesInUse, count, type ComputedTotals, type Recipient,
} from '../../services/portal/invoice-form';
import { control, fieldset, type FormCtx } from './components';
import { pt, type PortalKey } from './messages';

export function csrfInput(token: string): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(0)} MB` : `${Math.ceil(n / 1024)} kB`;
}

export function homeBody(lang: WebLang): Html {
  return html`<p>${pt('homeIntro', lang)}</p>
<ul class="actions">
<li><a class="button" href="/portal/invoices/new">${pt('navNew', lang)}</a></li>
<li><a class="button secondary" href="/portal/upload">${pt('navUpload', lang)}</a></li>
</ul>`;
}

export function uploadBody(lang: WebLang, csrf: string, maxBytes: number, errors: FieldError[], notifyEmail = ''): Html {
  const invalid = errors.some((e) => e.field === 'file');
  return html`<p>${pt('uploadIntro', lang)}</p>
<form method="post" action="/portal/upload" enctype="multipart/form-data" novalidate>
${csrfInput(csrf)}
<div class="field">
<label for="${fieldId('file')}">${pt('fileLabel', lang)}</label>
<p class="hint" id="${fieldId('file')}-hint">${pt('fileHint', lang, { max: formatBytes(maxBytes) })}</p>
${invalid ? html`<p class="field-error" id="${fieldId('file')}-error">${errors.filter((e) => e.field === 'file').map((e) => e.message).join(' ')}</p>` : ''}
<input type="file" id="${fieldId('file')}" name="file" accept=".xml,.pdf,application/xml,text/xml,application/pdf" aria-describedby="${fieldId('file')}-hint${invalid ? ` ${fieldId('file')}-error` : ''}"${invalid ? html` aria-invalid="true"` : ''}>
</div>
${control({ lang, fields: new Map([['notifyEmail', notifyEmail]]), errors }, 'notifyEmail', { label: pt('notifyEmailLabel', lang), hint: pt('notifyEmailHint', lang), type: 'email', autocomplete: 'email' })}
<button type="submit">${pt('checkFile', lang)}</button>
</form>`;
}

export function findingsTable(findings: ReadableFinding[], lang: WebLang, caption: string = pt('findingsTitle', lang)): Html {
  if (findings.length === 0) return html`<p>${pt('noFindings', lang)}</p>`;
  return html`<table class="findings">
<caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">${pt('colSeverity', lang)}</th><th scope="col">${pt('colRule', lang)}</th><th scope="col">${pt('colTerm', lang)}</th><th scope="col">${pt('colMessage', lang)}</th><th scope="col">${pt('colLocation', lang)}</th></tr></thead>
<tbody>
${findings.map((f) => html`<tr>
<td class="flag-${f.flag}">${pt(`flag_${f.flag}` as PortalKey, lang)}</td>
<td><code>${f.ruleId}</code></td>
<td>${f.term ? html`${f.termLabel} (${f.term})` : '–'}${f.field ? html`<br><a href="#${fieldId(f.field)}">${f.field}</a>` : ''}</td>
<td>${f.translated ?? f.message}${f.translated ? html`<details><summary>${pt('officialText', lang)}</summary><p lang="en">${f.message}</p></details>` : ''}</td>
<td><code class="token">${f.location}</code>${f.line !== undefined ? html`<br>${pt('line', lang, { n: f.line })}` : ''}</td>
</tr>`)}
</tbody></table>`;
}

export type RecipientView =
  | { ok: true; bodyId: string; name: string; department: string | null; missingRefs: string[] }
  | { ok: false; detail: string };

export function recipientBlock(r: RecipientView, lang: WebLang): Html {
  if (!r.ok) return html`<div class="warning"><p>${pt('recipientNone', lang, { detail: r.detail })}</p></div>`;
  return html`<div class="notice"><p><strong>${pt('recipientResolved', lang, { name: r.name, id: r.bodyId })}</strong></p>
${r.department ? html`<p>${pt('recipientDepartment', lang, { dept: r.department })}</p>` : ''}
${r.missingRefs.map((ref) => html`<p class="flag-warning">${pt('recipientMissingRef', lang, { label: btLabel(ref, lang), bt: ref })}</p>`)}
</div>`;
}

export interface ReviewView {
  token: string;
  csrf: string;
  kind: 'upload' | 'form';
  filename?: string;
  valid: boolean;
  findings: ReadableFinding[];
  recipient: RecipientView | null;
  summary: { label: string; value: string }[];
  confirmError?: boolean;
}

export function reviewBody(v: ReviewView, lang: WebLang): Html {
  const fatal = v.findings.filter((f) => f.flag === 'fatal').length;
  const canSend = v.valid && v.recipient !== null && v.recipient.ok;
  return html`
${v.valid ? html`<div class="notice" role="status"><p><strong>${v.kind === 'upload' ? pt('reportValid', lang) : pt('checkValid', lang)}</strong></p></div>`
    : html`<div class="warning" role="status"><p><strong>${pt('reportInvalid', lang, { n: fatal })}</strong></p></div>`}
${v.summary.length > 0 ? html`<h2>${pt('summary', lang)}</h2><dl class="summary">${v.summary.map((s) => html`<dt>${s.label}</dt><dd>${s.value}</dd>`)}</dl>` : ''}
<h2>${pt('findingsTitle', lang)}</h2>
${findingsTable(v.findings, lang)}
${v.recipient ? html`<h2>${pt('recipientTitle', lang)}</h2>${recipientBlock(v.recipient, lang)}` : ''}
${v.kind === 'form' ? html`<p><a href="/portal/review/${v.token}/preview.pdf">${pt('preview', lang)}</a></p>` : ''}
${canSend ? html`<form method="post" action="/portal/review/${v.token}/send" novalidate>
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

export interface ReceiptView {
  trackingId: string;
  receivedAt: string;
  link: string;
}

export function receiptBody(v: ReceiptView, lang: WebLang): Html {
  return html`<div class="notice" role="status"><p>${pt('receiptIntro', lang)}</p></div>
<dl class="summary">
<dt>${pt('trackingId', lang)}</dt><dd><code>${v.trackingId}</code></dd>
<dt>${pt('receivedAt', lang)}</dt><dd><time datetime="${v.receivedAt}">${v.receivedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}</time></dd>
<dt>${pt('trackingLink', lang)}</dt><dd><a href="${v.link}"><code class="token">${v.link}</code></a></dd>
</dl>
<p class="hint">${pt('privateLinkWarning', lang)}</p>`;
}

export interface StatusView {
  trackingId: string;
  state: string;
  receivedAt: string;
  steps: { at: string; state: string; bad: boolean; detail: string | null }[];
  findings: ReadableFinding[];
  bodyName: string | null;
  xmlHref: string;
  pdfHref: string | null;
}

export function stateLabel(state: string, lang: WebLang): string {
  const key = `state_${state}`;
  if (state.endsWith('_failed')) return pt('state_failed', lang);
  try {
    return pt(key as PortalKey, lang);
  } catch {
    return state;
  }
}

export function statusBody(v: StatusView, lang: WebLang): Html {
  return html`<dl class="summary">
<dt>${pt('trackingId', lang)}</dt><dd><code>${v.trackingId}</code></dd>
<dt>${pt('receivedAt', lang)}</dt><dd><time datetime="${v.receivedAt}">${v.receivedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}</time></dd>
<dt>${pt('currentStatus', lang)}</dt><dd><strong id="current-status" data-state="${v.state}">${stateLabel(v.state, lang)}</strong></dd>
${v.bodyName ? html`<dt>${pt('recipientTitle', lang)}</dt><dd>${v.bodyName}</dd>` : ''}
</dl>
<h2>${pt('lifecycle', lang)}</h2>
<ol class="timeline">${v.steps.map((s) => html`<li${s.bad ? html` class="bad"` : ''}><strong>${stateLabel(s.state, lang)}</strong> – <time datetime="${s.at}">${s.at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}</time>${s.detail ? html`<br>${s.detail}` : ''}</li>`)}</ol>
${v.findings.length > 0 ? html`<h2>${v.state === 'rejected' || v.state === 'duplicate' ? pt('rejectReasons', lang) : pt('findingsTitle', lang)}</h2>${findingsTable(v.findings, lang)}` : ''}
<h2>${pt('downloads', lang)}</h2>
<ul>
<li><a href="${v.xmlHref}" download>${pt('downloadXml', lang)}</a></li>
${v.pdfHref ? html`<li><a href="${v.pdfHref}" download>${pt('downloadPdf', lang)}</a></li>` : ''}
</ul>`;
}

// ── the manual-entry form ───────────────────────────────────────────────────────────────────

export interface BodyOption {
  id: string;
  name: string;
  identifiers: string[];
  requiredRefs: string[];
}

export interface FormView {
  csrf: string;
  draftToken: string | null;
  /** Shown after "save the draft". */
  savedLink: { href: string; expires: string } | null;
  recipient: Recipient | null;
  query: string;
  results: BodyOption[] | null;
  totals: ComputedTotals;
  maxAttachmentBytes: number;
  maxAttachments: number;
}

function options(values: readonly string[], lang: WebLang, prefix: string): { value: string; label: string }[] {
  return values.map((v) => ({ value: v, label: pt(`${prefix}${v}` as PortalKey, lang) }));
}

function removeButton(kind: string, i: number, text: string): Html {
  return html`<button type="submit" class="danger" name="action" value="remove:${kind}:${i}">${text}</button>`;
}

export function formBody(ctx: FormCtx, v: FormView): Html {
  const { lang, fields } = ctx;
  const c = (name: string, o: Parameters<typeof control>[2]): Html => control(ctx, name, o);
  const refsRequired = new Set(v.recipient?.requiredRefs ?? []);
  const isCredit = fields.get('typeCode') === '381';
  const cats = options(VAT_CATEGORIES, lang, 'category_');
  const nLines = count(fields, 'lines');
  const nAllow = count(fields, 'allowances');
  const nCharge = count(fields, 'charges');
  const used = categoriesInUse(fields);
  const exempt = EXEMPT_CATEGORIES.filter((x) => used.has(x));
  const attachments = attachmentsOf(fields);
  const money = (x: string | undefined | null): string => (x === undefined || x === null ? '–' : x);

  const document = fieldset(pt('sectionDocument', lang), html`
<fieldset class="inline" id="${fieldId('typeCode')}"><legend>${pt('docKind', lang)}</legend>
<div><input type="radio" id="${fieldId('typeCode')}-380" name="typeCode" value="380"${!isCredit ? html` checked` : ''}> <label for="${fieldId('typeCode')}-380">${pt('kindInvoice', lang)}</label></div>
<div><input type="radio" id="${fieldId('typeCode')}-381" name="typeCode" value="381"${isCredit ? html` checked` : ''}> <label for="${fieldId('typeCode')}-381">${pt('kindCreditNote', lang)}</label></div>
</fieldset>
<div class="grid">
${c('number', { bt: 'BT-1', required: true })}
${c('issueDate', { bt: 'BT-2', type: 'date', required: true })}
${c('dueDate', { bt: 'BT-9', type: 'date' })}
${c('currency', { bt: 'BT-5', required: true, options: CURRENCIES.map((x) => ({ value: x, label: x })), narrow: true, data: { totals: 'currency' } })}
${c('buyerReference', { bt: 'BT-10', required: refsRequired.has('BT-10') })}
${c('purchaseOrderReference', { bt: 'BT-13', required: refsRequired.has('BT-13') })}
${c('contractReference', { bt: 'BT-12' })}
${c('precedingInvoices[0].reference', { bt: 'BT-25', required: isCredit })}
${c('precedingInvoices[0].issueDate', { bt: 'BT-26', type: 'date' })}
</div>
${c('paymentTerms', { bt: 'BT-20' })}
${c('notes[0].text', { bt: 'BT-22' })}`, 'section-document');

  const recipient = fieldset(pt('sectionRecipient', lang), html`
${v.recipient ? html`<div class="notice" id="chosen-recipient"><p><strong>${pt('chosenRecipient', lang)} :</strong> ${v.recipient.name} (${v.recipient.bodyId}${v.recipient.endpoint ? `, ${v.recipient.endpoint}` : ''})</p>
<p>${v.recipient.requiredRefs.length > 0 ? pt('requiredRefsOf', lang, { refs: v.recipient.requiredRefs.map((r) => `${btLabel(r, lang)} (${r})`).join(', ') }) : pt('noRequiredRefs', lang)}</p></div>` : ''}
${c('recipientQuery', { label: pt('recipientSearch', lang), type: 'search', required: v.recipient === null })}
<button type="submit" class="secondary" name="action" value="search">${pt('search', lang)}</button>
${v.results === null ? (v.recipient ? html`<input type="hidden" name="recipient" value="${v.recipient.bodyId}">` : '')
    : v.results.length === 0 ? html`<p role="status">${pt('noResults', lang, { q: v.query })}</p>${v.recipient ? html`<input type="hidden" name="recipient" value="${v.recipient.bodyId}">` : ''}`
      : html`<fieldset id="recipient-results"><legend>${pt('searchResults', lang)}</legend>
${v.results.map((b, i) => html`<div><input type="radio" name="recipient" id="${fieldId(`recipient-${i}`)}" value="${b.id}"${(v.recipient?.bodyId ?? v.results?.[0]?.id) === b.id ? html` checked` : ''}> <label for="${fieldId(`recipient-${i}`)}">${b.name} – ${b.id}${b.identifiers.length > 0 ? ` (${b.identifiers.join(', ')})` : ''}${b.requiredRefs.length > 0 ? ` – ${pt('requiredRefsOf', lang, { refs: b.requiredRefs.join(', ') })}` : ''}</label></div>`)}
</fieldset>`}`, 'section-recipient');

  const seller = fieldset(pt('sectionSeller', lang), html`<div class="grid">
${c('seller.name', { bt: 'BT-27', required: true, autocomplete: 'organization' })}
${c('seller.tradingName', { bt: 'BT-28' })}
${c('seller.vatId', { bt: 'BT-31', hint: 'LU12345678' })}
${c('seller.legalRegistration', { bt: 'BT-30' })}
${c('seller.electronicAddress:scheme', { label: pt('schemeOf', lang, { label: btLabel('BT-34', lang) }), options: EAS_OFFERED.map((x) => ({ value: x.code, label: `${x.code} – ${x.label}` })) })}
${c('seller.electronicAddress', { bt: 'BT-34', required: true })}
${c('seller.address.line1', { bt: 'BT-35', autocomplete: 'address-line1' })}
${c('seller.address.postCode', { bt: 'BT-38', narrow: true, autocomplete: 'postal-code' })}
${c('seller.address.city', { bt: 'BT-37', autocomplete: 'address-level2' })}
${c('seller.address.country', { bt: 'BT-40', required: true, narrow: true, hint: 'LU, FR, DE, BE…' })}
${c('seller.contact.name', { bt: 'BT-41' })}
${c('seller.contact.telephone', { bt: 'BT-42', autocomplete: 'tel' })}
${c('seller.contact.email', { bt: 'BT-43', type: 'email', autocomplete: 'email' })}
</div>`, 'section-seller');

  const buyer = fieldset(pt('sectionBuyer', lang), html`<div class="grid">
${c('buyer.name', { bt: 'BT-44', hint: v.recipient?.name })}
${c('buyer.vatId', { bt: 'BT-48' })}
${c('buyer.address.line1', { bt: 'BT-50' })}
${c('buyer.address.postCode', { bt: 'BT-53', narrow: true })}
${c('buyer.address.city', { bt: 'BT-52' })}
${c('buyer.address.country', { bt: 'BT-55', required: true, narrow: true })}
</div>`, 'section-buyer');

  const payee = fieldset(pt('sectionPayee', lang), html`<div class="grid">
${c('payee.name', { bt: 'BT-59' })}
${c('payee.identifier', { bt: 'BT-60' })}
</div>`, 'section-payee');

  const lines = fieldset(pt('sectionLines', lang), html`
${Array.from({ length: nLines }, (_, i) => fieldset(pt('lineN', lang, { n: i + 1 }), html`<div class="grid line" data-line="${i}">
${c(`lines[${i}].item.name`, { bt: 'BT-153', required: true })}
${c(`lines[${i}].quantity`, { bt: 'BT-129', type: 'decimal', required: true, narrow: true, data: { totals: 'qty' } })}
${c(`lines[${i}].unit`, { bt: 'BT-130', options: options(UNITS, lang, 'unit_') })}
${c(`lines[${i}].price.netPrice`, { bt: 'BT-146', type: 'decimal', required: true, narrow: true, data: { totals: 'price' } })}
${c(`lines[${i}].vat.category`, { bt: 'BT-151', options: cats, data: { totals: 'cat' } })}
${c(`lines[${i}].vat.rate`, { bt: 'BT-152', type: 'decimal', narrow: true, hint: '%', data: { totals: 'rate' } })}
<div class="field"><span class="label">${btLabel('BT-131', lang)} (BT-131)</span><output id="out-line-${i}" for="${fieldId(`lines[${i}].quantity`)} ${fieldId(`lines[${i}].price.netPrice`)}">${money(v.totals.lines[i])}</output></div>
</div>
${c(`lines[${i}].item.description`, { bt: 'BT-154' })}
${nLines > 1 ? removeButton('lines', i, pt('removeLine', lang, { n: i + 1 })) : ''}`, `line-${i}`))}
<button type="submit" class="secondary" name="action" value="add:lines">${pt('addLine', lang)}</button>`, 'section-lines');

  const acRows = (kind: 'allowances' | 'charges'): Html => {
    const n = kind === 'allowances' ? nAllow : nCharge;
    const [bAmount, bReason, bCat, bRate] = kind === 'allowances' ? ['BT-92', 'BT-97', 'BT-95', 'BT-96'] : ['BT-99', 'BT-104', 'BT-102', 'BT-103'];
    return html`${Array.from({ length: n }, (_, i) => fieldset(pt(kind === 'allowances' ? 'allowanceN' : 'chargeN', lang, { n: i + 1 }), html`<div class="grid" data-${kind === 'allowances' ? 'allowance' : 'charge'}="${i}">
${c(`${kind}[${i}].amount`, { bt: bAmount, type: 'decimal', required: true, narrow: true, data: { totals: 'amount' } })}
${c(`${kind}[${i}].reason`, { bt: bReason })}
${c(`${kind}[${i}].vatCategory`, { bt: bCat, options: cats, data: { totals: 'cat' } })}
${c(`${kind}[${i}].vatRate`, { bt: bRate, type: 'decimal', narrow: true, data: { totals: 'rate' } })}
</div>${removeButton(kind, i, pt(kind === 'allowances' ? 'removeAllowance' : 'removeCharge', lang, { n: i + 1 }))}`, `${kind}-${i}`))}`;
  };
  const allowances = fieldset(pt('sectionAllowances', lang), html`${acRows('allowances')}${acRows('charges')}
<button type="submit" class="secondary" name="action" value="add:allowances">${pt('addAllowance', lang)}</button>
<button type="submit" class="secondary" name="action" value="add:charges">${pt('addCharge', lang)}</button>`, 'section-allowances');

  const vat = fieldset(pt('sectionVat', lang), exempt.length === 0 ? html`<p>${pt('noExemption', lang)}</p>`
    : html`${exempt.map((cat) => c(`exemption.${cat}`, { label: `${pt('vatReasonFor', lang, { cat })} (BT-120)`, required: true }))}`, 'section-vat');

  const payment = fieldset(pt('sectionPayment', lang), html`<div class="grid">
${c('payment.meansCode', { bt: 'BT-81', options: options(MEANS, lang, 'means_') })}
${c('payment.remittanceInformation', { bt: 'BT-83' })}
${c('payment.creditTransfers[0].account', { bt: 'BT-84', hint: 'LU28 0019 4006 4475 0000' })}
${c('payment.creditTransfers[0].accountName', { bt: 'BT-85' })}
${c('payment.creditTransfers[0].serviceProvider', { bt: 'BT-86' })}
</div>`, 'section-payment');

  const files = fieldset(pt('sectionAttachments', lang), html`
${attachments.length > 0 ? html`<ul>${attachments.map((a, i) => html`<li>${a.reference} (${a.mimeCode}, ${formatBytes(a.size)}) ${removeButton('attachments', i, pt('attachmentRemove', lang, { name: a.reference }))}</li>`)}</ul>` : ''}
${Array.from({ length: count(fields, 'attachments') }, (_, i) => html`${['sha256', 'reference', 'mime', 'size', 'description'].map((k) => fields.has(`attachments[${i}].${k}`) ? html`<input type="hidden" name="attachments[${i}].${k}" value="${fields.get(`attachments[${i}].${k}`) ?? ''}">` : '')}`)}
<div class="field">
<label for="${fieldId('newAttachment')}">${pt('attachmentAdd', lang)}</label>
<p class="hint" id="${fieldId('newAttachment')}-hint">${pt('attachmentHint', lang, { max: formatBytes(v.maxAttachmentBytes), count: v.maxAttachments })}</p>
${ctx.errors.some((e) => e.field === 'newAttachment') ? html`<p class="field-error" id="${fieldId('newAttachment')}-error">${ctx.errors.filter((e) => e.field === 'newAttachment').map((e) => e.message).join(' ')}</p>` : ''}
<input type="file" id="${fieldId('newAttachment')}" name="newAttachment" accept=".pdf,.png,.jpg,.jpeg,.csv,.xlsx,.ods" aria-describedby="${fieldId('newAttachment')}-hint${ctx.errors.some((e) => e.field === 'newAttachment') ? ` ${fieldId('newAttachment')}-error` : ''}">
</div>`, 'section-attachments');

  const t = v.totals.totals;
  const totalRow = (bt: string): Html => html`<tr><th scope="row">${btLabel(bt, lang)} (${bt})</th><td class="num"><output id="out-${bt}">${money(t[bt])}</output></td></tr>`;
  const totals = html`<section aria-labelledby="totals-title" id="section-totals"><h2 id="totals-title">${pt('sectionTotals', lang)}</h2>
<p class="hint">${pt('totalsHint', lang)}</p>
<div aria-live="polite" id="totals-live">
<table><caption class="visually-hidden">${pt('sectionTotals', lang)}</caption><tbody>
${['BT-106', 'BT-107', 'BT-108', 'BT-109', 'BT-110', 'BT-112', 'BT-115'].map(totalRow)}
</tbody></table>
<table><caption>${pt('vatBreakdownTitle', lang)}</caption>
<thead><tr><th scope="col">${btLabel('BT-118', lang)}</th><th scope="col" class="num">${btLabel('BT-119', lang)}</th><th scope="col" class="num">${btLabel('BT-116', lang)}</th><th scope="col" class="num">${btLabel('BT-117', lang)}</th></tr></thead>
<tbody id="vat-breakdown-body">${v.totals.breakdown.length === 0 ? html`<tr><td colspan="4">${pt('noLinesYet', lang)}</td></tr>`
    : v.totals.breakdown.map((b) => html`<tr><td>${b.category}</td><td class="num">${b.rate}</td><td class="num">${b.taxable}</td><td class="num">${b.tax}</td></tr>`)}</tbody>
</table></div>
<button type="submit" class="secondary" name="action" value="recalculate">${pt('recalculate', lang)}</button>
</section>`;

  return html`${v.savedLink ? html`<div class="notice" role="status" id="draft-saved"><p>${pt('draftSaved', lang, { date: v.savedLink.expires })}</p><p><a href="${v.savedLink.href}"><code class="token">${v.savedLink.href}</code></a></p><p class="hint">${pt('privateLinkWarning', lang)}</p></div>` : ''}
<p class="hint">${pt('requiredHint', lang)}</p>
<form method="post" action="/portal/invoices/new" enctype="multipart/form-data" novalidate id="invoice-form" data-no-results="${pt('noLinesYet', lang)}">
${csrfInput(v.csrf)}
${v.draftToken ? html`<input type="hidden" name="draft" value="${v.draftToken}">` : ''}
<input type="hidden" name="count.lines" value="${nLines}">
<input type="hidden" name="count.allowances" value="${nAllow}">
<input type="hidden" name="count.charges" value="${nCharge}">
<input type="hidden" name="count.attachments" value="${count(fields, 'attachments')}">
<button type="submit" name="action" value="check" class="visually-hidden" tabindex="-1" aria-hidden="true">${pt('checkContinue', lang)}</button>
${document}${recipient}${seller}${buyer}${payee}${lines}${allowances}${vat}${payment}${files}${totals}
${c('notifyEmail', { label: pt('notifyEmailLabel', lang), hint: pt('notifyEmailHint', lang), type: 'email', autocomplete: 'email' })}
<div class="actions">
<button type="submit" name="action" value="check">${pt('checkContinue', lang)}</button>
<button type="submit" class="secondary" name="action" value="save">${pt('saveDraft', lang)}</button>
<button type="submit" class="secondary" name="action" value="preview">${pt('preview', lang)}</button>
</div>
</form>`;
}
