/**
 * The manual-entry form page (invoice or credit note). Everything the page needs comes in its view
 * model: the fields as typed, the recipient chosen and the search results, the totals the hub
 * computed, the VAT categories with the rate each imposes and the exemption reasons they need.
 * Without JavaScript every button is a round trip; with it (`static/totals.js`) totals follow the
 * typing, a rate follows its category and an exemption reason appears with its category.
 */
import { label as btLabel } from '../../model';
import { fieldId, html, type Html, type Lang } from '../../web';
import { codeName, codeWithName, PAYMENT_MEANS, UNITS as UNIT_NAMES, VAT_CATEGORIES } from '../../model/codes';
import { control, csrfInput, fieldset, type ControlOptions, type FormCtx, type SelectOption } from './components';
import { CURRENCIES, EAS_OFFERED, MEANS, UNITS } from './fields';
import { bytes, colon, date, number } from './format';
import { pt } from './messages';
import { vatexLabel } from './vatex';

export interface RecipientInput {
  bodyId: string;
  name: string;
  endpoint: string | null;
  requiredRefs: string[];
}

export interface BodyOptionInput {
  id: string;
  name: string;
  identifiers: string[];
  requiredRefs: string[];
}

export interface TotalsInput {
  lines: (string | null)[];
  breakdown: { category: string; rate: string; taxable: string; tax: string }[];
  totals: Record<string, string>;
}

export interface FormView {
  csrf: string;
  draftToken: string | null;
  /** Shown after "save the draft": the private link and its expiry (ISO). */
  savedLink: { href: string; expires: string } | null;
  recipient: RecipientInput | null;
  query: string;
  results: BodyOptionInput[] | null;
  totals: TotalsInput;
  counts: { lines: number; allowances: number; charges: number; attachments: number };
  attachments: { reference: string; mimeCode: string; size: number }[];
  /** The VAT categories offered, with the rate each imposes (`free`: typed; `zero`; `none`). */
  categories: { code: string; rate: 'free' | 'zero' | 'none' }[];
  /** Every category needing an exemption reason, its VATEX codes, and whether the form uses it. */
  exemptions: { category: string; codes: readonly string[]; inUse: boolean }[];
  creditNote: boolean;
  maxAttachmentBytes: number;
  maxAttachments: number;
}

const NUMBERS_HINT = 'numbers-hint';

function removeButton(kind: string, i: number, text: string): Html {
  return html`<button type="submit" class="danger" name="action" value="remove:${kind}:${i}">${text}</button>`;
}

type C = (name: string, o: ControlOptions) => Html;

function documentSection(c: C, v: FormView, lang: Lang): Html {
  const refs = new Set(v.recipient?.requiredRefs ?? []);
  const isCredit = v.creditNote;
  return fieldset(pt('sectionDocument', lang), html`
<fieldset class="inline" id="${fieldId('typeCode')}"><legend>${pt('docKind', lang)}</legend>
<div><input type="radio" id="${fieldId('typeCode')}-380" name="typeCode" value="380"${!isCredit ? html` checked` : ''}> <label for="${fieldId('typeCode')}-380">${pt('kindInvoice', lang)}</label></div>
<div><input type="radio" id="${fieldId('typeCode')}-381" name="typeCode" value="381"${isCredit ? html` checked` : ''}> <label for="${fieldId('typeCode')}-381">${pt('kindCreditNote', lang)}</label></div>
</fieldset>
<div class="grid">
${c('number', { bt: 'BT-1', required: true, ...(isCredit ? { label: `${pt('creditNoteNumber', lang)} (BT-1)` } : {}) })}
${c('issueDate', { bt: 'BT-2', type: 'date', required: true, ...(isCredit ? { label: `${pt('creditNoteDate', lang)} (BT-2)` } : {}) })}
${c('dueDate', { bt: 'BT-9', type: 'date' })}
${c('currency', { bt: 'BT-5', required: true, options: CURRENCIES.map((x) => ({ value: x, label: x })), narrow: true, data: { totals: 'currency' } })}
${c('buyerReference', { bt: 'BT-10', required: refs.has('BT-10') })}
${c('purchaseOrderReference', { bt: 'BT-13', required: refs.has('BT-13') })}
${c('contractReference', { bt: 'BT-12' })}
${c('precedingInvoices[0].reference', { bt: 'BT-25', required: isCredit })}
${c('precedingInvoices[0].issueDate', { bt: 'BT-26', type: 'date' })}
</div>
${c('paymentTerms', { bt: 'BT-20' })}
${c('notes[0].text', { bt: 'BT-22' })}`, 'section-document');
}

function recipientSection(c: C, v: FormView, lang: Lang): Html {
  const r = v.recipient;
  const kept = r ? html`<input type="hidden" name="recipient" value="${r.bodyId}">` : '';
  const chosen = r ? html`<div class="notice" id="chosen-recipient"><p><strong>${colon(pt('chosenRecipient', lang), lang)}</strong> ${r.name}${r.endpoint ? ` – ${r.endpoint}` : ''} (${r.bodyId})</p>
<p>${r.requiredRefs.length > 0 ? pt('requiredRefsOf', lang, { refs: r.requiredRefs.map((x) => `${btLabel(x, lang)} (${x})`).join(', ') }) : pt('noRequiredRefs', lang)}</p></div>` : '';
  let results: Html | string = kept;
  if (v.results !== null && v.results.length === 0) results = html`<p role="status">${pt('noResults', lang, { q: v.query })}</p>${kept}`;
  else if (v.results !== null) {
    // nothing is chosen until the supplier ticks a body; a body chosen before stays offered, ticked
    const list = r && !v.results.some((b) => b.id === r.bodyId) ? [{ id: r.bodyId, name: r.name, identifiers: r.endpoint ? [r.endpoint] : [], requiredRefs: r.requiredRefs }, ...v.results] : v.results;
    results = html`<fieldset id="recipient-results" aria-describedby="recipient-pick-hint"><legend>${pt('searchResults', lang)}</legend>
<p class="hint" id="recipient-pick-hint">${pt('pickRecipient', lang)}</p>
${list.map((b, i) => html`<div><input type="radio" name="recipient" id="${fieldId(`recipient-${i}`)}" value="${b.id}"${r?.bodyId === b.id ? html` checked` : ''}> <label for="${fieldId(`recipient-${i}`)}">${b.name} – ${b.identifiers.length > 0 ? b.identifiers.join(', ') : b.id} (${b.id})${b.requiredRefs.length > 0 ? ` – ${pt('requiredRefsOf', lang, { refs: b.requiredRefs.join(', ') })}` : ''}</label></div>`)}
</fieldset>`;
  }
  return fieldset(pt('sectionRecipient', lang), html`${chosen}
${c('recipientQuery', { label: pt('recipientSearch', lang), type: 'search', required: r === null })}
<button type="submit" class="secondary" name="action" value="search">${pt('search', lang)}</button>
${results}`, 'section-recipient');
}

function partiesSections(c: C, v: FormView, lang: Lang): Html {
  const seller = fieldset(pt('sectionSeller', lang), html`<div class="grid">
${c('seller.name', { bt: 'BT-27', required: true, autocomplete: 'organization' })}
${c('seller.tradingName', { bt: 'BT-28' })}
${c('seller.vatId', { bt: 'BT-31', hint: 'LU12345613' })}
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
${c('buyer.name', { bt: 'BT-44', ...(v.recipient ? { hint: v.recipient.name } : {}) })}
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
  const delivery = fieldset(pt('sectionDelivery', lang), html`<p class="hint">${pt('deliveryHint', lang)}</p><div class="grid">
${c('delivery.date', { bt: 'BT-72', type: 'date' })}
${c('delivery.address.country', { label: `${pt('deliverToCountry', lang)} (BT-80)`, narrow: true })}
</div>`, 'section-delivery');
  return html`${seller}${buyer}${payee}${delivery}`;
}

function categoryOptions(v: FormView, lang: Lang): SelectOption[] {
  return v.categories.map((x) => ({
    value: x.code, label: codeWithName(VAT_CATEGORIES, x.code, lang),
    ...(x.rate === 'free' ? {} : { data: { rate: x.rate === 'zero' ? '0' : '' } }),
  }));
}

function linesSection(c: C, v: FormView, lang: Lang): Html {
  const cats = categoryOptions(v, lang);
  const n = v.counts.lines;
  const num = (x: string | null | undefined): string => (x === null || x === undefined ? '–' : number(x, lang, 2));
  return fieldset(pt('sectionLines', lang), html`<p class="hint" id="${NUMBERS_HINT}">${pt('numbersHint', lang)}</p>
${Array.from({ length: n }, (_, i) => fieldset(pt('lineN', lang, { n: i + 1 }), html`<div class="grid line" data-line="${i}">
${c(`lines[${i}].item.name`, { bt: 'BT-153', required: true })}
${c(`lines[${i}].quantity`, { bt: 'BT-129', type: 'decimal', required: true, narrow: true, describedBy: [NUMBERS_HINT], data: { totals: 'qty' } })}
${c(`lines[${i}].unit`, { bt: 'BT-130', options: UNITS.map((u) => ({ value: u, label: `${codeName(UNIT_NAMES, u, lang) ?? u} (${u})` })) })}
${c(`lines[${i}].price.netPrice`, { bt: 'BT-146', type: 'decimal', required: true, narrow: true, describedBy: [NUMBERS_HINT], data: { totals: 'price' } })}
${c(`lines[${i}].vat.category`, { bt: 'BT-151', options: cats, data: { totals: 'cat' } })}
${c(`lines[${i}].vat.rate`, { bt: 'BT-152', type: 'decimal', narrow: true, hint: '%', data: { totals: 'rate' } })}
<div class="field"><span class="label">${btLabel('BT-131', lang)} (BT-131)</span><output id="out-line-${i}" for="${fieldId(`lines[${i}].quantity`)} ${fieldId(`lines[${i}].price.netPrice`)}">${num(v.totals.lines[i])}</output></div>
</div>
${c(`lines[${i}].item.description`, { bt: 'BT-154' })}
${n > 1 ? removeButton('lines', i, pt('removeLine', lang, { n: i + 1 })) : ''}`, `line-${i}`))}
<button type="submit" class="secondary" name="action" value="add:lines">${pt('addLine', lang)}</button>`, 'section-lines');
}

function allowancesSection(c: C, v: FormView, lang: Lang): Html {
  const cats = categoryOptions(v, lang);
  const rows = (kind: 'allowances' | 'charges'): Html[] => {
    const n = kind === 'allowances' ? v.counts.allowances : v.counts.charges;
    const [bAmount, bReason, bCat, bRate] = kind === 'allowances' ? ['BT-92', 'BT-97', 'BT-95', 'BT-96'] : ['BT-99', 'BT-104', 'BT-102', 'BT-103'];
    return Array.from({ length: n }, (_, i) => fieldset(pt(kind === 'allowances' ? 'allowanceN' : 'chargeN', lang, { n: i + 1 }), html`<div class="grid" data-${kind === 'allowances' ? 'allowance' : 'charge'}="${i}">
${c(`${kind}[${i}].amount`, { bt: bAmount, type: 'decimal', required: true, narrow: true, describedBy: [NUMBERS_HINT], data: { totals: 'amount' } })}
${c(`${kind}[${i}].reason`, { bt: bReason })}
${c(`${kind}[${i}].vatCategory`, { bt: bCat, options: cats, data: { totals: 'cat' } })}
${c(`${kind}[${i}].vatRate`, { bt: bRate, type: 'decimal', narrow: true, data: { totals: 'rate' } })}
</div>${removeButton(kind, i, pt(kind === 'allowances' ? 'removeAllowance' : 'removeCharge', lang, { n: i + 1 }))}`, `${kind}-${i}`));
  };
  return fieldset(pt('sectionAllowances', lang), html`${rows('allowances')}${rows('charges')}
<button type="submit" class="secondary" name="action" value="add:allowances">${pt('addAllowance', lang)}</button>
<button type="submit" class="secondary" name="action" value="add:charges">${pt('addCharge', lang)}</button>`, 'section-allowances');
}

/** One block per category that needs a reason: hidden until a row uses the category (the script shows it at once). */
function vatSection(c: C, v: FormView, lang: Lang): Html {
  const any = v.exemptions.some((e) => e.inUse);
  return fieldset(pt('sectionVat', lang), html`<p id="no-exemption"${any ? html` hidden` : ''}>${pt('noExemption', lang)}</p>
${v.exemptions.map((e) => html`<fieldset class="exemption" data-exemption="${e.category}"${e.inUse ? '' : html` hidden`}>
<legend>${codeWithName(VAT_CATEGORIES, e.category, lang)}</legend>
<p class="hint" id="exemption-${e.category}-hint">${pt('exemptionHint', lang)}</p>
${c(`exemptionCode.${e.category}`, {
    label: `${pt('exemptionCodeFor', lang, { cat: e.category })} (BT-121)`, describedBy: [`exemption-${e.category}-hint`],
    options: [...(e.codes.length > 1 ? [{ value: '', label: pt('chooseOne', lang) }] : []), ...e.codes.map((code) => ({ value: code, label: vatexLabel(code, lang) }))],
  })}
${c(`exemption.${e.category}`, { label: `${pt('vatReasonFor', lang, { cat: e.category })} (BT-120)`, describedBy: [`exemption-${e.category}-hint`] })}
</fieldset>`)}`, 'section-vat');
}

function paymentSection(c: C, v: FormView, lang: Lang): Html {
  const means: SelectOption[] = [{ value: '', label: pt('meansNone', lang) }, ...MEANS.map((m) => ({ value: m, label: codeWithName(PAYMENT_MEANS, m, lang) }))];
  return fieldset(pt('sectionPayment', lang), html`${v.creditNote ? html`<p class="hint">${pt('paymentCreditNoteHint', lang)}</p>` : ''}<div class="grid">
${c('payment.meansCode', { bt: 'BT-81', options: means })}
${c('payment.remittanceInformation', { bt: 'BT-83' })}
${c('payment.creditTransfers[0].account', { bt: 'BT-84', hint: 'LU28 0019 4006 4475 0000' })}
${c('payment.creditTransfers[0].accountName', { bt: 'BT-85' })}
${c('payment.creditTransfers[0].serviceProvider', { bt: 'BT-86' })}
</div>`, 'section-payment');
}

function attachmentsSection(ctx: FormCtx, v: FormView): Html {
  const { lang, fields, errors } = ctx;
  const invalid = errors.some((e) => e.field === 'newAttachment');
  return fieldset(pt('sectionAttachments', lang), html`
${v.attachments.length > 0 ? html`<ul>${v.attachments.map((a, i) => html`<li>${a.reference} (${a.mimeCode}, ${bytes(a.size, lang)}) ${removeButton('attachments', i, pt('attachmentRemove', lang, { name: a.reference }))}</li>`)}</ul>` : ''}
${Array.from({ length: v.counts.attachments }, (_, i) => ['sha256', 'reference', 'mime', 'size', 'description'].map((k) => (fields.has(`attachments[${i}].${k}`) ? html`<input type="hidden" name="attachments[${i}].${k}" value="${fields.get(`attachments[${i}].${k}`) ?? ''}">` : '')))}
<div class="field">
<label for="${fieldId('newAttachment')}">${pt('attachmentAdd', lang)}</label>
<p class="hint" id="${fieldId('newAttachment')}-hint">${pt('attachmentHint', lang, { max: bytes(v.maxAttachmentBytes, lang), count: v.maxAttachments })}</p>
${invalid ? html`<p class="field-error" id="${fieldId('newAttachment')}-error">${errors.filter((e) => e.field === 'newAttachment').map((e) => e.message).join(' ')}</p>` : ''}
<input type="file" id="${fieldId('newAttachment')}" name="newAttachment" accept=".pdf,.png,.jpg,.jpeg,.csv,.xlsx,.ods" aria-describedby="${fieldId('newAttachment')}-hint${invalid ? ` ${fieldId('newAttachment')}-error` : ''}">
</div>`, 'section-attachments');
}

function totalsSection(v: FormView, lang: Lang): Html {
  const t = v.totals.totals;
  const amount = (x: string | undefined): string => (x === undefined ? '–' : number(x, lang, 2));
  const totalRow = (bt: string): Html => html`<tr><th scope="row">${btLabel(bt, lang)} (${bt})</th><td class="num"><output id="out-${bt}">${amount(t[bt])}</output></td></tr>`;
  return html`<section aria-labelledby="totals-title" id="section-totals"><h2 id="totals-title">${pt('sectionTotals', lang)}</h2>
<p class="hint">${pt('totalsHint', lang)}</p>
<div aria-live="polite" id="totals-live">
<table><caption class="visually-hidden">${pt('sectionTotals', lang)}</caption><tbody>
${['BT-106', 'BT-107', 'BT-108', 'BT-109', 'BT-110', 'BT-112', 'BT-115'].map(totalRow)}
</tbody></table>
<table><caption>${pt('vatBreakdownTitle', lang)}</caption>
<thead><tr><th scope="col">${btLabel('BT-118', lang)}</th><th scope="col" class="num">${btLabel('BT-119', lang)}</th><th scope="col" class="num">${btLabel('BT-116', lang)}</th><th scope="col" class="num">${btLabel('BT-117', lang)}</th></tr></thead>
<tbody id="vat-breakdown-body">${v.totals.breakdown.length === 0 ? html`<tr><td colspan="4">${pt('noLinesYet', lang)}</td></tr>`
    : v.totals.breakdown.map((b) => html`<tr><td>${b.category}</td><td class="num">${number(b.rate, lang)}</td><td class="num">${amount(b.taxable)}</td><td class="num">${amount(b.tax)}</td></tr>`)}</tbody>
</table></div>
<button type="submit" class="secondary" name="action" value="recalculate">${pt('recalculate', lang)}</button>
</section>`;
}

export function formBody(ctx: FormCtx, v: FormView): Html {
  const { lang } = ctx;
  const c: C = (name, o) => control(ctx, name, o);
  return html`${v.savedLink ? html`<div class="notice" role="status" id="draft-saved"><p>${pt('draftSaved', lang, { date: date(v.savedLink.expires.slice(0, 10), lang) })}</p><p><a href="${v.savedLink.href}"><code class="token">${v.savedLink.href}</code></a></p><p class="hint">${pt('privateLinkWarning', lang)}</p></div>` : ''}
<p class="hint">${pt('requiredHint', lang)}</p>
<form method="post" action="/portal/invoices/new" enctype="multipart/form-data" novalidate id="invoice-form" data-lang="${lang}" data-no-results="${pt('noLinesYet', lang)}">
${csrfInput(v.csrf)}
${v.draftToken ? html`<input type="hidden" name="draft" value="${v.draftToken}">` : ''}
<input type="hidden" name="count.lines" value="${v.counts.lines}">
<input type="hidden" name="count.allowances" value="${v.counts.allowances}">
<input type="hidden" name="count.charges" value="${v.counts.charges}">
<input type="hidden" name="count.attachments" value="${v.counts.attachments}">
<button type="submit" name="action" value="check" class="visually-hidden" tabindex="-1" aria-hidden="true">${pt('checkContinue', lang)}</button>
${documentSection(c, v, lang)}${recipientSection(c, v, lang)}${partiesSections(c, v, lang)}${linesSection(c, v, lang)}${allowancesSection(c, v, lang)}${vatSection(c, v, lang)}${paymentSection(c, v, lang)}${attachmentsSection(ctx, v)}${totalsSection(v, lang)}
${c('notifyEmail', { label: pt('notifyEmailLabel', lang), hint: pt('notifyEmailHint', lang), type: 'email', autocomplete: 'email' })}
<div class="actions">
<button type="submit" name="action" value="check">${pt('checkContinue', lang)}</button>
<button type="submit" class="secondary" name="action" value="save">${pt('saveDraft', lang)}</button>
<button type="submit" class="secondary" name="action" value="preview">${pt('preview', lang)}</button>
</div>
</form>`;
}
