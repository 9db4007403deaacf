/**
 * Reading the reports for the console, its API and the CLI: each month with both reports (their
 * versions, validation, status), the reminders of the reporting calendar, one report with its figures
 * as a readable table, and the XML.
 */
import * as repo from '../../db/repositories/reporting';
import type { Store } from '../../db/store';
import { REPORT_KINDS, type ReportKind } from './identifiers';
import { reportPeriod } from './ledger';
import type { ReportRow } from './monthly';
import { readReport, reportTable, type ReportTable } from './read';
import type { ReportFigures } from './report';
import { DEFAULT_CALENDAR, previousMonth, monthOf, reportingDates, reportingPhase, type ReportingCalendar } from './schedule';

export interface MonthReports {
  month: string;
  /** Build day, reminder day and deadline of the month (in the next month). */
  dates: { buildOn: string; remindFrom: string; deadline: string };
  /** Exchanges of the month in the ledger, per direction. */
  ledger: { received: number; sent: number };
  /** Per kind: the latest version (null: none built yet) and every version, newest first. */
  reports: Record<ReportKind, { latest: ReportRow | null; versions: ReportRow[] }>;
}

export interface Reminder {
  month: string;
  kind: ReportKind;
  /** The latest version's status, or null when none was built. */
  status: string | null;
  deadline: string;
  /** The deadline has passed: OpenPeppol will not process the report any more. */
  late: boolean;
}

export interface ReportingOverview {
  now: string;
  reporterId: string;
  calendar: ReportingCalendar;
  /** Last month, and where today stands in its reporting. */
  current: { month: string; phase: 'waiting' | 'due' | 'remind' | 'late' };
  reminders: Reminder[];
  months: MonthReports[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

async function monthReports(store: Pick<Store, 'db'>, month: string, rows: ReportRow[], cal: ReportingCalendar): Promise<MonthReports> {
  const p = reportPeriod(month);
  const counts = await repo.ledgerCounts(store.db, iso(p.fromMs), iso(p.toMs));
  const n = (d: string): number => counts.find((c) => c.direction === d)?.n ?? 0;
  const of = (kind: ReportKind) => {
    const versions = rows.filter((r) => r.month === month && r.kind === kind).sort((a, b) => b.version - a.version);
    return { latest: versions[0] ?? null, versions };
  };
  return { month, dates: reportingDates(month, cal), ledger: { received: n('received'), sent: n('sent') }, reports: { tsr: of('tsr'), eusr: of('eusr') } };
}

/** Last month's reports that are not acknowledged as sent, from the reminder day on. */
export function remindersOf(last: MonthReports, now: Date, cal: ReportingCalendar): Reminder[] {
  const { phase } = reportingPhase(now, cal);
  if (phase !== 'remind' && phase !== 'late') return [];
  return REPORT_KINDS.filter((k) => last.reports[k].latest?.status !== 'acknowledged').map((kind) => ({
    month: last.month, kind, status: last.reports[kind].latest?.status ?? null, deadline: last.dates.deadline, late: phase === 'late',
  }));
}

/** The months with reports (newest first, at most `limit`), last month always among them. */
export async function reportingOverview(store: Pick<Store, 'db'>, now: Date, reporterId: string, cal: ReportingCalendar = DEFAULT_CALENDAR, limit = 12): Promise<ReportingOverview> {
  const last = previousMonth(monthOf(now));
  const months = [...new Set([last, ...(await repo.reportMonths(store.db, limit))])].sort().reverse().slice(0, Math.max(limit, 1));
  const rows = await repo.reportsOfMonths(store.db, months);
  const list: MonthReports[] = [];
  for (const m of months) list.push(await monthReports(store, m, rows, cal));
  const lastReports = list.find((m) => m.month === last)!;
  return { now: now.toISOString(), reporterId, calendar: cal, current: reportingPhase(now, cal), reminders: remindersOf(lastReports, now, cal), months: list };
}

/** One month (any month, reports or not). */
export async function monthOverview(store: Pick<Store, 'db'>, month: string, cal: ReportingCalendar = DEFAULT_CALENDAR): Promise<MonthReports> {
  return monthReports(store, month, await repo.reportsOfMonths(store.db, [month]), cal);
}

export async function reportRow(store: Pick<Store, 'db'>, id: string): Promise<ReportRow | undefined> {
  return /^[0-9a-f-]{36}$/.test(id) ? repo.reportById(store.db, id) : undefined;
}

export async function latestReportOf(store: Pick<Store, 'db'>, month: string, kind: ReportKind): Promise<ReportRow | undefined> {
  return repo.latestReport(store.db, month, kind);
}

export interface ReportDetail {
  report: ReportRow;
  /** Read back from the stored XML (null: no XML, a failed build). */
  figures: ReportFigures | null;
  table: ReportTable | null;
}

/** A report with its figures, read from its stored XML. */
export async function reportDetail(store: Store, row: ReportRow): Promise<ReportDetail> {
  if (row.sha256 === null) return { report: row, figures: null, table: null };
  const figures = readReport(await store.blobs.get(row.sha256), `${row.kind.toUpperCase()} ${row.month} v${row.version}`);
  return { report: row, figures, table: reportTable(figures) };
}

/** The file name of a report's XML download. */
export function reportFileName(row: ReportRow): string {
  return `${row.kind}-${row.month}-v${row.version}.xml`;
}
