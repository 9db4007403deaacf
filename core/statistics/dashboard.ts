/**
 * The statistics dashboard: the figures the Authority publishes each year, for the documents
 * received in a period (days, UTC; `from` included, `to` excluded) — documents per day, month,
 * channel, body and type of body; rejection and unroutable rates as exact decimal strings (4 places,
 * half up); median and p95 from reception to the first delivery in whole seconds (nearest rank); the
 * bodies reached over all channels and over Peppol; the bodies' answers (delivery → accepted, → paid,
 * never answered). The SQL is db/repositories/statistics.ts (answers: db/repositories/responses.ts).
 */
import { answerFigures, type AnswerFigures } from '../../db/repositories/responses';
import * as repo from '../../db/repositories/statistics';
import type { Store } from '../../db/store';
import { isIsoDate } from '../directory/types';

export interface Bar { key: string; count: number }

export interface DashboardStats {
  from: string;
  to: string;
  total: number;
  perDay: Bar[];
  perMonth: Bar[];
  perChannel: Bar[];
  perBody: Bar[];
  perBodyType: Bar[];
  rejected: number;
  unroutable: number;
  rejectionRate: string;
  unroutableRate: string;
  /** Reception → delivery, in seconds (null when nothing was delivered). */
  medianDeliverySeconds: number | null;
  p95DeliverySeconds: number | null;
  /** Yearly figures the Authority publishes. */
  bodiesReached: number;
  bodiesReachedViaPeppol: number;
  deliveredToBodies: number;
  /**
   * The bodies' answers (Invoice Responses) over the documents delivered in the period: per body (the
   * most delivered first) and for the whole hub (`bodyId` `*`, first) — median / p95 from delivery to
   * the first AP (accepted) and to the first PD (paid), and how many were never answered (no status
   * beyond AB), with their share (4 places, half up).
   */
  answers: (AnswerFigures & { unansweredShare: string })[];
}

/** The charts of the dashboard (each with its CSV). */
export const CHARTS = ['perDay', 'perMonth', 'perChannel', 'perBody', 'perBodyType'] as const;
export type Chart = (typeof CHARTS)[number];

export function isChart(v: string): v is Chart {
  return (CHARTS as readonly string[]).includes(v);
}

const DELIVERED = ['delivered', 'acknowledged'] as const;

/** The period asked for: `from`/`to` as given when they are days (YYYY-MM-DD), else the calendar year of `now` (UTC). */
export function periodOf(from: string | undefined, to: string | undefined, now: Date): repo.Period {
  const year = now.getUTCFullYear();
  return { from: from !== undefined && isIsoDate(from) ? from : `${year}-01-01`, to: to !== undefined && isIsoDate(to) ? to : `${year + 1}-01-01` };
}

export async function dashboardStats(store: Pick<Store, 'db'>, from: string, to: string): Promise<DashboardStats> {
  const p = { from, to };
  const { db } = store;
  const [totals, perDay, perMonth, perChannel, perBody, perBodyType, delivery, reached, answers] = await Promise.all([
    repo.periodTotals(db, p), repo.countsBy(db, p, 'day'), repo.countsBy(db, p, 'month'), repo.countsBy(db, p, 'channel'),
    repo.countsByBody(db, p, 50), repo.countsByBodyType(db, p), repo.deliveryPercentiles(db, p), repo.bodiesReached(db, p, DELIVERED), answerFigures(db, p),
  ]);
  return {
    from, to, total: totals.total,
    perDay, perMonth, perChannel, perBody, perBodyType,
    rejected: totals.rejected, unroutable: totals.unroutable, rejectionRate: totals.rejectionRate, unroutableRate: totals.unroutableRate,
    medianDeliverySeconds: delivery.median, p95DeliverySeconds: delivery.p95,
    bodiesReached: reached.bodies, bodiesReachedViaPeppol: reached.viaPeppol, deliveredToBodies: reached.documents,
    answers: answers.slice(0, 51).map((a) => ({ ...a, unansweredShare: ratio(a.unanswered, a.delivered) })),
  };
}

/** The dashboard's summary as CSV rows (header first), the published figures. */
export function summaryRows(s: DashboardStats): (string | number)[][] {
  return [
    ['figure', 'value'], ['from', s.from], ['to', s.to], ['documents', s.total], ['rejected', s.rejected], ['unroutable', s.unroutable],
    ['rejection_rate', s.rejectionRate], ['unroutable_rate', s.unroutableRate],
    ['median_delivery_seconds', s.medianDeliverySeconds ?? ''], ['p95_delivery_seconds', s.p95DeliverySeconds ?? ''],
    ['documents_delivered', s.deliveredToBodies], ['bodies_reached', s.bodiesReached], ['bodies_reached_via_peppol', s.bodiesReachedViaPeppol],
    ...answerRows(s.answers.find((a) => a.bodyId === '*')),
  ];
}

function answerRows(a: (AnswerFigures & { unansweredShare: string }) | undefined): (string | number)[][] {
  return [
    ['median_delivery_to_accepted_seconds', a?.medianAcceptedSeconds ?? ''], ['p95_delivery_to_accepted_seconds', a?.p95AcceptedSeconds ?? ''],
    ['median_delivery_to_paid_seconds', a?.medianPaidSeconds ?? ''], ['p95_delivery_to_paid_seconds', a?.p95PaidSeconds ?? ''],
    ['never_answered', a?.unanswered ?? 0], ['never_answered_share', a?.unansweredShare ?? '0.0000'],
  ];
}

/**
 * An integer ratio as a decimal string, half up ("0.2857"): the definition the SQL follows
 * (`round(n::numeric / d, 4)`), for figures computed outside the database.
 */
export function ratio(num: number, den: number, places = 4): string {
  if (den === 0) return (0).toFixed(places);
  const scale = 10n ** BigInt(places);
  const q = (BigInt(num) * scale * 2n + BigInt(den)) / (2n * BigInt(den));
  const s = q.toString().padStart(places + 1, '0');
  return `${s.slice(0, -places)}.${s.slice(-places)}`;
}

/** Percentile (nearest rank) of sorted values: the definition of `percentile_disc` the SQL uses. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? null;
}
