/** Form controls of the portal pages: label, hint, inline error and aria wiring in one place. */
import { label as btLabel } from '../../model';
import { CSRF_FIELD, fieldErrorText, fieldId, html, type FieldError, type Html, type HtmlValue, type Lang } from '../../web';
import { pt } from './messages';

export interface FormCtx {
  lang: Lang;
  fields: ReadonlyMap<string, string>;
  errors: FieldError[];
}

export interface SelectOption {
  value: string;
  label: string;
  /** Extra attributes of the option for the browser script (data-*). */
  data?: Record<string, string>;
}

export interface ControlOptions {
  /** Visible label (default: the catalogue label of `bt`, with the BT id). */
  label?: string;
  bt?: string;
  type?: 'text' | 'date' | 'email' | 'decimal' | 'search';
  required?: boolean;
  hint?: string;
  /** Ids of hints elsewhere on the page that describe this control too (the numbers hint). */
  describedBy?: string[];
  options?: SelectOption[];
  narrow?: boolean;
  autocomplete?: string;
  /** Extra attributes for the browser script (data-*). */
  data?: Record<string, string>;
}

export function csrfInput(token: string): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

export function labelText(o: ControlOptions, lang: Lang): string {
  if (o.label !== undefined) return o.label;
  return o.bt ? `${btLabel(o.bt, lang)} (${o.bt})` : '';
}

function dataAttrs(data: Record<string, string> | undefined): Html[] {
  return Object.entries(data ?? {}).map(([k, v]) => html` data-${k}="${v}"`);
}

/** One labelled control (input or select) with its hint and error. */
export function control(ctx: FormCtx, name: string, o: ControlOptions): Html {
  const id = fieldId(name);
  const value = ctx.fields.get(name) ?? '';
  const invalid = ctx.errors.some((e) => e.field === name);
  const described = [o.hint ? `${id}-hint` : '', ...(o.describedBy ?? []), invalid ? `${id}-error` : ''].filter((x) => x !== '').join(' ');
  const common = html`id="${id}" name="${name}"${described ? html` aria-describedby="${described}"` : ''}${invalid ? html` aria-invalid="true"` : ''}${o.required ? html` aria-required="true"` : ''}${o.narrow ? html` class="narrow"` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${dataAttrs(o.data)}`;
  let el: Html;
  if (o.options) {
    const opts = o.options.some((x) => x.value === value) || value === '' ? o.options : [...o.options, { value, label: value }];
    el = html`<select ${common}>${opts.map((x) => html`<option value="${x.value}"${x.value === value ? html` selected` : ''}${dataAttrs(x.data)}>${x.label}</option>`)}</select>`;
  } else {
    const type = o.type === 'decimal' ? 'text' : (o.type ?? 'text');
    el = html`<input type="${type}" ${common} value="${value}"${o.type === 'decimal' ? html` inputmode="decimal"` : ''}>`;
  }
  return html`<div class="field">
<label for="${id}">${labelText(o, ctx.lang)}${o.required ? html` <span class="req">(${pt('required', ctx.lang)})</span>` : ''}</label>
${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
${fieldErrorText(name, ctx.errors, ctx.lang)}
${el}
</div>`;
}

export function fieldset(legend: HtmlValue, body: HtmlValue, id?: string, hidden = false): Html {
  return html`<fieldset${id ? html` id="${id}"` : ''}${hidden ? html` hidden` : ''}><legend>${legend}</legend>${body}</fieldset>`;
}

/** A list of terms and their values (`<dl class="summary">`). */
export function summaryList(rows: readonly { label: string; value: HtmlValue }[]): Html {
  return html`<dl class="summary">${rows.map((r) => html`<dt>${r.label}</dt><dd>${r.value}</dd>`)}</dl>`;
}
