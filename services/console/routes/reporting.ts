/**
 * Peppol reporting in the console: the page (each month's TSR and EUSR, their validation and status,
 * the reminders, one month in detail with the figures), the XML download, the rebuild action for
 * operators; and the same as JSON under `/console/api/reports…`. The work is in core/reporting.
 */
import { config } from '../../../config';
import { audit, roleAtLeast } from '../../../core/accounts/staff';
import { CoreError } from '../../../core/errors';
import { addToOutbox } from '../../../core/outbox';
import { REPORT_KINDS, ReportingInputError, type ReportKind } from '../../../core/reporting';
import { buildMonth, type BuildOutcome, type ReportingDeps, type ReportRow } from '../../../core/reporting/monthly';
import { monthOverview, reportDetail, reportFileName, reportingOverview, reportRow, type MonthReports } from '../../../core/reporting/overview';
import { configuredCalendar, parseMonth } from '../../../core/reporting/schedule';
import { reportingPage, rt, type MonthView, type OutcomeView, type ReportView } from '../../../templates/console/reporting';
import { ProblemError } from '../../errors';
import { notFound, str, type RouteCall } from '../context';

function reportingDeps(x: RouteCall): ReportingDeps {
  return {
    store: x.store, validate: (bytes, opts) => x.ctx.deps.cpu.validateReport(bytes, opts),
    reporterId: config.peppolSeatId, receiverId: config.reportingReceiver, handOff: addToOutbox, clock: () => x.ctx.now(),
  };
}

function reportView(r: ReportRow): ReportView {
  const s = r.summary as { counted?: unknown; excluded?: unknown; withoutEndUser?: unknown };
  const excluded = typeof s.excluded === 'object' && s.excluded !== null ? Object.fromEntries(Object.entries(s.excluded).filter(([, v]) => typeof v === 'number')) as Record<string, number> : {};
  const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  return {
    id: r.id, month: r.month, kind: r.kind as ReportKind, version: r.version, status: r.status, valid: r.valid, checkedWith: r.checkedWith,
    findings: r.findings.map((f) => ({ ruleId: text(f.ruleId), message: text(f.message) ?? '', location: text(f.location) })),
    builtAt: r.builtAt, builtBy: r.builtBy, pickedUpAt: r.pickedUpAt, acknowledgedAt: r.acknowledgedAt, supersededAt: r.supersededAt,
    counted: typeof s.counted === 'number' ? s.counted : null, excluded, withoutEndUser: typeof s.withoutEndUser === 'number' ? s.withoutEndUser : null, hasXml: r.sha256 !== null,
  };
}

function monthView(m: MonthReports): MonthView {
  const latest = (k: ReportKind): ReportView | null => (m.reports[k].latest === null ? null : reportView(m.reports[k].latest!));
  return { month: m.month, dates: m.dates, ledger: m.ledger, tsr: latest('tsr'), eusr: latest('eusr') };
}

function outcomeView(o: BuildOutcome): OutcomeView {
  return { kind: o.kind, month: o.month, outcome: o.outcome, version: o.report.version, status: o.report.status, previous: o.previous === null ? null : { version: o.previous.version, status: o.previous.status } };
}

async function show(x: RouteCall, o: { status?: number; month?: string; outcomes?: BuildOutcome[]; errors?: string[]; monthValue?: string } = {}): Promise<void> {
  const cal = configuredCalendar();
  const ov = await reportingOverview(x.store, x.ctx.now(), config.peppolSeatId, cal);
  const month = o.month ?? selectedMonth(x, ov.months, ov.current.month);
  const m = ov.months.find((mm) => mm.month === month) ?? await monthOverview(x.store, month, cal);
  const reports = [];
  for (const kind of REPORT_KINDS) {
    const latest = m.reports[kind].latest;
    const detail = latest !== null && latest.sha256 !== null ? await reportDetail(x.store, latest) : null;
    reports.push({ kind, latest: latest === null ? null : reportView(latest), versions: m.reports[kind].versions.map(reportView), figures: detail?.table ? { rows: detail.table.rows } : null });
  }
  x.page(o.status ?? 200, reportingPage(x.frame(), {
    reporterId: ov.reporterId, calendar: cal, reminders: ov.reminders, months: ov.months.map(monthView),
    selected: { ...monthView(m), reports }, canRebuild: roleAtLeast(x.me.role, 'operator'),
    outcomes: (o.outcomes ?? []).map(outcomeView), errors: o.errors ?? [], monthValue: o.monthValue ?? month,
  }));
}

/** `GET /console/reporting[?month=YYYY-MM]`; `?download=<report id>` answers that report's XML as a file. */
export async function page(x: RouteCall): Promise<void> {
  const download = x.qs('download');
  if (download !== undefined) {
    await xml(x, download);
    return;
  }
  await show(x);
}

/** Builds a month's two reports as an operator asked; refusals (no month, a month not over) come back as CoreErrors. */
async function rebuildMonth(x: RouteCall, raw: string | undefined): Promise<{ month: string; outcomes: BuildOutcome[] }> {
  let month: string;
  try {
    month = parseMonth(raw);
  } catch (err) {
    if (err instanceof ReportingInputError) throw new CoreError('invalid', 'bad-month', 'Invalid month', 'Give a month that is over, written YYYY-MM (e.g. 2026-11).');
    throw err;
  }
  const outcomes = await buildMonth(reportingDeps(x), month, x.me.actor);
  await audit(x.store, x.me.actor, 'report-rebuild', month, { outcomes: outcomes.map((o) => ({ kind: o.kind, outcome: o.outcome, version: o.report.version, status: o.report.status })) }, x.ctx.now());
  return { month, outcomes };
}

export async function rebuild(x: RouteCall): Promise<void> {
  const f = await x.fields();
  if (f === null) return;
  const raw = f.get('month');
  try {
    const { month, outcomes } = await rebuildMonth(x, raw);
    await show(x, { month, outcomes });
  } catch (err) {
    if (!(err instanceof CoreError) || err.kind !== 'invalid') throw err;
    await show(x, { status: 400, errors: [rt('badMonth', x.lang)], monthValue: (raw ?? '').slice(0, 7) });
  }
}

async function xml(x: RouteCall, id: string): Promise<void> {
  const r = await reportRow(x.store, id);
  if (r === undefined) throw notFound('No such report.');
  if (r.sha256 === null) throw notFound('This build has no XML (the ledger could not be reported).');
  await x.blob(r.sha256, 'application/xml', `attachment; filename="${reportFileName(r)}"`);
}

/** The page's month: `?month=` when it is one, else the newest month with a report, else last month. */
function selectedMonth(x: RouteCall, months: readonly MonthReports[], fallback: string): string {
  const q = x.qs('month');
  if (q !== undefined && /^\d{4}-(0[1-9]|1[0-2])$/.test(q)) return q;
  return months.find((m) => m.reports.tsr.latest !== null || m.reports.eusr.latest !== null)?.month ?? fallback;
}

// ------------------------------------------------------------------------------------------- API

function apiReport(r: ReportRow): Record<string, unknown> {
  return { ...r, xml: r.sha256 === null ? null : `/console/reporting?download=${r.id}` };
}

/**
 * `GET /console/api/reports[?months=N][&month=YYYY-MM]`: the months with both reports' latest version,
 * the reminders, and one month in detail (`selected`: every version, the latest one's figures).
 */
export async function apiList(x: RouteCall): Promise<void> {
  const raw = x.qs('months');
  const limit = raw === undefined ? 12 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 120) throw new ProblemError(400, 'bad-parameter', 'Invalid months', 'months must be an integer from 1 to 120.');
  const cal = configuredCalendar();
  const ov = await reportingOverview(x.store, x.ctx.now(), config.peppolSeatId, cal, limit);
  const month = selectedMonth(x, ov.months, ov.current.month);
  const sel = ov.months.find((m) => m.month === month) ?? await monthOverview(x.store, month, cal);
  const selected: Record<string, unknown> = { month: sel.month, dates: sel.dates, ledger: sel.ledger };
  for (const kind of REPORT_KINDS) {
    const latest = sel.reports[kind].latest;
    const detail = latest === null ? null : await reportDetail(x.store, latest);
    selected[kind] = { latest: latest === null ? null : { ...apiReport(latest), figures: detail?.figures ?? null, table: detail?.table ?? null }, versions: sel.reports[kind].versions.map(apiReport) };
  }
  x.res.json({
    now: ov.now, reporterId: ov.reporterId, calendar: ov.calendar, current: ov.current, reminders: ov.reminders,
    months: ov.months.map((m) => ({
      month: m.month, dates: m.dates, ledger: m.ledger,
      tsr: m.reports.tsr.latest === null ? null : apiReport(m.reports.tsr.latest), eusr: m.reports.eusr.latest === null ? null : apiReport(m.reports.eusr.latest),
    })),
    selected,
  });
}

export async function apiRebuild(x: RouteCall): Promise<void> {
  x.apiCsrf();
  const { month, outcomes } = await rebuildMonth(x, str(x.body().month));
  x.res.json({ month, outcomes: outcomes.map((o) => ({ kind: o.kind, outcome: o.outcome, message: o.message, report: apiReport(o.report), previous: o.previous === null ? null : apiReport(o.previous) })) });
}
