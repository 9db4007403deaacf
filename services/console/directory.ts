/**
 * Directory administration in the console, over the directory's own functions (no second
 * implementation): a body is edited as one row of the directory's CSV import format
 * (`services/api/bodies/csv.ts`: identifiers `scheme:value@purpose;…`, successors `id*;…` with `*` for
 * the primary one, routing rules `field:pattern=department;…`) planned with `planImport` against the
 * current directory and written with `applyPlan` — the same validation, diff and directory events as
 * the API. A CSV import is always shown as a dry-run diff first; "apply" writes exactly the file that
 * was checked (kept in the content-addressed store, named by its SHA-256), re-planned against the
 * directory as it is then. Every write is audited.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../../db/client';
import type { FileStore } from '../../db/file-store';
import { applyPlan, loadCurrentBodies } from '../../db/directory/store';
import type { BodyInput } from '../../db/directory/types';
import { CSV_COLUMNS, CsvFormatError, exportCsv, planImport, type ImportReport } from '../api/bodies/csv';
import { audit } from './staff';

export type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;

/** The body as the fields of the edit form (the CSV import columns). */
export function bodyRow(b: BodyInput): CsvRow {
  const text = exportCsv([b]);
  const lines = text.trim().split(/\r?\n/);
  // exportCsv writes a header and one row; the header is CSV_COLUMNS: parse the row back by position
  const rec = (parse(lines.slice(0, 2).join('\n')) as string[][])[1] ?? [];
  return Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rec[i] ?? ''])) as CsvRow;
}

export function emptyRow(): CsvRow {
  return Object.fromEntries(CSV_COLUMNS.map((c) => [c, ''])) as CsvRow;
}

export function rowCsv(row: CsvRow): string {
  return stringify([[...CSV_COLUMNS], CSV_COLUMNS.map((c) => row[c])]);
}

/** ok: written (or, dry run, plannable without error); report: the diff; error: the file itself is unusable. */
export interface DirectoryWrite { ok: boolean; report?: ImportReport; error?: string }

/** Plans a CSV against the current directory and, unless dry run or errors, applies it; audited when written. */
export function importCsv(db: Database, csv: string, o: { actor: string; dryRun: boolean; effectiveFrom: string; now: Date; action: string }): DirectoryWrite {
  try {
    const out = db.transaction((tx) => {
      const report = planImport(csv, loadCurrentBodies(tx));
      if (o.dryRun || report.errors.length > 0) return { report, applied: false };
      applyPlan(tx, report.changes, { actor: o.actor, source: 'import', effectiveFrom: o.effectiveFrom, now: o.now });
      audit(tx, o.actor, o.action, 'directory', {
        added: report.added.map((a) => a.id), changed: report.changed.map((c) => c.id), retired: report.retired.map((r) => r.id), effectiveFrom: o.effectiveFrom,
      }, o.now);
      return { report, applied: true };
    }, { behavior: 'immediate' });
    return out.report.errors.length > 0 ? { ok: false, report: out.report } : { ok: true, report: out.report };
  } catch (err) {
    if (err instanceof CsvFormatError) return { ok: false, error: err.message };
    throw err;
  }
}

/** Keeps a checked CSV for the "apply" step; returns its SHA-256. */
export function keepCsv(files: FileStore, csv: string): string {
  return files.put(Buffer.from(csv, 'utf8'));
}

export function keptCsv(files: FileStore, sha: string): string | null {
  return /^[0-9a-f]{64}$/.test(sha) && files.has(sha) ? files.get(sha).toString('utf8') : null;
}

/** Bodies whose id or a name contains the query (case-insensitive), sorted by id. */
export function findBodies(db: Database, q: string, limit = 200): BodyInput[] {
  const needle = q.trim().toLowerCase();
  const all = [...loadCurrentBodies(db).values()].sort((a, b) => a.id.localeCompare(b.id));
  const hit = needle === '' ? all : all.filter((b) => [b.id, b.names.fr, b.names.de, b.names.en ?? '', b.shortName ?? '', ...b.identifiers.map((i) => i.value)].some((s) => s.toLowerCase().includes(needle)));
  return hit.slice(0, limit);
}
