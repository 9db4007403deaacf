/**
 * CSV import (API and console): the file planned against the directory as it is under the write
 * lock and, unless dry run or any error, applied in the same transaction — all or nothing. The
 * console shows a dry run first and applies exactly the file it checked, kept in the blob store by
 * its SHA-256 between the two requests (any API process of a cluster can read it back).
 */
import type { Database } from '../../db/client';
import type { Store } from '../../db/store';
import { CsvFormatError, planImport, type ImportReport } from './csv';
import { applyChanges, directoryTransaction, lockedCurrent } from './write';

/** What an applied import changed (the console's audit entry). */
export interface ImportSummary {
  added: string[];
  changed: string[];
  retired: string[];
  effectiveFrom: string;
}

export interface ImportOptions {
  actor: string;
  dryRun: boolean;
  /** Date from which the changes apply (YYYY-MM-DD). */
  effectiveFrom: string;
  now: Date;
  /** More writes in the same transaction once the import is applied (the console's audit entry). */
  onApplied?: (tx: Database, summary: ImportSummary) => Promise<void>;
}

/**
 * ok: applied (or, dry run, plannable without error); applied: written; report: the diff (with the
 * errors and their CSV lines); error: the file itself is unusable (nothing planned).
 */
export interface DirectoryWrite {
  ok: boolean;
  applied: boolean;
  report?: ImportReport;
  error?: string;
}

/** Plans a CSV against the current directory and, unless dry run or errors, applies it. */
export async function importCsv(store: Pick<Store, 'db'>, csv: string, o: ImportOptions): Promise<DirectoryWrite> {
  try {
    const out = await directoryTransaction(store, async (tx) => {
      const report = planImport(csv, await lockedCurrent(tx));
      if (o.dryRun || report.errors.length > 0) return { report, applied: false };
      await applyChanges(tx, report.changes, { actor: o.actor, source: 'import', effectiveFrom: o.effectiveFrom, now: o.now });
      if (o.onApplied) {
        await o.onApplied(tx, {
          added: report.added.map((a) => a.id), changed: report.changed.map((c) => c.id), retired: report.retired.map((r) => r.id), effectiveFrom: o.effectiveFrom,
        });
      }
      return { report, applied: true };
    });
    return { ok: out.report.errors.length === 0, applied: out.applied, report: out.report };
  } catch (err) {
    if (err instanceof CsvFormatError) return { ok: false, applied: false, error: err.message };
    throw err;
  }
}

/** Keeps a checked CSV for the "apply" step; returns its SHA-256. */
export async function keepCsv(store: Pick<Store, 'blobs'>, csv: string): Promise<string> {
  return store.blobs.put(Buffer.from(csv, 'utf8'));
}

/** The CSV kept under `sha`, or null (not a SHA-256, or not there). */
export async function keptCsv(store: Pick<Store, 'blobs'>, sha: string): Promise<string | null> {
  if (!/^[0-9a-f]{64}$/.test(sha) || !(await store.blobs.has(sha))) return null;
  return (await store.blobs.get(sha)).toString('utf8');
}
