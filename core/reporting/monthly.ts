/**
 * The monthly reports from the ledger table: build a month's TSR or EUSR for the hub's seat id,
 * validate it with the official rules (scenarios `peppol-tsr`, `peppol-eusr`) before anything is
 * stored, store it as a version of its own, and hand a valid one to the access point's outbox with
 * the SBDH of the reports (to OpenPeppol). An invalid report is stored with its findings and never
 * offered; a ledger that cannot be reported is stored as a failed build with its problems.
 *
 * Idempotent: the same ledger gives the same bytes; building again answers `unchanged` and stores
 * nothing. When the bytes differ (a different ledger, reporter id or builder), a new version is
 * made and the outcome says what it replaces; a version the access point has not fetched yet is
 * withdrawn from the outbox (`superseded`), one it fetched or sent stays as it is (OpenPeppol
 * processes the latest report it receives for a period).
 */
import crypto from 'node:crypto';
import type { Database } from '../../db/client';
import * as outboxRepo from '../../db/repositories/outbox';
import * as repo from '../../db/repositories/reporting';
import type { Store } from '../../db/store';
import type { ValidateOptions, ValidationReport } from '../../validation/types';
import { CoreError } from '../errors';
import { eusrFigures } from './eusr';
import { REPORT_KINDS, reportSbdh, OPENPEPPOL_REPORTING_PARTICIPANT, type ReportKind } from './identifiers';
import { ReportingInputError, reportPeriod, type LedgerRow, type Selection } from './ledger';
import { writeEusr, writeTsr, type ReportFigures } from './report';
import { monthIsOver, previousMonth, type ReportingCalendar, dueMonth } from './schedule';
import { tsrFigures } from './tsr';

export type ReportRow = repo.ReportDbRow;
export type LedgerRecord = repo.LedgerDbRow;

export type ValidateFn = (bytes: Buffer, opts: ValidateOptions) => Promise<ValidationReport>;

/** What a report's outbox entry carries (the caller passes `addToOutbox` of core/outbox). */
export interface ReportOutboxEntry {
  kind: ReportKind;
  sha256: string;
  checkedWith: string;
  referenceId: string;
  sbdh: ReturnType<typeof reportSbdh>;
  at: Date;
}
export type ReportHandOff = (tx: Database, entry: ReportOutboxEntry) => Promise<string>;

export interface ReportingDeps {
  store: Store;
  validate: ValidateFn;
  /** Seat id of the hub's access point (`config.peppolSeatId`). */
  reporterId: string;
  /** Participant the reports go to (default OpenPeppol's `9925:be0848934496`). */
  receiverId?: string;
  handOff: ReportHandOff;
  clock: () => Date;
}

/** A ledger record as the builders read it. */
export function toLedgerRow(r: LedgerRecord): LedgerRow {
  return {
    as4MessageId: r.as4MessageId, exchangedAt: r.exchangedAt, direction: r.direction as LedgerRow['direction'], acknowledged: r.acknowledged,
    c2SeatId: r.c2SeatId, c3SeatId: r.c3SeatId,
    documentType: { scheme: r.documentTypeScheme, value: r.documentTypeValue }, process: { scheme: r.processScheme, value: r.processValue },
    transportProtocol: r.transportProtocol, c1Country: r.c1Country, c4Country: r.c4Country,
    hubParticipantId: r.hubParticipantId, endUserId: r.endUserId, documentId: r.documentId,
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The ledger records a month's reports read: those of the month and of the month before it (a message
 * first exchanged on the last day of the month before and retried after midnight counts there, not
 * again here: `selectExchanges`).
 */
export async function ledgerRecordsFor(store: Pick<Store, 'db'>, month: string): Promise<LedgerRecord[]> {
  const p = reportPeriod(month);
  return repo.ledgerRowsBetween(store.db, iso(reportPeriod(previousMonth(month)).fromMs), iso(p.toMs));
}

export interface ComputedReport {
  month: string;
  kind: ReportKind;
  reporterId: string;
  /** The XML, or null when the ledger cannot be reported (`problems`). */
  xml: string | null;
  figures: ReportFigures | null;
  summary: { counted: number; excluded: Selection['excluded']; withoutEndUser?: number } | null;
  problems: string[];
}

/** A month's report computed from the ledger table, nothing stored (the CLI, and the first step of a build). */
export async function computeReport(store: Pick<Store, 'db'>, month: string, kind: ReportKind, reporterId: string): Promise<ComputedReport> {
  const rows = (await ledgerRecordsFor(store, month)).map(toLedgerRow);
  const input = { month, reporterId, rows };
  try {
    if (kind === 'tsr') {
      const r = tsrFigures(input);
      return { month, kind, reporterId, xml: writeTsr(r.figures), figures: r.figures, summary: { counted: r.selection.counted.length, excluded: r.selection.excluded }, problems: [] };
    }
    const r = eusrFigures(input);
    return { month, kind, reporterId, xml: writeEusr(r.figures), figures: r.figures, summary: { counted: r.selection.counted.length, excluded: r.selection.excluded, withoutEndUser: r.withoutEndUser }, problems: [] };
  } catch (err) {
    if (!(err instanceof ReportingInputError)) throw err;
    return { month, kind, reporterId, xml: null, figures: null, summary: null, problems: [...err.problems] };
  }
}

export type BuildOutcomeKind = 'created' | 'unchanged' | 'new-version' | 'invalid' | 'failed';

export interface BuildOutcome {
  month: string;
  kind: ReportKind;
  outcome: BuildOutcomeKind;
  /** The version standing after the build (the new one, or the unchanged one). */
  report: ReportRow;
  /** The version a new one replaces. */
  previous: ReportRow | null;
  /** What happened, in a sentence for the log and the console. */
  message: string;
}

function describe(kind: ReportKind, month: string, outcome: BuildOutcomeKind, report: ReportRow, previous: ReportRow | null): string {
  const name = `${kind.toUpperCase()} ${month}`;
  switch (outcome) {
    case 'unchanged': return `${name}: unchanged (version ${report.version}, ${report.status}); nothing new stored`;
    case 'created': return `${name}: version ${report.version} built, valid, put in the outbox${previous !== null ? ` (version ${previous.version} was ${previous.status}, never offered)` : ''}`;
    case 'new-version': return `${name}: the figures changed: version ${report.version} replaces version ${previous?.version ?? '?'} (${previous?.status ?? '?'})${previous?.status === 'superseded' ? ', which was withdrawn from the outbox before the access point fetched it' : previous?.status === 'acknowledged' || previous?.status === 'picked-up' ? ', already taken by the access point: both reach OpenPeppol, which processes the latest it receives' : ''}`;
    case 'invalid': return `${name}: version ${report.version} does not pass the official rules (${report.findings.length} fatal finding(s)); not offered for sending`;
    case 'failed': return `${name}: the ledger cannot be reported (${report.findings.length} problem(s)); no report built`;
  }
}

/**
 * Builds, checks, stores and (when valid) hands off one report of a month that is over. Serialised per
 * (month, kind) by a transaction lock, so two processes building at once store one version.
 */
export async function buildReport(deps: ReportingDeps, month: string, kind: ReportKind, actor: string): Promise<BuildOutcome> {
  const now = deps.clock();
  if (!monthIsOver(month, now)) {
    throw new CoreError('invalid', 'month-not-over', 'The month is not over', `The reports of ${month} can be built once the month is over (after ${new Date(reportPeriod(month).toMs).toISOString()}).`, { month });
  }
  const computed = await computeReport(deps.store, month, kind, deps.reporterId);
  let valid: boolean | null = null;
  let checkedWith: string | null = null;
  let findings: Record<string, unknown>[] = computed.problems.map((message) => ({ source: 'ledger', message }));
  let sha: string | null = null;
  if (computed.xml !== null) {
    const bytes = Buffer.from(computed.xml, 'utf8');
    const report = await deps.validate(bytes, { scenario: `peppol-${kind}`, date: now.toISOString().slice(0, 10) });
    valid = report.valid;
    checkedWith = report.packs.map((p) => `${p.id}@${p.version}`).join(',') || `peppol-${kind}`;
    findings = report.findings.filter((f) => f.flag === 'fatal').slice(0, 50).map((f) => ({ ...f }));
    sha = await deps.store.blobs.put(bytes);
  }
  const status = sha === null ? 'failed' : valid ? 'built' : 'invalid';
  const at = now.toISOString();
  return deps.store.db.transaction(async (tx) => {
    await repo.lockReport(tx, month, kind);
    const latest = (await repo.latestReport(tx, month, kind)) ?? null;
    // the same bytes with the same verdict (the rules may have been fixed since an invalid version)
    const same = latest !== null && latest.reporterId === deps.reporterId && (sha !== null
      ? latest.sha256 === sha && latest.valid === valid
      : latest.sha256 === null && JSON.stringify(latest.findings) === JSON.stringify(findings));
    if (same) return { month, kind, outcome: 'unchanged' as const, report: latest, previous: null, message: describe(kind, month, 'unchanged', latest, null) };
    const id = crypto.randomUUID();
    const version = (latest?.version ?? 0) + 1;
    let outboxId: string | null = null;
    if (status === 'built' && sha !== null && checkedWith !== null) {
      outboxId = await deps.handOff(tx, {
        kind, sha256: sha, checkedWith, referenceId: `${kind}:${month}:v${version}`,
        sbdh: reportSbdh(kind, deps.reporterId, deps.receiverId ?? OPENPEPPOL_REPORTING_PARTICIPANT), at: now,
      });
    }
    const row: ReportRow = {
      id, month, kind, version, reporterId: deps.reporterId, status, sha256: sha, valid, checkedWith, findings,
      summary: computed.summary === null ? {} : { ...computed.summary }, outboxId, builtAt: at, builtBy: actor,
      pickedUpAt: null, acknowledgedAt: null, acknowledgedBy: null, supersededAt: null,
    };
    await repo.insertReport(tx, row);
    let previous = latest;
    if (latest !== null && status === 'built' && latest.status === 'built' && latest.outboxId !== null) {
      // not fetched yet: the access point must not send the old figures
      if (await outboxRepo.ackOutbox(tx, latest.outboxId, at, 'system:reporting-superseded')) {
        await repo.supersedeReport(tx, latest.id, at);
        previous = { ...latest, status: 'superseded', supersededAt: at };
      }
    }
    // a version replaces another only if that one was offered; after an invalid or failed one, this is the first offered
    const offered = latest !== null && latest.status !== 'invalid' && latest.status !== 'failed';
    const outcome: BuildOutcomeKind = status === 'failed' ? 'failed' : status === 'invalid' ? 'invalid' : offered ? 'new-version' : 'created';
    return { month, kind, outcome, report: row, previous, message: describe(kind, month, outcome, row, previous) };
  });
}

/** Both reports of a month (TSR first). */
export async function buildMonth(deps: ReportingDeps, month: string, actor: string): Promise<BuildOutcome[]> {
  const out: BuildOutcome[] = [];
  for (const kind of REPORT_KINDS) out.push(await buildReport(deps, month, kind, actor));
  return out;
}

/**
 * The periodic pass: from the build day on, last month's reports that have no version yet (or whose
 * latest could not be built or did not pass the rules) are built. Run under `store.exclusive` by the
 * worker; safe to run again at any time.
 */
export async function runReportingPass(deps: ReportingDeps, cal: ReportingCalendar, actor = 'system:reporting'): Promise<{ month: string | null; outcomes: BuildOutcome[] }> {
  const month = dueMonth(deps.clock(), cal);
  if (month === null) return { month: null, outcomes: [] };
  const outcomes: BuildOutcome[] = [];
  for (const kind of REPORT_KINDS) {
    const latest = await repo.latestReport(deps.store.db, month, kind);
    if (latest === undefined || latest.status === 'failed' || latest.status === 'invalid') outcomes.push(await buildReport(deps, month, kind, actor));
  }
  return { month, outcomes };
}

/** The access point fetched these outbox entries: the reports among them are `picked-up` (the first fetch counts). */
export async function reportsPickedUp(store: Pick<Store, 'db'>, entries: readonly { id: string; kind: string }[], at: Date): Promise<number> {
  const ids = entries.filter((e) => e.kind === 'tsr' || e.kind === 'eusr').map((e) => e.id);
  return ids.length === 0 ? 0 : repo.markReportsPickedUp(store.db, ids, at.toISOString());
}
