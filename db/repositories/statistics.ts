/**
 * The SQL of the statistics dashboard, over the documents received in a period (days, UTC, `from`
 * included, `to` excluded): counts per day, month, channel, body and type of body; rejection and
 * unroutable rates as exact numerics; median and p95 from reception to the first delivery, in whole
 * seconds, nearest rank (`percentile_disc`); the bodies reached.
 */
import { and, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { bodies, documents, events } from '../schema';
import { receivedIn } from './providers';

export interface Period { from: string; to: string }

function inPeriod(p: Period): SQL {
  return and(...receivedIn(p)) as SQL;
}

/** `part` of `whole`, 4 places, half up, exact; '0.0000' when `whole` is 0. */
function rate(part: SQL, whole: SQL): SQL<string> {
  return sql<string>`coalesce(round((${part})::numeric / nullif(${whole}, 0), 4), 0)::numeric(10, 4)::text`;
}

export interface PeriodTotals { total: number; rejected: number; unroutable: number; rejectionRate: string; unroutableRate: string }

export async function periodTotals(db: Database, p: Period): Promise<PeriodTotals> {
  const rejected = sql`count(*) filter (where ${documents.state} = 'rejected')`;
  const unroutable = sql`count(*) filter (where ${documents.state} = 'unroutable')`;
  const rows = await db.select({
    total: sql<number>`count(*)::int`,
    rejected: sql<number>`(${rejected})::int`,
    unroutable: sql<number>`(${unroutable})::int`,
    rejectionRate: rate(rejected, sql`count(*)`),
    unroutableRate: rate(unroutable, sql`count(*)`),
  }).from(documents).where(inPeriod(p));
  return rows[0] ?? { total: 0, rejected: 0, unroutable: 0, rejectionRate: '0.0000', unroutableRate: '0.0000' };
}

export interface Bucket { key: string; count: number }

/** Documents per day or month of reception (UTC) or per channel, in key order. */
export async function countsBy(db: Database, p: Period, by: 'day' | 'month' | 'channel'): Promise<Bucket[]> {
  const key = by === 'day' ? sql<string>`to_char(${documents.receivedAt} at time zone 'UTC', 'YYYY-MM-DD')`
    : by === 'month' ? sql<string>`to_char(date_trunc('month', ${documents.receivedAt} at time zone 'UTC'), 'YYYY-MM')`
      : sql<string>`${documents.channel}`;
  return db.select({ key, count: sql<number>`count(*)::int` }).from(documents).where(inPeriod(p))
    .groupBy(sql`1`).orderBy(sql`${key} collate "C"`);
}

/** Documents per body they were routed to, the most first (at most `limit`). */
export async function countsByBody(db: Database, p: Period, limit: number): Promise<Bucket[]> {
  return db.select({ key: sql<string>`${documents.resolvedBodyId}`, count: sql<number>`count(*)::int` }).from(documents)
    .where(and(inPeriod(p), isNotNull(documents.resolvedBodyId)))
    .groupBy(documents.resolvedBodyId).orderBy(sql`count(*) desc, ${documents.resolvedBodyId} collate "C"`).limit(limit);
}

/** Documents per type of the body they were routed to. */
export async function countsByBodyType(db: Database, p: Period): Promise<Bucket[]> {
  return db.select({ key: sql<string>`${bodies.type}`, count: sql<number>`count(*)::int` }).from(documents)
    .innerJoin(bodies, eq(bodies.id, documents.resolvedBodyId))
    .where(inPeriod(p)).groupBy(bodies.type).orderBy(sql`${bodies.type} collate "C"`);
}

/** Median and p95 of reception → first `delivered` transition, whole seconds (null when nothing was delivered). */
export async function deliveryPercentiles(db: Database, p: Period): Promise<{ median: number | null; p95: number | null }> {
  const durations = db.$with('durations').as(
    db.select({ s: sql<number>`greatest(0, round(extract(epoch from (min(${events.at}) - ${documents.receivedAt}))))::int`.as('s') })
      .from(documents)
      .innerJoin(events, and(eq(events.documentId, documents.id), eq(events.toState, 'delivered'), eq(events.type, 'transition')))
      .where(inPeriod(p))
      .groupBy(documents.id, documents.receivedAt),
  );
  const rows = await db.with(durations).select({
    median: sql<number | null>`percentile_disc(0.5) within group (order by ${durations.s})`,
    p95: sql<number | null>`percentile_disc(0.95) within group (order by ${durations.s})`,
  }).from(durations);
  return { median: rows[0]?.median ?? null, p95: rows[0]?.p95 ?? null };
}

/** Documents delivered (or acknowledged) in the period and the bodies they reached, over all channels and over Peppol. */
export async function bodiesReached(db: Database, p: Period, deliveredStates: readonly string[]): Promise<{ bodies: number; viaPeppol: number; documents: number }> {
  const rows = await db.select({
    bodies: sql<number>`count(distinct ${documents.resolvedBodyId})::int`,
    viaPeppol: sql<number>`(count(distinct ${documents.resolvedBodyId}) filter (where ${documents.channel} = 'peppol'))::int`,
    documents: sql<number>`count(*)::int`,
  }).from(documents).where(and(inPeriod(p), inArray(documents.state, [...deliveredStates])));
  return rows[0] ?? { bodies: 0, viaPeppol: 0, documents: 0 };
}
