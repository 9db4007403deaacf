/**
 * The fields of an action on documents, shared by the document page (one document) and the queue
 * pages (the documents ticked): the action, the reason or note, and — to route — the directory's
 * search as a picker: a search box with its own submit button (`find`, the same form posted back
 * without acting, so what was typed and ticked stays) and the bodies found as radio buttons, none
 * chosen until the operator chooses one. No script.
 */
import { html, type Html, type Lang } from '../../web';
import { ct, labelOf } from './messages';

/** `documents`: the document page and the state queues; `redeliver`: dead letters; `responses`: invalid Invoice Responses (seen: handled). */
export type ActionKind = 'documents' | 'redeliver' | 'responses';

export interface PickedBody { id: string; name: string; identifiers: string[]; status: string }

export interface PickerView {
  /** What was searched (empty: not yet). */
  query: string;
  results: PickedBody[];
  /** More bodies matched than are shown. */
  more: boolean;
  /** The body the operator chose before the page came back (kept), or null. */
  chosen: string | null;
}

export interface ActionFormView {
  kind: ActionKind;
  /** Prefix of the element ids (`doc`, `bulk`). */
  idPrefix: string;
  /** The action chosen before the page came back, or null (the first one). */
  action: string | null;
  reason: string;
  picker: PickerView;
}

export const PICKER_LIMIT = 20;

function picker(v: ActionFormView, lang: Lang): Html {
  const p = v.picker;
  const id = `${v.idPrefix}-bodyq`;
  const results = p.query === '' ? html``
    : p.results.length === 0 ? html`<p role="status">${ct('pickerNone', lang, { q: p.query })}</p>`
      : html`<fieldset class="picker-results"><legend>${ct('pickerResults', lang, { q: p.query })}</legend>
${p.results.map((b, i) => html`<div class="radio picker-choice"><input type="radio" id="${v.idPrefix}-body-${i}" name="bodyId" value="${b.id}"${b.id === p.chosen ? html` checked` : ''}><label for="${v.idPrefix}-body-${i}"><strong>${b.name}</strong> <span class="hint">${b.id}${b.status !== 'active' ? ` — ${labelOf('bs_', b.status, lang)}` : ''}${b.identifiers.length > 0 ? ` — ${b.identifiers.join(', ')}` : ''}</span></label></div>`)}
${p.more ? html`<p class="hint">${ct('pickerMore', lang, { n: PICKER_LIMIT })}</p>` : ''}</fieldset>`;
  return html`<fieldset class="picker"><legend>${ct('pickerLegend', lang)}</legend>
<div class="field"><label for="${id}">${ct('pickerSearch', lang)}</label><p class="hint" id="${id}-hint">${ct('pickerHint', lang)}</p>
<div class="search-row"><input type="search" id="${id}" name="bodyQ" value="${p.query}" maxlength="200" autocomplete="off" aria-describedby="${id}-hint"><button type="submit" name="find" value="1" class="secondary" formnovalidate>${ct('pickerButton', lang)}</button></div></div>
${results}</fieldset>`;
}

/** The action choice, the reason and, for documents, the body picker; `redeliver` is the dead-letters queue's only action. */
export function actionFields(v: ActionFormView, lang: Lang): Html {
  const actions = v.kind === 'redeliver' ? ['redeliver'] : v.kind === 'responses' ? ['handled'] : ['reprocess', 'route', 'reject', 'handled', 'reopen'];
  const chosen = v.action !== null && actions.includes(v.action) ? v.action : actions[0];
  const p = v.idPrefix;
  return html`<fieldset><legend>${ct('action', lang)}</legend>
${actions.map((a) => html`<div class="radio"><input type="radio" id="${p}-a_${a}" name="action" value="${a}"${a === chosen ? html` checked` : ''}><label for="${p}-a_${a}">${labelOf('a_', a, lang)}</label></div>`)}
</fieldset>
<div class="field"><label for="${p}-reason">${ct('reason', lang)}</label>
<p class="hint" id="${p}-reason-hint">${ct(v.kind === 'redeliver' ? 'redeliverHint' : 'reasonHint', lang)}</p>
<textarea id="${p}-reason" name="reason" rows="2" maxlength="2000" aria-describedby="${p}-reason-hint">${v.reason}</textarea></div>
${v.kind === 'documents' ? picker(v, lang) : ''}`;
}
