/**
 * Editing a body of the directory with proper controls: selects for the type, status and language,
 * date fields, one row per identifier (scheme select, value, purpose select), per successor (id,
 * primary) and per routing rule (reference select, pattern, department), check boxes for the
 * required references, the delivery contact. Rows left empty are ignored; "add empty rows" posts the
 * form back with more of them (no script). Errors are shown at their field and in the summary.
 */
import { fieldErrorText, fieldId, html, type FieldError, type Html, type Lang } from '../../web';
import { hiddenCsrf, notice } from './components';
import { directoryNav } from './directory';
import { consolePage, type Frame } from './layout';
import { ct, labelOf, type ConsoleKey } from './messages';

export interface BodyFormValues {
  id: string;
  type: string;
  parentId: string;
  status: string;
  language: string;
  validFrom: string;
  validTo: string;
  names: { fr: string; de: string; en: string; lb: string };
  shortName: string;
  identifiers: { scheme: string; value: string; purpose: string }[];
  successors: { id: string; primary: boolean }[];
  requiredReferences: string[];
  routingRules: { field: string; pattern: string; department: string }[];
  contact: { name: string; email: string; phone: string };
}

export interface BodyFormOptions {
  types: readonly string[];
  /** Identifier schemes (EAS / ICD codes), the usual ones first, with a name where the console has one. */
  schemes: readonly { code: string; name?: string }[];
  purposes: readonly string[];
  languages: readonly string[];
  references: readonly string[];
}

export interface BodyFormView {
  isNew: boolean;
  canEdit: boolean;
  saved: boolean;
  errors: FieldError[];
  values: BodyFormValues;
  effectiveFrom: string;
  /** Empty rows to offer below the filled ones in each list. */
  emptyRows: number;
  options: BodyFormOptions;
}

interface Ctx { lang: Lang; errors: FieldError[]; readOnly: boolean }

function described(c: Ctx, name: string, hint?: string): { attrs: Html; hint: Html; error: Html } {
  const invalid = c.errors.some((e) => e.field === name);
  const ids = [hint ? `${fieldId(name)}-hint` : '', invalid ? `${fieldId(name)}-error` : ''].filter((x) => x !== '').join(' ');
  return {
    attrs: html`${ids ? html` aria-describedby="${ids}"` : ''}${invalid ? html` aria-invalid="true"` : ''}${c.readOnly ? html` disabled` : ''}`,
    hint: hint ? html`<p class="hint" id="${fieldId(name)}-hint">${hint}</p>` : html``,
    error: fieldErrorText(name, c.errors, c.lang),
  };
}

function input(c: Ctx, name: string, label: string, value: string, o: { type?: string; hint?: string; extra?: Html; cls?: string } = {}): Html {
  const d = described(c, name, o.hint);
  return html`<div class="field${o.cls ? ` ${o.cls}` : ''}"><label for="${fieldId(name)}">${label}</label>${d.hint}${d.error}<input type="${o.type ?? 'text'}" id="${fieldId(name)}" name="${name}" value="${value}"${o.extra ?? ''}${d.attrs}></div>`;
}

interface Option { value: string; label: string; group?: string }

function options(list: readonly Option[], value: string): Html {
  const one = (x: Option): Html => html`<option value="${x.value}"${x.value === value ? html` selected` : ''}>${x.label}</option>`;
  const groups = [...new Set(list.map((x) => x.group))];
  if (groups.length === 1 && groups[0] === undefined) return html`${list.map(one)}`;
  return html`${groups.map((g) => html`<optgroup label="${g ?? ''}">${list.filter((x) => x.group === g).map(one)}</optgroup>`)}`;
}

function select(c: Ctx, name: string, label: string, value: string, list: readonly Option[], o: { hint?: string; cls?: string; blank?: boolean } = {}): Html {
  const d = described(c, name, o.hint);
  const all = list.some((x) => x.value === value) || value === '' ? list : [{ value, label: value, group: list[0]?.group }, ...list];
  return html`<div class="field${o.cls ? ` ${o.cls}` : ''}"><label for="${fieldId(name)}">${label}</label>${d.hint}${d.error}<select id="${fieldId(name)}" name="${name}"${d.attrs}>${o.blank ? html`<option value=""${value === '' ? html` selected` : ''}>—</option>` : ''}${options(all, value)}</select></div>`;
}

function rows<T>(filled: readonly T[], empty: T, n: number): T[] {
  return [...filled, ...Array.from({ length: n }, () => empty)];
}

/** A control in a cell of a rows table: its label is the column's name and the row's number (read by screen readers, not shown). */
function cell(c: Ctx, name: string, label: string, control: (attrs: Html) => Html): Html {
  const d = described(c, name);
  return html`<td><label for="${fieldId(name)}" class="visually-hidden">${label}</label>${d.error}${control(d.attrs)}</td>`;
}

function cellInput(c: Ctx, name: string, label: string, value: string, extra: Html): Html {
  return cell(c, name, label, (attrs) => html`<input type="text" id="${fieldId(name)}" name="${name}" value="${value}"${extra}${attrs}>`);
}

function cellSelect(c: Ctx, name: string, label: string, value: string, list: readonly Option[], blank = false): Html {
  const all = list.some((x) => x.value === value) || value === '' ? list : [{ value, label: value, group: list[0]?.group }, ...list];
  return cell(c, name, label, (attrs) => html`<select id="${fieldId(name)}" name="${name}"${attrs}>${blank ? html`<option value=""${value === '' ? html` selected` : ''}>—</option>` : ''}${options(all, value)}</select>`);
}

/** A list of the body (identifiers, rules, successors) as a table of controls, one row per entry. */
function rowsTable(legend: string, head: readonly string[], body: readonly Html[], hint: string): Html {
  return html`<fieldset><legend>${legend}</legend><p class="hint">${hint}</p>
<table class="rows"><thead><tr><th scope="col" class="num">#</th>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${body.map((r, i) => html`<tr><td class="num">${i + 1}</td>${r}</tr>`)}</tbody></table></fieldset>`;
}

function identifiers(c: Ctx, v: BodyFormView): Html {
  const lang = c.lang;
  const schemes = v.options.schemes.map((s) => ({ value: s.code, label: s.name ? `${s.code} — ${s.name}` : s.code, group: ct(s.name ? 'schemesUsual' : 'schemesOther', lang) }));
  const purposes = v.options.purposes.map((p) => ({ value: p, label: labelOf('purpose_', p, lang) }));
  const list = rows(v.values.identifiers, { scheme: '', value: '', purpose: 'peppol' }, v.emptyRows);
  return rowsTable(ct('f_identifiers', lang), [ct('f_scheme', lang), ct('f_value', lang), ct('f_purpose', lang)], list.map((x, i) => {
    const n = ct('f_identifier', lang, { n: i + 1 });
    return html`${cellSelect(c, `identifiers[${i}].scheme`, `${ct('f_scheme', lang)} — ${n}`, x.scheme, schemes, true)}${cellInput(c, `identifiers[${i}].value`, `${ct('f_value', lang)} — ${n}`, x.value, html` maxlength="100" autocomplete="off"`)}${cellSelect(c, `identifiers[${i}].purpose`, `${ct('f_purpose', lang)} — ${n}`, x.purpose, purposes)}`;
  }), ct('emptyRowsHint', lang));
}

function successors(c: Ctx, v: BodyFormView): Html {
  const lang = c.lang;
  const list = rows(v.values.successors, { id: '', primary: false }, Math.max(1, Math.ceil(v.emptyRows / 2)));
  return rowsTable(ct('f_successors', lang), [ct('f_successorId', lang), ct('f_primary', lang)], list.map((s, i) => {
    const n = ct('f_successor', lang, { n: i + 1 });
    const name = `successors[${i}].primary`;
    return html`${cellInput(c, `successors[${i}].id`, `${ct('f_successorId', lang)} — ${n}`, s.id, html` maxlength="80" autocomplete="off"`)}<td><input type="checkbox" id="${fieldId(name)}" name="${name}" value="1"${s.primary ? html` checked` : ''}${c.readOnly ? html` disabled` : ''}><label for="${fieldId(name)}" class="visually-hidden">${ct('f_primary', lang)} — ${n}</label></td>`;
  }), ct('f_successorsHint', lang));
}

function rules(c: Ctx, v: BodyFormView): Html {
  const lang = c.lang;
  const refs = v.options.references.map((r) => ({ value: r, label: r }));
  const list = rows(v.values.routingRules, { field: 'BT-10', pattern: '', department: '' }, Math.max(1, Math.ceil(v.emptyRows / 2)));
  return rowsTable(ct('f_routingRules', lang), [ct('f_ruleField', lang), ct('f_pattern', lang), ct('f_department', lang)], list.map((r, i) => {
    const n = ct('f_rule', lang, { n: i + 1 });
    return html`${cellSelect(c, `routingRules[${i}].field`, `${ct('f_ruleField', lang)} — ${n}`, r.field, refs)}${cellInput(c, `routingRules[${i}].pattern`, `${ct('f_pattern', lang)} — ${n}`, r.pattern, html` maxlength="200"`)}${cellInput(c, `routingRules[${i}].department`, `${ct('f_department', lang)} — ${n}`, r.department, html` maxlength="60"`)}`;
  }), ct('f_rulesHint', lang));
}

function references(c: Ctx, v: BodyFormView): Html {
  return html`<fieldset><legend>${ct('f_requiredReferences', c.lang)}</legend>${fieldErrorText('requiredReferences', c.errors, c.lang)}
${v.options.references.map((r) => {
    const name = `requiredReferences.${r}`;
    return html`<div class="field checkbox"><input type="checkbox" id="${fieldId(name)}" name="${name}" value="1"${v.values.requiredReferences.includes(r) ? html` checked` : ''}${c.readOnly ? html` disabled` : ''}><label for="${fieldId(name)}">${r}</label></div>`;
  })}</fieldset>`;
}

export function bodyFormPage(f: Frame, v: BodyFormView): string {
  const lang = f.lang;
  const c: Ctx = { lang, errors: v.errors, readOnly: !v.canEdit };
  const x = v.values;
  const opts = (list: readonly string[], prefix: string): { value: string; label: string }[] => list.map((o) => ({ value: o, label: labelOf(prefix, o, lang) }));
  const names = (['fr', 'de', 'en', 'lb'] as const).map((l) => input(c, `names.${l}`, ct(`f_name_${l}` as ConsoleKey, lang), x.names[l], { extra: html` maxlength="300"${l === 'fr' || l === 'de' ? html` required` : ''}` }));
  const body = html`${directoryNav(lang, v.canEdit)}${v.saved ? notice('ok', [ct('saved', lang)]) : ''}
<form method="post" action="/console/directory/bodies" novalidate>${hiddenCsrf(f.csrf)}<input type="hidden" name="rows" value="${v.emptyRows}">${v.isNew ? '' : html`<input type="hidden" name="existing" value="1">`}
<div class="grid">
${input(c, 'id', ct('f_id', lang), x.id, { hint: ct('f_idHint', lang), extra: html` maxlength="80" autocomplete="off"${v.isNew ? html` required` : html` readonly`}` })}
${select(c, 'type', ct('f_type', lang), x.type, opts(v.options.types, 'bt_'))}
${select(c, 'status', ct('f_status', lang), x.status, opts(['active', 'retired'], 'bs_'))}
${select(c, 'language', ct('f_language', lang), x.language, opts(v.options.languages, 'lang_'))}
${input(c, 'parentId', ct('f_parentId', lang), x.parentId, { extra: html` maxlength="80" autocomplete="off"` })}
${input(c, 'validFrom', ct('f_validFrom', lang), x.validFrom, { type: 'date' })}
${input(c, 'validTo', ct('f_validTo', lang), x.validTo, { type: 'date', hint: ct('f_validToHint', lang) })}
</div>
<fieldset><legend>${ct('f_names', lang)}</legend><div class="grid">${names}${input(c, 'shortName', ct('f_shortName', lang), x.shortName, { extra: html` maxlength="300"` })}</div></fieldset>
${identifiers(c, v)}
${references(c, v)}
${rules(c, v)}
${successors(c, v)}
<fieldset><legend>${ct('f_contact', lang)}</legend><div class="grid">
${input(c, 'contact.name', ct('f_contactName', lang), x.contact.name, { extra: html` maxlength="200"` })}${input(c, 'contact.email', ct('f_contactEmail', lang), x.contact.email, { type: 'email', extra: html` maxlength="320"` })}${input(c, 'contact.phone', ct('f_contactPhone', lang), x.contact.phone, { type: 'tel', extra: html` maxlength="50"` })}
</div></fieldset>
${input(c, 'effectiveFrom', ct('effectiveFrom', lang), v.effectiveFrom, { type: 'date', hint: ct('effectiveHint', lang) })}
${v.canEdit ? html`<button type="submit" id="body-save">${ct('save', lang)}</button><button type="submit" name="more" value="1" class="secondary" formnovalidate>${ct('moreRows', lang)}</button>` : html`<p>${ct('readOnly', lang)}</p>`}
</form>`;
  return consolePage(f, { title: v.isNew ? ct('newBody', lang) : `${ct('edit', lang)} ${x.id}`, section: 'directory', errors: v.errors, body });
}
