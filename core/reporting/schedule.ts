/**
 * The reporting calendar (pure, UTC): a month's reports are built from the `buildDay` of the next
 * month, a reminder shows from its `reminderDay` while one is not acknowledged as sent, and OpenPeppol
 * no longer processes a report received after its `deadlineDay` (TSR and EUSR, "Data Transmission":
 * "within 10 calendar days (inclusive) after the end of the previous Reporting Period" — the hub
 * reminds on the 10th; OpenPeppol's reporting window closes on the 15th).
 */
import { config } from '../../config';
import { ReportingInputError, reportPeriod } from './ledger';

export interface ReportingCalendar {
  /** Day of the month (UTC) from which last month's reports are built (default 2). */
  buildDay: number;
  /** Day from which a report not acknowledged as sent raises a reminder (default 10). */
  reminderDay: number;
  /** Last day a report is processed by OpenPeppol (default 15). */
  deadlineDay: number;
}

export const DEFAULT_CALENDAR: ReportingCalendar = { buildDay: 2, reminderDay: 10, deadlineDay: 15 };

/** The calendar of the settings (`EINVOICE_REPORTING_DAY`, `…_REMINDER_DAY`, `…_DEADLINE_DAY`). */
export function configuredCalendar(): ReportingCalendar {
  return { buildDay: config.reportingDay, reminderDay: config.reportingReminderDay, deadlineDay: config.reportingDeadlineDay };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The month `YYYY-MM` (UTC) of an instant. */
export function monthOf(d: Date): string {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}`;
}

/** The month before `YYYY-MM`. */
export function previousMonth(month: string): string {
  const p = reportPeriod(month);
  return monthOf(new Date(p.fromMs - 1));
}

/** The month after `YYYY-MM`. */
export function nextMonth(month: string): string {
  return monthOf(new Date(reportPeriod(month).toMs));
}

/** A month's reporting period has ended at `now` (its reports can be built). */
export function monthIsOver(month: string, now: Date): boolean {
  return reportPeriod(month).toMs <= now.getTime();
}

/** A `YYYY-MM` month, checked (the same message as the builders' for a bad one). */
export function checkMonth(month: string): string {
  reportPeriod(month);
  return month;
}

/** The dates of a month's reporting, in the month after it (`YYYY-MM-DD`, UTC). */
export function reportingDates(month: string, cal: ReportingCalendar = DEFAULT_CALENDAR): { buildOn: string; remindFrom: string; deadline: string } {
  const next = nextMonth(month);
  const day = (d: number): string => `${next}-${pad2(Math.min(Math.max(d, 1), 28))}`;
  return { buildOn: day(cal.buildDay), remindFrom: day(cal.reminderDay), deadline: day(cal.deadlineDay) };
}

/** The month whose reports are due to be built at `now`: last month, from the build day on; else null. */
export function dueMonth(now: Date, cal: ReportingCalendar = DEFAULT_CALENDAR): string | null {
  const last = previousMonth(monthOf(now));
  return now.toISOString().slice(0, 10) >= reportingDates(last, cal).buildOn ? last : null;
}

/** Where `now` stands in last month's reporting: before the build day, building, reminding, or past the deadline. */
export function reportingPhase(now: Date, cal: ReportingCalendar = DEFAULT_CALENDAR): { month: string; phase: 'waiting' | 'due' | 'remind' | 'late' } {
  const month = previousMonth(monthOf(now));
  const today = now.toISOString().slice(0, 10);
  const d = reportingDates(month, cal);
  const phase = today > d.deadline ? 'late' : today >= d.remindFrom ? 'remind' : today >= d.buildOn ? 'due' : 'waiting';
  return { month, phase };
}

/** A month typed by a person (`2026-11`), or an error that says what is expected. */
export function parseMonth(raw: string | undefined): string {
  const v = (raw ?? '').trim();
  if (!/^\d{4}-\d{2}$/.test(v)) throw new ReportingInputError([`the month "${v.slice(0, 20)}" is not of the form YYYY-MM`]);
  return checkMonth(v);
}
