/**
 * The statuses of a document on its page: those already sent to the supplier (status, reasons,
 * actions, texts, paid amount, how the supplier was told) and the form to send the next one — quick
 * buttons for the statuses that need nothing else (accepted, paid), and the full form: the statuses
 * the sequence allows, the reasons and actions of the specification with their names, the texts, the
 * paid amount of a partial payment, the effective date. No script.
 */
import { fieldErrorText, html, type FieldError, type Html, type Lang } from '../../web';
import { colon, date, luxTime, money } from './format';
import { inboxText as t, type InboxKey } from './messages';

export interface CodeOption { code: string; name: string; description?: string }
export interface Clarified { code: string; name: string; text: string | null }

export interface StatusLine {
  code: string;
  name: string;
  at: string;
  reasons: Clarified[];
  actions: Clarified[];
  note: string | null;
  effectiveDate: string | null;
  paidAmount: string | null;
  currency: string | null;
  /** `valid` or `invalid` (held). */
  responseState: string;
  /** `peppol`, `mail`, `portal`, `none`. */
  delivery: string;
}

export interface StatusFormValues { code: string; reasons: string[]; actions: string[]; reasonText: string; note: string; paidAmount: string; effectiveDate: string }

export interface StatusFormView {
  /** The statuses the sequence allows now (empty: none). */
  allowed: CodeOption[];
  reasons: CodeOption[];
  actions: CodeOption[];
  currency: string | null;
  values: StatusFormValues | null;
  errors: FieldError[];
}

export const EMPTY_VALUES: StatusFormValues = { code: '', reasons: [], actions: [], reasonText: '', note: '', paidAmount: '', effectiveDate: '' };

const DELIVERY: Record<string, InboxKey> = { peppol: 'sentPeppol', mail: 'sentMail', portal: 'sentPortal', none: 'sentNone' };

function clarified(label: InboxKey, list: Clarified[], lang: Lang): Html | string {
  if (list.length === 0) return '';
  // lines of a paragraph, not a nested list: the timeline's items are styled as steps
  return html`<p class="clarifications">${colon(t(label, lang), lang)}${list.map((c) => html`<br>${c.name} (${c.code})${c.text !== null ? html` — ${c.text}` : ''}`)}</p>`;
}

/** The statuses sent so far, oldest first. */
export function statusHistory(lines: StatusLine[], lang: Lang): Html {
  if (lines.length === 0) return html`<p id="no-status">${t('noStatus', lang)}</p>`;
  return html`<ol class="timeline statuses">${lines.map((s) => html`<li data-code="${s.code}"><strong>${s.name} (${s.code})</strong> – ${luxTime(s.at, lang)}
<br><span class="hint">${s.responseState === 'valid' ? t(DELIVERY[s.delivery] ?? 'sentNone', lang) : t('heldInvalid', lang)}</span>
${clarified('reasons', s.reasons, lang)}${clarified('actions', s.actions, lang)}
${s.paidAmount !== null ? html`<p>${colon(t('paid', lang), lang)} ${money(s.paidAmount, s.currency, lang)}</p>` : ''}
${s.effectiveDate !== null ? html`<p>${colon(t('effective', lang), lang)} ${date(s.effectiveDate, lang)}</p>` : ''}
${s.note !== null ? html`<p>${colon(t('note', lang), lang)} ${s.note}</p>` : ''}</li>`)}</ol>`;
}

function checkboxes(name: 'reasons' | 'actions', legend: InboxKey, options: CodeOption[], chosen: string[], lang: Lang, hint?: Html): Html {
  return html`<fieldset class="checkboxes" id="f-${name}"><legend>${t(legend, lang)}</legend>${hint ?? ''}
${options.map((o) => html`<div class="checkbox"><input type="checkbox" id="f-${name}-${o.code}" name="${name}" value="${o.code}"${chosen.includes(o.code) ? html` checked` : ''}><label for="f-${name}-${o.code}">${o.name} (${o.code})</label></div>`)}</fieldset>`;
}

function quick(base: string, csrf: string, allowed: CodeOption[], lang: Lang): Html | string {
  const q = allowed.filter((o) => o.code === 'AP' || o.code === 'PD');
  if (q.length === 0) return '';
  return html`<h4>${t('quickActions', lang)}</h4><form method="post" action="${base}/responses" class="quick-actions"><input type="hidden" name="csrf" value="${csrf}">${q.map((o) => html`<button type="submit" class="secondary" name="code" value="${o.code}">${t(o.code === 'AP' ? 'quickAccept' : 'quickPaid', lang)}</button>`)}</form>`;
}

/** The form to send the next status (or why there is none). */
export function statusForm(base: string, csrf: string, v: StatusFormView, lang: Lang): Html {
  if (v.allowed.length === 0) return html`<p>${t('noneAllowed', lang)}</p>`;
  const val = v.values ?? EMPTY_VALUES;
  const chosen = v.allowed.some((o) => o.code === val.code) ? val.code : '';
  const err = (f: string): Html => fieldErrorText(f, v.errors, lang);
  return html`<p class="hint">${t('setStatusHint', lang)}</p>${quick(base, csrf, v.allowed, lang)}
<h4>${t('fullForm', lang)}</h4><form method="post" action="${base}/responses" class="status-form" novalidate><input type="hidden" name="csrf" value="${csrf}">
<fieldset class="radios" id="f-code"><legend>${t('newStatus', lang)}</legend>${err('code')}
${v.allowed.map((o) => html`<div class="radio"><input type="radio" id="f-code-${o.code}" name="code" value="${o.code}"${o.code === chosen ? html` checked` : ''}><label for="f-code-${o.code}">${o.name} (${o.code})</label></div>`)}</fieldset>
${checkboxes('reasons', 'reasons', v.reasons, val.reasons, lang, html`<p class="hint">${t('reasonsHint', lang)}</p>${err('reasons')}`)}
${checkboxes('actions', 'actions', v.actions, val.actions, lang)}
<div class="field"><label for="f-reasonText">${t('reasonText', lang)}</label><p class="hint" id="f-reasonText-hint">${t('reasonTextHint', lang)}</p>${err('reasonText')}
<textarea id="f-reasonText" name="reasonText" rows="3" maxlength="2000" aria-describedby="f-reasonText-hint">${val.reasonText}</textarea></div>
<div class="field"><label for="f-note">${t('note', lang)}</label>${err('note')}<textarea id="f-note" name="note" rows="2" maxlength="2000">${val.note}</textarea></div>
<div class="field"><label for="f-paidAmount">${t('paidAmount', lang)}</label><p class="hint" id="f-paidAmount-hint">${t('paidAmountHint', lang, { currency: v.currency ?? 'EUR' })}</p>${err('paidAmount')}
<input id="f-paidAmount" name="paidAmount" type="text" inputmode="decimal" value="${val.paidAmount}" aria-describedby="f-paidAmount-hint"></div>
<div class="field"><label for="f-effectiveDate">${t('effectiveDate', lang)}</label>${err('effectiveDate')}<input id="f-effectiveDate" name="effectiveDate" type="date" value="${val.effectiveDate}"></div>
<button type="submit">${t('send', lang)}</button></form>`;
}
