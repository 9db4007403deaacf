/**
 * `einvoice report tsr|eusr --month YYYY-MM [--json]`: a month's Peppol Transaction Statistics Report
 * or End User Statistics Report, built from the exchange ledger of the hub's database of the mode in
 * use (DATABASE_URL, or the embedded database under EINVOICE_DATA_DIR), for the hub's seat id
 * (EINVOICE_PEPPOL_SEAT_ID). Prints the XML (or, with --json, its figures); reads only. On stderr: how
 * it compares with the version the hub stored, if any. Exit 0; 1 when the ledger cannot be reported;
 * 2 on a usage error or when the database cannot be opened.
 */
import { config } from '../../config';
import { isReportKind, REPORT_KINDS, ReportingInputError } from '../../core/reporting';
import { computeReport } from '../../core/reporting/monthly';
import { latestReportOf } from '../../core/reporting/overview';
import { monthIsOver, parseMonth } from '../../core/reporting/schedule';
import { openStore, sha256Of, type StoreHandle } from '../../core/store';
import { parseCommandArgs, usageError } from '../args';
import type { CliCommand } from '../main';

const USAGE = `usage: einvoice report tsr|eusr --month YYYY-MM [--json]
  tsr    the Transaction Statistics Report (TSR 1.0) of the month
  eusr   the End User Statistics Report (EUSR 1.1) of the month
  --month YYYY-MM   the reporting period (a calendar month in UTC)
  --json            the figures as JSON instead of the XML
Reads the hub's database: DATABASE_URL when set, else the embedded one under EINVOICE_DATA_DIR
(the embedded database is owned by one process: stop the hub, or use DATABASE_URL).`;

export const command: CliCommand = {
  summary: 'print a month\'s Peppol TSR or EUSR (XML or --json figures) from the hub\'s exchange ledger',
  async run(argv) {
    const parsed = parseCommandArgs('report', USAGE, argv, { month: { type: 'string' }, json: { type: 'boolean' } });
    if (typeof parsed === 'number') return parsed;
    const { values, positionals } = parsed;
    const kind = positionals[0];
    if (positionals.length !== 1 || !isReportKind(kind)) return usageError('report', `give one report kind: ${REPORT_KINDS.join(' or ')}`, USAGE);
    if (values.month === undefined) return usageError('report', '--month YYYY-MM is required', USAGE);
    let month: string;
    try {
      month = parseMonth(values.month);
    } catch (err) {
      if (err instanceof ReportingInputError) return usageError('report', `--month must be a month written YYYY-MM, got "${values.month}"`, USAGE);
      throw err;
    }
    let store: StoreHandle;
    try {
      store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, poolSize: 2 });
    } catch (err) {
      process.stderr.write(`einvoice report: cannot open the hub's database: ${(err as Error).message}\n`);
      return 2;
    }
    try {
      const r = await computeReport(store, month, kind, config.peppolSeatId);
      if (r.xml === null) {
        process.stderr.write(`einvoice report: the ledger of ${month} cannot be reported:\n${r.problems.map((p) => `  ${p}`).join('\n')}\n`);
        return 1;
      }
      const stored = await latestReportOf(store, month, kind);
      const same = stored !== undefined && stored.sha256 === sha256Of(Buffer.from(r.xml, 'utf8'));
      const note = stored === undefined ? 'no version stored by the hub yet'
        : `${same ? 'the same bytes as' : 'differs from'} the stored version ${stored.version} (${stored.status})`;
      process.stderr.write(`einvoice report: ${kind.toUpperCase()} ${month} for ${config.peppolSeatId} (${store.mode} database): ${note}${monthIsOver(month, new Date()) ? '' : '; the month is not over: figures so far'}\n`);
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ month, kind, reporterId: config.peppolSeatId, figures: r.figures, counted: r.summary?.counted ?? 0, excluded: r.summary?.excluded ?? {}, ...(r.summary?.withoutEndUser !== undefined ? { withoutEndUser: r.summary.withoutEndUser } : {}), stored: stored === undefined ? null : { id: stored.id, version: stored.version, status: stored.status, sameBytes: same } }, null, 2)}\n`);
      } else {
        process.stdout.write(r.xml);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
