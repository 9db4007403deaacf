/**
 * The SQL of the register of Peppol service providers and of the per-provider figures: what a
 * sending access point (seat id) handed in over Peppol, rejected and duplicates, per month (UTC),
 * the rejection rate as an exact numeric. Reading the findings of the rejected documents is core's.
 */
import { and, asc, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { documents, serviceProviders, type ServiceProviderRow } from '../schema';

export type { ServiceProviderRow } from '../schema';

export async function providerRows(db: Database): Promise<ServiceProviderRow[]> {
  return db.select().from(serviceProviders).orderBy(asc(serviceProviders.seatId));
}

export async function providerRow(db: Database, seatId: string): Promise<ServiceProviderRow | undefined> {
  return (await db.select().from(serviceProviders).where(eq(serviceProviders.seatId, seatId)).limit(1))[0];
}

/** Holds the provider's write lock for the rest of the transaction (two saves of one seat run one after the other). */
export async function lockProvider(tx: Database, seatId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`provider:${seatId}`}, 0))`);
}

export type ProviderFields = Pick<ServiceProviderRow, 'seatId' | 'name' | 'country' | 'status' | 'takenOverAt' | 'contact' | 'notes'>;

export async function upsertProvider(tx: Database, row: ProviderFields, now: string): Promise<ServiceProviderRow> {
  const rows = await tx.insert(serviceProviders).values({ ...row, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: serviceProviders.seatId, set: { ...row, updatedAt: now } })
    .returning();
  return rows[0] as ServiceProviderRow;
}

/** Reception period: days (YYYY-MM-DD, UTC), `from` included, `to` excluded; either may be absent. */
export interface DayRange { from?: string; to?: string }

export function receivedIn(r: DayRange): (SQL | undefined)[] {
  return [
    r.from === undefined ? undefined : sql`${documents.receivedAt} >= (${r.from}::date)::timestamp at time zone 'UTC'`,
    r.to === undefined ? undefined : sql`${documents.receivedAt} < (${r.to}::date)::timestamp at time zone 'UTC'`,
  ];
}

function sentBy(seatId: string, r: DayRange): SQL {
  return and(eq(documents.channel, 'peppol'), eq(documents.sendingAp, seatId), ...receivedIn(r)) as SQL;
}

const rejectedCount = sql<number>`(count(*) filter (where ${documents.state} = 'rejected'))::int`;
/** rejected / sent, 4 places, half up, exact (numeric); '0.0000' when nothing was sent. */
const rejectionRate = sql<string>`coalesce(round((count(*) filter (where ${documents.state} = 'rejected'))::numeric / nullif(count(*), 0), 4), 0)::numeric(10, 4)::text`;

export interface ProviderTotals { sent: number; rejected: number; duplicates: number; rejectionRate: string }

export async function providerTotals(db: Database, seatId: string, r: DayRange): Promise<ProviderTotals> {
  const rows = await db.select({
    sent: sql<number>`count(*)::int`,
    rejected: rejectedCount,
    duplicates: sql<number>`(count(*) filter (where ${documents.state} = 'duplicate'))::int`,
    rejectionRate,
  }).from(documents).where(sentBy(seatId, r));
  return rows[0] ?? { sent: 0, rejected: 0, duplicates: 0, rejectionRate: '0.0000' };
}

/** Documents sent and rejected per month of reception (UTC, YYYY-MM), oldest first. */
export async function providerMonths(db: Database, seatId: string, r: DayRange): Promise<{ month: string; sent: number; rejected: number }[]> {
  return db.select({
    month: sql<string>`to_char(date_trunc('month', ${documents.receivedAt} at time zone 'UTC'), 'YYYY-MM')`,
    sent: sql<number>`count(*)::int`,
    rejected: rejectedCount,
  }).from(documents).where(sentBy(seatId, r)).groupBy(sql`1`).orderBy(sql`1`);
}

/** The provider's rejected documents, the latest first. */
export async function rejectedDocuments(db: Database, seatId: string, r: DayRange, limit: number): Promise<{ id: string; receivedAt: string; invoiceNumber: string | null }[]> {
  return db.select({ id: documents.id, receivedAt: documents.receivedAt, invoiceNumber: documents.invoiceNumber }).from(documents)
    .where(and(sentBy(seatId, r), eq(documents.state, 'rejected')))
    .orderBy(desc(documents.receivedAt), asc(documents.id)).limit(limit);
}

/** Sent / rejected / rate per seat id that sent anything over Peppol (registered or not). */
export async function providerOverviewRows(db: Database): Promise<{ seatId: string; sent: number; rejected: number; rejectionRate: string }[]> {
  return db.select({
    seatId: sql<string>`${documents.sendingAp}`,
    sent: sql<number>`count(*)::int`,
    rejected: rejectedCount,
    rejectionRate,
  }).from(documents).where(and(eq(documents.channel, 'peppol'), isNotNull(documents.sendingAp)))
    .groupBy(documents.sendingAp).orderBy(asc(documents.sendingAp));
}
