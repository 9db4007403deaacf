/**
 * The SQL of the Authority console's error queues: documents of a queue (states, not marked handled
 * in their current state, for the stuck queue not updated since a cut-off), their counts, groups by
 * sending provider, recipient or day with the 7-day trend, and the "handled" marks. Which states make
 * a queue, and what "stuck" means, is core/documents/queues.ts.
 */
import { and, asc, desc, eq, inArray, isNull, lt, notExists, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { documentHandled, documents, webhookDeliveries } from '../schema';

/** The documents of a queue: in one of `states`, not marked handled in that state; `stuckBefore`: not updated since. */
export interface QueueScope {
  states: readonly string[];
  stuckBefore?: string;
}

export interface QueueFilterSql {
  /** Sending provider seat id; `null`: none. */
  provider?: string | null;
  /** Recipient as the queues show it; `null`: none. */
  recipient?: string | null;
  /** Reception day (UTC), YYYY-MM-DD. */
  day?: string;
}

/** Who a document was addressed to: the SBDH receiver, else the buyer's electronic address (BT-49), else the body it was routed to. */
export const RECIPIENT = sql<string | null>`coalesce(${documents.receiverId}, ${documents.buyerEndpointId}, ${documents.resolvedBodyId})`;

function scopeWhere(db: Database, s: QueueScope): SQL {
  const handled = db.select({ one: sql`1` }).from(documentHandled)
    .where(and(eq(documentHandled.documentId, documents.id), eq(documentHandled.state, documents.state)));
  return and(
    inArray(documents.state, [...s.states]),
    notExists(handled),
    s.stuckBefore === undefined ? undefined : lt(documents.updatedAt, s.stuckBefore),
  ) as SQL;
}

function filterWhere(f: QueueFilterSql): (SQL | undefined)[] {
  return [
    f.provider === undefined ? undefined : f.provider === null ? isNull(documents.sendingAp) : eq(documents.sendingAp, f.provider),
    f.recipient === undefined ? undefined : f.recipient === null ? sql`${RECIPIENT} is null` : sql`${RECIPIENT} = ${f.recipient}`,
    f.day === undefined ? undefined
      : sql`${documents.receivedAt} >= (${f.day}::date)::timestamp at time zone 'UTC' and ${documents.receivedAt} < (${f.day}::date + 1)::timestamp at time zone 'UTC'`,
  ];
}

export async function countInQueue(db: Database, s: QueueScope): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(documents).where(scopeWhere(db, s));
  return rows[0]?.n ?? 0;
}

/** What a queue line shows of a document (and what the console needs to show its type and amount). */
export const queueColumns = {
  id: documents.id,
  state: documents.state,
  channel: documents.channel,
  receivedAt: documents.receivedAt,
  updatedAt: documents.updatedAt,
  sendingAp: documents.sendingAp,
  recipient: RECIPIENT,
  invoiceNumber: documents.invoiceNumber,
  lastError: documents.lastError,
  typeCode: documents.typeCode,
  rootName: documents.rootName,
  payloadSha256: documents.payloadSha256,
  sizeBytes: documents.sizeBytes,
};

export interface QueueDocumentRow {
  id: string;
  state: string;
  channel: string;
  receivedAt: string;
  updatedAt: string;
  sendingAp: string | null;
  recipient: string | null;
  invoiceNumber: string | null;
  lastError: string | null;
  typeCode: string | null;
  rootName: string | null;
  payloadSha256: string;
  sizeBytes: number;
}

/** The documents of a queue, the latest received first. */
export async function queueDocuments(db: Database, s: QueueScope, f: QueueFilterSql, limit: number, offset: number): Promise<QueueDocumentRow[]> {
  return db.select(queueColumns).from(documents)
    .where(and(scopeWhere(db, s), ...filterWhere(f)))
    .orderBy(desc(documents.receivedAt), asc(documents.id))
    .limit(limit).offset(offset);
}

/** Webhook deliveries given up (dead letters) not yet redelivered. */
export async function countDeadLetters(db: Database): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(webhookDeliveries).where(eq(webhookDeliveries.status, 'dead'));
  return rows[0]?.n ?? 0;
}

/**
 * The dead letters as queue lines, the latest delivery first: the document's columns, with the
 * delivery's creation time, body and last error (one line per delivery: a document may have several).
 */
export async function deadLetterLines(db: Database, limit: number, offset: number): Promise<(QueueDocumentRow & { deliveryId: string })[]> {
  return db.select({
    ...queueColumns,
    updatedAt: webhookDeliveries.createdAt, recipient: sql<string | null>`${webhookDeliveries.bodyId}`, lastError: webhookDeliveries.lastError, deliveryId: webhookDeliveries.id,
  }).from(webhookDeliveries).innerJoin(documents, eq(documents.id, webhookDeliveries.documentId))
    .where(eq(webhookDeliveries.status, 'dead'))
    .orderBy(desc(webhookDeliveries.createdAt), asc(webhookDeliveries.id))
    .limit(limit).offset(offset);
}

/** Ids and reception times of a queue's documents, the latest first (grouping by rule reads their reports). */
export async function queueDocumentIds(db: Database, s: QueueScope, limit: number): Promise<{ id: string; receivedAt: string }[]> {
  return db.select({ id: documents.id, receivedAt: documents.receivedAt }).from(documents)
    .where(scopeWhere(db, s)).orderBy(desc(documents.receivedAt)).limit(limit);
}

export type SqlGroupBy = 'provider' | 'recipient' | 'day';

export interface GroupRow { key: string; count: number; last7: number; prev7: number }

/**
 * A queue's documents counted by sending provider, recipient or reception day (UTC), with how many
 * were received in the 7 days before `now` and in the 7 days before those.
 */
export async function queueGroups(db: Database, s: QueueScope, by: SqlGroupBy, now: string): Promise<GroupRow[]> {
  const key = by === 'provider' ? sql<string>`coalesce(${documents.sendingAp}, '-')`
    : by === 'recipient' ? sql<string>`coalesce(${RECIPIENT}, '-')`
      : sql<string>`to_char(${documents.receivedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const d7 = sql`${now}::timestamptz - interval '7 days'`;
  const d14 = sql`${now}::timestamptz - interval '14 days'`;
  const rows = await db.select({
    key,
    count: sql<number>`count(*)::int`,
    last7: sql<number>`(count(*) filter (where ${documents.receivedAt} >= ${d7}))::int`,
    prev7: sql<number>`(count(*) filter (where ${documents.receivedAt} >= ${d14} and ${documents.receivedAt} < ${d7}))::int`,
  }).from(documents).where(scopeWhere(db, s)).groupBy(sql`1`)
    .orderBy(by === 'day' ? sql`${key} collate "C" desc` : sql`count(*) desc, ${key} collate "C"`);
  return rows;
}

/** Marks a document handled in its current state (a later mark replaces an earlier one). */
export async function markHandled(tx: Database, row: typeof documentHandled.$inferInsert): Promise<void> {
  await tx.insert(documentHandled).values(row)
    .onConflictDoUpdate({ target: documentHandled.documentId, set: { state: row.state, at: row.at, actor: row.actor, note: row.note } });
}

export async function handledMark(db: Database, documentId: string): Promise<typeof documentHandled.$inferSelect | undefined> {
  return (await db.select().from(documentHandled).where(eq(documentHandled.documentId, documentId)).limit(1))[0];
}
