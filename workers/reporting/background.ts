/**
 * The Peppol reporting pass of a worker process: half a minute after start, then every `EINVOICE_REPORTING_INTERVAL_MS`,
 * from `EINVOICE_REPORTING_DAY` of the month on, last month's TSR and EUSR that have no version yet
 * are built from the exchange ledger, checked by the CPU pool's validation against the official rules,
 * stored, and the valid ones put in the access point's outbox (core/reporting/monthly.ts). With several
 * worker processes one runs the pass at a time (`store.exclusive`). From
 * `EINVOICE_REPORTING_REMINDER_DAY` on, a report not acknowledged as sent is logged as a warning at
 * each pass (the console shows the same reminder).
 */
import type { Logger } from 'pino';
import { config } from '../../config';
import { addToOutbox } from '../../core/outbox';
import { runReportingPass, type ReportingDeps, type ValidateFn } from '../../core/reporting/monthly';
import { reportingOverview } from '../../core/reporting/overview';
import { configuredCalendar } from '../../core/reporting/schedule';
import type { Store } from '../../core/store';
import { startPeriodic, type PeriodicPass } from '../periodic';

export type ReportingBackground = PeriodicPass;

export function startReportingBackground(store: Store, validate: ValidateFn, logger: Logger, o: { intervalMs?: number; firstRunMs?: number; clock?: () => Date } = {}): ReportingBackground {
  const log = logger.child({ component: 'reporting' });
  const clock = o.clock ?? (() => new Date());
  const deps: ReportingDeps = { store, validate, reporterId: config.peppolSeatId, receiverId: config.reportingReceiver, handOff: addToOutbox, clock };
  const cal = configuredCalendar();
  const pass = async (): Promise<number> => {
    const { outcomes } = await runReportingPass(deps, cal);
    for (const o of outcomes) {
      const fields = { month: o.month, kind: o.kind, version: o.report.version, status: o.report.status };
      if (o.outcome === 'invalid' || o.outcome === 'failed') log.error({ ...fields, findings: o.report.findings.slice(0, 5) }, o.message);
      else log.info(fields, o.message);
    }
    for (const r of (await reportingOverview(store, clock(), config.peppolSeatId, cal, 1)).reminders) {
      log.warn({ month: r.month, kind: r.kind, status: r.status, deadline: r.deadline }, `${r.kind.toUpperCase()} ${r.month} is not acknowledged as sent by the access point${r.late ? '; the deadline has passed' : ` (deadline ${r.deadline})`}`);
    }
    return outcomes.filter((x) => x.outcome === 'created' || x.outcome === 'new-version').length;
  };
  return startPeriodic(store, log, { name: 'reporting-pass', failure: 'reporting pass failed', intervalMs: o.intervalMs ?? config.reportingIntervalMs, firstRunMs: o.firstRunMs ?? 30_000 }, pass);
}
