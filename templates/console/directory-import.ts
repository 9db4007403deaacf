/**
 * The directory's CSV import: the file and its effective date, then the dry run's diff as a table —
 * one line per field that changes, before and after in words — the errors with their CSV line, the
 * bodies of the directory the file leaves out, and the button that applies exactly the file checked.
 */
import { html, type FieldError, type Html, type HtmlValue, type Lang } from '../../web';
import { hiddenCsrf, notice, readable, table } from './components';
import { directoryNav } from './directory';
import { fmtDay, fmtInt } from './format';
import { consolePage, type Frame } from './layout';
import { ct, labelOf, type ConsoleKey } from './messages';

export interface DiffLineView {
  change: 'added' | 'changed' | 'retired';
  /** CSV line of the body. */
  row: number;
  id: string;
  /** Added bodies: their French name; others: the field that changes. */
  field: string | null;
  before: unknown;
  after: unknown;
}

export interface ImportReportView {
  counts: { added: number; changed: number; retired: number; unchanged: number };
  errors: { row: number; id: string | null; field: string; message: string }[];
  lines: DiffLineView[];
  /** Current bodies the file does not mention. */
  missing: { id: string; name: string; status: string }[];
}

export interface ImportPageView {
  effectiveFrom: string;
  errors: FieldError[];
  report: ImportReportView | null;
  /** SHA-256 of the file checked (dry run without error): the apply form sends it. */
  sha: string | null;
  applied: boolean;
}

const FIELD_KEYS: Record<string, ConsoleKey> = {
  type: 'f_type', parentId: 'f_parentId', status: 'f_status', language: 'f_language', validFrom: 'f_validFrom', validTo: 'f_validTo',
  names: 'f_names', shortName: 'f_shortName', identifiers: 'f_identifiers', successors: 'f_successors', requiredReferences: 'f_requiredReferences',
  routingRules: 'f_routingRules', contacts: 'f_contacts',
};

/** The items of a list field (or the languages of the names), each with a key to compare and its words. */
function itemsOf(field: string, v: unknown, lang: Lang): { key: string; text: HtmlValue }[] | null {
  if (v === null || v === undefined) return field === 'names' || Array.isArray(v) ? [] : null;
  switch (field) {
    case 'names': return Object.entries(v as Record<string, string>).map(([l, n]) => ({ key: `${l}=${n}`, text: html`${n} <span class="hint">(${labelOf('lang_', l, lang)})</span>` }));
    case 'identifiers': return (v as { scheme: string; value: string; purpose: string }[]).map((i) => ({ key: `${i.scheme}:${i.value}@${i.purpose}`, text: `${i.scheme}:${i.value} (${labelOf('purpose_', i.purpose, lang)})` }));
    case 'successors': return (v as { id: string; primary: boolean }[]).map((x) => ({ key: `${x.id}${x.primary ? '*' : ''}`, text: `${x.id}${x.primary ? ` (${ct('primary', lang)})` : ''}` }));
    case 'requiredReferences': return (v as string[]).map((r) => ({ key: r, text: r }));
    case 'routingRules': return (v as { field: string; pattern: string; department: string }[]).map((r) => ({ key: `${r.field}:${r.pattern}=${r.department}`, text: `${r.field} ${r.pattern} → ${r.department}` }));
    case 'contacts': return (v as { role: string; name?: string; email?: string; phone?: string }[]).map((c) => ({ key: JSON.stringify(c), text: [c.role, c.name, c.email, c.phone].filter((x) => x).join(', ') }));
    default: return null;
  }
}

/**
 * A body field's value in words: lists as lists, codes as labels, dates localised. With `other`
 * (the value on the other side of the change), the items only on this side are marked: removed
 * (`del`, in the "before" column) or added (`ins`, in the "after" column).
 */
export function fieldValue(field: string, v: unknown, lang: Lang, o: { other?: unknown; mark?: 'ins' | 'del' } = {}): HtmlValue {
  const items = itemsOf(field, v, lang);
  if (items !== null) {
    if (items.length === 0) return html`<span class="hint">${ct('none', lang)}</span>`;
    const others = new Set((o.mark ? itemsOf(field, o.other, lang) ?? [] : []).map((x) => x.key));
    const marked = (x: { key: string; text: HtmlValue }): Html => (o.mark === undefined || others.has(x.key) ? html`${x.text}`
      : o.mark === 'ins' ? html`<ins>${x.text}<span class="visually-hidden"> (${ct('itemAdded', lang)})</span></ins>` : html`<del>${x.text}<span class="visually-hidden"> (${ct('itemRemoved', lang)})</span></del>`);
    return html`<ul class="plain">${items.map((x) => html`<li>${marked(x)}</li>`)}</ul>`;
  }
  if (v === null || v === undefined || v === '') return html`<span class="hint">${ct('none', lang)}</span>`;
  switch (field) {
    case 'type': return labelOf('bt_', String(v), lang);
    case 'status': return labelOf('bs_', String(v), lang);
    case 'language': return labelOf('lang_', String(v), lang);
    case 'validFrom': case 'validTo': return fmtDay(String(v), lang);
    default: return readable(v, lang);
  }
}

function fieldName(field: string, lang: Lang): string {
  const k = FIELD_KEYS[field];
  return k ? ct(k, lang) : field;
}

function diff(r: ImportReportView, lang: Lang): Html {
  if (r.lines.length === 0) return html`<p>${ct('noChanges', lang)}</p>`;
  const change: Record<DiffLineView['change'], ConsoleKey> = { added: 'added', changed: 'changed', retired: 'retiredCol' };
  return table(ct('diffTitle', lang), [ct('change', lang), ct('line', lang), ct('f_id', lang), ct('field', lang), ct('before', lang), ct('after', lang)], r.lines.map((l) => [
    html`<span class="change-${l.change}">${ct(change[l.change], lang)}</span>`, fmtInt(l.row, lang), l.id,
    l.field === null ? '–' : fieldName(l.field, lang),
    l.field === null ? '–' : fieldValue(l.field, l.before, lang, { other: l.after, mark: 'del' }),
    l.field === null ? String(l.after ?? '') : fieldValue(l.field, l.after, lang, { other: l.before, mark: 'ins' }),
  ]), { id: 'import-diff', numeric: [1], hideCaption: true });
}

function report(v: ImportPageView, f: Frame): Html {
  const r = v.report;
  if (r === null) return html``;
  const lang = f.lang;
  const c = r.counts;
  return html`<h2>${ct(v.applied ? 'diffApplied' : 'diffTitle', lang)}</h2>
${notice('ok', [v.applied ? ct('applied', lang, { added: c.added, changed: c.changed, retired: c.retired }) : ct('planned', lang, { added: c.added, changed: c.changed, retired: c.retired, unchanged: c.unchanged })])}
${r.errors.length > 0 ? table(ct('importErrors', lang), [ct('line', lang), ct('f_id', lang), ct('field', lang), ct('message', lang)], r.errors.map((e) => [fmtInt(e.row, lang), e.id ?? '–', e.field, e.message]), { id: 'import-errors', numeric: [0] }) : ''}
${diff(r, lang)}
${v.applied ? '' : html`<h2>${ct('missingTitle', lang)}</h2>${r.missing.length === 0 ? html`<p>${ct('noMissing', lang)}</p>` : html`<p>${ct('missingText', lang)}</p>${table(ct('missingTitle', lang), [ct('f_id', lang), ct('name', lang), ct('status', lang)], r.missing.map((m) => [html`<a href="/console/directory/bodies/${m.id}">${m.id}</a>`, m.name, labelOf('bs_', m.status, lang)]), { id: 'import-missing', hideCaption: true })}`}`}
${!v.applied && r.errors.length === 0 && v.sha ? html`<form method="post" action="/console/directory/import/apply">${hiddenCsrf(f.csrf)}<input type="hidden" name="sha" value="${v.sha}"><input type="hidden" name="effectiveFrom" value="${v.effectiveFrom}"><button type="submit">${ct('applyImport', lang)}</button></form>` : ''}`;
}

export function importPage(f: Frame, v: ImportPageView): string {
  const lang = f.lang;
  const invalid = (k: string): Html => (v.errors.some((e) => e.field === k) ? html` aria-invalid="true"` : html``);
  return consolePage(f, {
    title: ct('importCsv', lang), section: 'directory', errors: v.errors,
    body: html`${directoryNav(lang, true)}<form method="post" action="/console/directory/import" enctype="multipart/form-data">${hiddenCsrf(f.csrf)}
<div class="field"><label for="f-file">${ct('csvFile', lang)}</label><input type="file" id="f-file" name="file" accept=".csv,text/csv"${invalid('file')}></div>
<div class="field"><label for="f-effectiveFrom">${ct('effectiveFrom', lang)}</label><p class="hint" id="f-effectiveFrom-hint">${ct('effectiveHint', lang)}</p><input type="date" id="f-effectiveFrom" name="effectiveFrom" value="${v.effectiveFrom}" aria-describedby="f-effectiveFrom-hint"${invalid('effectiveFrom')}></div>
<button type="submit">${ct('dryRun', lang)}</button></form>${report(v, f)}`,
  });
}
