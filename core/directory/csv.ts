/**
 * The directory's CSV format (import and export), one row per body:
 *
 *   id,type,parent_id,status,name_fr,name_de,name_en,short_name,language,valid_from,valid_to,
 *   identifiers,successors,required_references,routing_rules,contact_name,contact_email,contact_phone
 *
 * List cells are `;`-separated: identifiers `9938:LU12345613@peppol;0240:19672200001@legal`
 * (purpose after the last `@`, default peppol), successors `min-economie*;min-logement` (`*` marks
 * the primary successor), required references `BT-10;BT-13`, routing rules
 * `BT-10:VDL-ECOLES-*=enseignement` (field, pattern, department). The contact columns are the
 * delivery contact; other contacts of a body are kept. Only `id` is mandatory as a column. For a
 * body that exists, a column left out or an empty cell keeps its current value (a stray blank never
 * wipes data); `-` clears an optional value or a list. New bodies need type, names and valid_from.
 *
 * `planImport` turns a CSV text into the diff (added, changed, retired, unchanged, errors with the
 * CSV line number) against the current directory; nothing is written here. The console edits one
 * body as one row of this format (`bodyRow`, `rowCsv`), so it shares the import's checks and diff.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { normaliseBody, planChanges, type PlannedChange } from './plan';
import {
  IDENTIFIER_PURPOSES, REFERENCE_FIELDS, type BodyInput, type IdentifierPurpose, type ReferenceField,
} from './types';

export const CSV_COLUMNS = [
  'id', 'type', 'parent_id', 'status', 'name_fr', 'name_de', 'name_en', 'short_name', 'language', 'valid_from', 'valid_to',
  'identifiers', 'successors', 'required_references', 'routing_rules', 'contact_name', 'contact_email', 'contact_phone',
] as const;
type Column = (typeof CSV_COLUMNS)[number];

export interface RowError {
  /** Line of the CSV file where the row starts (the header is line 1). */
  row: number;
  id: string | null;
  field: string;
  message: string;
}

export interface ImportReport {
  added: { row: number; id: string; name: string }[];
  changed: { row: number; id: string; fields: string[]; before: Partial<BodyInput>; after: Partial<BodyInput> }[];
  retired: { row: number; id: string; validTo: string | null; successors: BodyInput['successors'] }[];
  unchanged: number;
  errors: RowError[];
  /** The bodies as they would be written (only when there is no error). */
  bodies: BodyInput[];
  changes: PlannedChange[];
}

function splitList(cell: string): string[] {
  return cell.split(';').map((s) => s.trim()).filter((s) => s !== '');
}

function fieldOf(bodyField: string): string {
  const top = bodyField.replace(/\[.*$/, '').replace(/\..*$/, '');
  const map: Record<string, Column> = {
    id: 'id', type: 'type', parentId: 'parent_id', status: 'status', validFrom: 'valid_from', validTo: 'valid_to', language: 'language',
    identifiers: 'identifiers', successors: 'successors', requiredReferences: 'required_references', routingRules: 'routing_rules', contacts: 'contact_email',
  };
  if (bodyField.startsWith('names.')) return `name_${bodyField.slice(6)}`;
  return map[top] ?? bodyField;
}

/**
 * One CSV row as a body: the current body `cur` (undefined for a new one) with the cells given
 * (`cell` answers undefined for a cell that keeps the current value); problems go to `err`.
 */
function bodyFromRow(cur: BodyInput | undefined, id: string, cell: (c: Column) => string | undefined, err: (field: string, message: string) => void): BodyInput {
  const base: BodyInput = cur ? normaliseBody(cur) : {
    id, type: 'other', parentId: null, status: 'active', names: { fr: '', de: '' }, validFrom: '', validTo: null, language: 'fr',
    identifiers: [], successors: [], requiredReferences: [], routingRules: [], contacts: [],
  };
  if (!cur && cell('type') === undefined) err('type', 'a new body needs a type');
  if (!cur && cell('valid_from') === undefined) err('valid_from', 'a new body needs valid_from');
  const b: BodyInput = { ...base, names: { ...base.names } };
  const set = <K extends keyof BodyInput>(c: Column, k: K, conv: (v: string) => BodyInput[K]): void => {
    const v = cell(c);
    if (v !== undefined) b[k] = conv(v);
  };
  set('type', 'type', (v) => v as BodyInput['type']);
  set('parent_id', 'parentId', (v) => (v === '' ? null : v));
  set('status', 'status', (v) => (v === '' ? 'active' : v) as BodyInput['status']);
  set('language', 'language', (v) => (v === '' ? 'fr' : v) as BodyInput['language']);
  set('valid_from', 'validFrom', (v) => v);
  set('valid_to', 'validTo', (v) => (v === '' ? null : v));
  for (const lang of ['fr', 'de', 'en'] as const) {
    const v = cell(`name_${lang}`);
    if (v === undefined) continue;
    if (v === '') delete b.names[lang];
    else b.names[lang] = v;
  }
  if (b.names.fr === undefined) b.names.fr = '';
  if (b.names.de === undefined) b.names.de = '';
  const short = cell('short_name');
  if (short !== undefined) {
    if (short === '') delete b.shortName;
    else b.shortName = short;
  }
  const ids = cell('identifiers');
  if (ids !== undefined) {
    b.identifiers = splitList(ids).map((tok) => {
      let purpose: IdentifierPurpose = 'peppol';
      let s = tok;
      const at = s.lastIndexOf('@');
      if (at >= 0 && (IDENTIFIER_PURPOSES as readonly string[]).includes(s.slice(at + 1))) {
        purpose = s.slice(at + 1) as IdentifierPurpose;
        s = s.slice(0, at);
      }
      const k = s.indexOf(':');
      if (k <= 0) err('identifiers', `"${tok}" is not scheme:value`);
      return { scheme: k > 0 ? s.slice(0, k) : '', value: k > 0 ? s.slice(k + 1) : s, purpose };
    });
  }
  const succ = cell('successors');
  if (succ !== undefined) b.successors = splitList(succ).map((s) => (s.endsWith('*') ? { id: s.slice(0, -1), primary: true } : { id: s, primary: false }));
  const refs = cell('required_references');
  if (refs !== undefined) {
    b.requiredReferences = splitList(refs).filter((r): r is ReferenceField => {
      if ((REFERENCE_FIELDS as readonly string[]).includes(r)) return true;
      err('required_references', `"${r}" is not one of ${REFERENCE_FIELDS.join(', ')}`);
      return false;
    });
  }
  const rules = cell('routing_rules');
  if (rules !== undefined) {
    b.routingRules = [];
    for (const tok of splitList(rules)) {
      const m = /^(BT-10|BT-13):(.+)=([^=]+)$/.exec(tok);
      if (!m) {
        err('routing_rules', `"${tok}" is not FIELD:PATTERN=department with FIELD BT-10 or BT-13`);
        continue;
      }
      b.routingRules.push({ field: m[1] as ReferenceField, pattern: m[2]!.trim(), department: m[3]!.trim() });
    }
  }
  const cName = cell('contact_name');
  const cEmail = cell('contact_email');
  const cPhone = cell('contact_phone');
  if (cName !== undefined || cEmail !== undefined || cPhone !== undefined) {
    const old = b.contacts.find((c) => c.role === 'delivery');
    const d = { role: 'delivery', name: cName ?? old?.name, email: cEmail ?? old?.email, phone: cPhone ?? old?.phone };
    const contact: BodyInput['contacts'][number] = { role: 'delivery' };
    if (d.name) contact.name = d.name;
    if (d.email) contact.email = d.email;
    if (d.phone) contact.phone = d.phone;
    b.contacts = [...b.contacts.filter((c) => c.role !== 'delivery'), ...(contact.name || contact.email || contact.phone ? [contact] : [])];
  }
  return b;
}

/** The file itself is unusable (not CSV, no header, unknown or duplicated columns). */
export class CsvFormatError extends Error {
  override readonly name = 'CsvFormatError';
}

/** Parses the CSV and plans the import against `current`. Throws `CsvFormatError` when the file itself is unusable. */
export function planImport(csvText: string, current: ReadonlyMap<string, BodyInput>): ImportReport {
  let records: { info: { lines: number }; record: string[] }[];
  try {
    // with `info: true` csv-parse returns { info, record } objects; its typings only describe the plain arrays
    records = parse(csvText, { bom: true, info: true, skip_empty_lines: true, relax_column_count: false, trim: true }) as unknown as { info: { lines: number }; record: string[] }[];
  } catch (e) {
    throw new CsvFormatError(`the file is not valid CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new CsvFormatError('the file is empty (a header line is required)');
  const header = records[0]!.record.map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0) throw new CsvFormatError(`unknown column(s): ${unknown.join(', ')} (known: ${CSV_COLUMNS.join(', ')})`);
  if (!header.includes('id')) throw new CsvFormatError('the header has no "id" column');
  const dupCols = header.filter((h, i) => header.indexOf(h) !== i);
  if (dupCols.length > 0) throw new CsvFormatError(`column(s) listed twice: ${dupCols.join(', ')}`);

  const errors: RowError[] = [];
  const rowOf = new Map<string, number>();
  const inputs: BodyInput[] = [];
  for (const { info, record } of records.slice(1)) {
    // csv-parse counts lines up to the end of the record: go back over the line breaks inside quoted cells
    const line = info.lines - record.reduce((n, v) => n + (v.match(/\r\n|\n|\r/g) ?? []).length, 0);
    const cell = (c: Column): string | undefined => {
      const i = header.indexOf(c);
      const v = i < 0 ? undefined : (record[i] ?? '').trim();
      if (v === '-') return '';
      // an empty cell keeps the current value of an existing body
      return v === '' && current.has(record[header.indexOf('id')]?.trim() ?? '') ? undefined : v;
    };
    const id = cell('id') ?? '';
    const err = (field: string, message: string): void => {
      errors.push({ row: line, id: id || null, field, message });
    };
    if (id === '') {
      err('id', 'id is empty');
      continue;
    }
    if (rowOf.has(id)) {
      err('id', `body ${id} appears twice (first on line ${rowOf.get(id)})`);
      continue;
    }
    rowOf.set(id, line);
    inputs.push(bodyFromRow(current.get(id), id, cell, err));
  }
  const plan = planChanges(current, inputs);
  for (const [id, errs] of plan.errors) {
    for (const e of errs) errors.push({ row: rowOf.get(id) ?? 0, id, field: fieldOf(e.field), message: e.message });
  }
  errors.sort((x, y) => x.row - y.row);
  const report: ImportReport = { added: [], changed: [], retired: [], unchanged: 0, errors, bodies: errors.length === 0 ? inputs : [], changes: plan.changes };
  for (const c of plan.changes) {
    const row = rowOf.get(c.id) ?? 0;
    if (c.action === 'create') report.added.push({ row, id: c.id, name: c.after.names.fr });
    else if (c.action === 'unchanged') report.unchanged++;
    else {
      if (c.action === 'retire') report.retired.push({ row, id: c.id, validTo: c.after.validTo, successors: c.after.successors });
      const pick = (b: BodyInput | null): Partial<BodyInput> => Object.fromEntries(c.fields.map((f) => [f, b?.[f as keyof BodyInput]])) as Partial<BodyInput>;
      report.changed.push({ row, id: c.id, fields: c.fields, before: pick(c.before), after: pick(c.after) });
    }
  }
  return report;
}

/** The directory (current state) as CSV, in the import format, sorted by id. */
export function exportCsv(bodies: Iterable<BodyInput>): string {
  const rows = [...bodies].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((b) => {
    const delivery = b.contacts.find((c) => c.role === 'delivery');
    const rec: Record<Column, string> = {
      id: b.id, type: b.type, parent_id: b.parentId ?? '', status: b.status, name_fr: b.names.fr, name_de: b.names.de, name_en: b.names.en ?? '',
      short_name: b.shortName ?? '', language: b.language, valid_from: b.validFrom, valid_to: b.validTo ?? '',
      identifiers: b.identifiers.map((x) => `${x.scheme}:${x.value}@${x.purpose}`).join(';'),
      successors: b.successors.map((s) => `${s.id}${s.primary ? '*' : ''}`).join(';'),
      required_references: b.requiredReferences.join(';'),
      routing_rules: b.routingRules.map((r) => `${r.field}:${r.pattern}=${r.department}`).join(';'),
      contact_name: delivery?.name ?? '', contact_email: delivery?.email ?? '', contact_phone: delivery?.phone ?? '',
    };
    return CSV_COLUMNS.map((c) => rec[c]);
  });
  return stringify([[...CSV_COLUMNS], ...rows]);
}

/** One body as the cells of a CSV row (the console's edit form). */
export type CsvRow = Record<Column, string>;

/** The body as the cells of its export row. */
export function bodyRow(b: BodyInput): CsvRow {
  const text = exportCsv([b]);
  // exportCsv writes a header (CSV_COLUMNS) and one row: read the row back by position
  const rec = (parse(text) as string[][])[1] ?? [];
  return Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rec[i] ?? ''])) as CsvRow;
}

export function emptyRow(): CsvRow {
  return Object.fromEntries(CSV_COLUMNS.map((c) => [c, ''])) as CsvRow;
}

/** A one-body CSV file (header and the row) for `planImport` / `importCsv`. */
export function rowCsv(row: CsvRow): string {
  return stringify([[...CSV_COLUMNS], CSV_COLUMNS.map((c) => row[c])]);
}

/** The import report as the API answers it (and the console shows it). */
export function importReportJson(r: ImportReport, dryRun: boolean, applied: boolean): Record<string, unknown> {
  return {
    dryRun, applied,
    summary: { added: r.added.length, changed: r.changed.length, retired: r.retired.length, unchanged: r.unchanged, errors: r.errors.length },
    added: r.added, changed: r.changed, retired: r.retired, errors: r.errors,
  };
}
