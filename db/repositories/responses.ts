/**
 * The SQL of the Invoice Responses: the statuses bodies set (one row each), reopenings by the
 * Authority, the deadline's reminders, the payloads of `document.status_changed` pushes, the
 * console's queues (invalid responses, documents awaiting the body) and the statistics of answers.
 */
import { and, asc, desc, eq, inArray, isNull, lt, notExists, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../client';
import {
  documentResponses, documents, inboxItems, responseReminders, responseReopenings, statusWebhookEvents, submitterNotifications,
  type DocumentResponseRow, type NewDocumentResponseRow,
} from '../schema';
import { queueColumns, type QueueDocumentRow } from './console';

export type { DocumentResponseRow, NewDocumentResponseRow } from '../schema';

export async function insertResponse(tx: Database, row: NewDocumentResponseRow): Promise<DocumentResponseRow> {
  const rows = await tx.insert(documentResponses).values(row).returning();
  return rows[0]!;
}

export async function setOutbox(tx: Database, id: string, outboxId: string): Promise<void> {
  await tx.update(documentResponses).set({ outboxId }).where(eq(documentResponses.id, id));
}

export async function responseById(db: Database, id: string): Promise<DocumentResponseRow | undefined> {
  return (await db.select().from(documentResponses).where(eq(documentResponses.id, id)).limit(1))[0];
}

export async function responseByKey(db: Database, documentId: string, key: string): Promise<DocumentResponseRow | undefined> {
  return (await db.select().from(documentResponses).where(and(eq(documentResponses.documentId, documentId), eq(documentResponses.idempotencyKey, key))).limit(1))[0];
}

/** The statuses of a document, in the order they were set. */
export async function responsesOf(db: Database, documentId: string): Promise<DocumentResponseRow[]> {
  return db.select().from(documentResponses).where(eq(documentResponses.documentId, documentId)).orderBy(asc(documentResponses.seq));
}

/** The statuses of several documents (lists), in order. */
export async function responsesOfDocuments(db: Database, ids: readonly string[]): Promise<DocumentResponseRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(documentResponses).where(inArray(documentResponses.documentId, [...ids])).orderBy(asc(documentResponses.seq));
}

export async function setNotified(db: Database, id: string, o: { notifiedAt?: string; attempts: number; error: string | null }): Promise<void> {
  await db.update(documentResponses).set({ ...(o.notifiedAt !== undefined ? { notifiedAt: o.notifiedAt } : {}), notifyAttempts: o.attempts, notifyError: o.error }).where(eq(documentResponses.id, id));
}

/** Statuses to mail to the supplier (delivery `mail`, not yet sent, fewer attempts than `maxAttempts`), oldest first. */
export async function pendingMails(db: Database, maxAttempts: number, limit: number): Promise<DocumentResponseRow[]> {
  return db.select().from(documentResponses)
    .where(and(eq(documentResponses.delivery, 'mail'), isNull(documentResponses.notifiedAt), lt(documentResponses.notifyAttempts, maxAttempts)))
    .orderBy(asc(documentResponses.seq)).limit(limit);
}

/** Where the submitter of a document asked to be told (web form, API `X-Notify-Email`). */
export async function submitterAddress(db: Database, documentId: string): Promise<{ email: string; lang: string } | undefined> {
  return (await db.select({ email: submitterNotifications.email, lang: submitterNotifications.lang }).from(submitterNotifications).where(eq(submitterNotifications.documentId, documentId)).limit(1))[0];
}

// --- reopenings ---

export async function insertReopening(tx: Database, row: { documentId: string; at: string; actor: string; reason: string; responseId: string }): Promise<void> {
  await tx.insert(responseReopenings).values(row);
}

export async function reopeningsOf(db: Database, documentId: string): Promise<{ responseId: string; at: string; actor: string; reason: string }[]> {
  return db.select({ responseId: responseReopenings.responseId, at: responseReopenings.at, actor: responseReopenings.actor, reason: responseReopenings.reason })
    .from(responseReopenings).where(eq(responseReopenings.documentId, documentId)).orderBy(asc(responseReopenings.at), asc(responseReopenings.id));
}

// --- webhook payloads ---

export async function insertStatusEvent(tx: Database, deliveryId: string, type: string, payload: Record<string, unknown>): Promise<void> {
  await tx.insert(statusWebhookEvents).values({ deliveryId, type, payload });
}

export async function statusEventOf(db: Database, deliveryId: string): Promise<{ type: string; payload: Record<string, unknown> } | undefined> {
  return (await db.select({ type: statusWebhookEvents.type, payload: statusWebhookEvents.payload }).from(statusWebhookEvents).where(eq(statusWebhookEvents.deliveryId, deliveryId)).limit(1))[0];
}

// --- the console's queues ---

const open = and(eq(documentResponses.responseState, 'invalid'), isNull(documentResponses.handledAt));

export async function countInvalid(db: Database): Promise<number> {
  return (await db.select({ n: sql<number>`count(*)::int` }).from(documentResponses).where(open))[0]?.n ?? 0;
}

/** Invalid responses as queue lines, the latest first (one line per response). */
export async function invalidLines(db: Database, limit: number, offset: number): Promise<(QueueDocumentRow & { responseId: string })[]> {
  return db.select({
    ...queueColumns, updatedAt: documentResponses.createdAt, recipient: sql<string | null>`${documentResponses.bodyId}`,
    lastError: sql<string | null>`${documentResponses.code} || ': ' || coalesce(${documentResponses.findings}->0->>'ruleId', '') || ' ' || coalesce(${documentResponses.findings}->0->>'message', '')`,
    responseId: documentResponses.id,
  }).from(documentResponses).innerJoin(documents, eq(documents.id, documentResponses.documentId))
    .where(open).orderBy(desc(documentResponses.createdAt), asc(documentResponses.id)).limit(limit).offset(offset);
}

/** The Authority has seen an invalid response (it leaves the queue); false when there was none open. */
export async function markInvalidHandled(tx: Database, documentId: string, at: string): Promise<number> {
  const rows = await tx.update(documentResponses).set({ handledAt: at }).where(and(eq(documentResponses.documentId, documentId), open)).returning({ id: documentResponses.id });
  return rows.length;
}

/** A status beyond AB on the document. */
function answered(db: Database): SQL {
  return sql`exists (${db.select({ one: sql`1` }).from(documentResponses).where(and(eq(documentResponses.documentId, inboxItems.documentId), sql`${documentResponses.code} <> 'AB'`))})`;
}

function awaitingWhere(db: Database, cutoff: string): SQL {
  return and(lt(inboxItems.deliveredAt, cutoff), inArray(documents.state, ['delivered', 'acknowledged']), sql`not ${answered(db)}`) as SQL;
}

export async function countAwaiting(db: Database, cutoff: string): Promise<number> {
  return (await db.select({ n: sql<number>`count(*)::int` }).from(inboxItems).innerJoin(documents, eq(documents.id, inboxItems.documentId)).where(awaitingWhere(db, cutoff)))[0]?.n ?? 0;
}

/** Documents delivered before `cutoff` with no status beyond AB, the oldest delivery first, with the reminder if one was sent. */
export async function awaitingLines(db: Database, cutoff: string, limit: number, offset: number): Promise<(QueueDocumentRow & { deliveredAt: string; remindedAt: string | null })[]> {
  return db.select({ ...queueColumns, recipient: sql<string | null>`${inboxItems.bodyId}`, deliveredAt: inboxItems.deliveredAt, remindedAt: responseReminders.at })
    .from(inboxItems).innerJoin(documents, eq(documents.id, inboxItems.documentId))
    .leftJoin(responseReminders, eq(responseReminders.documentId, inboxItems.documentId))
    .where(awaitingWhere(db, cutoff)).orderBy(asc(inboxItems.deliveredAt), asc(inboxItems.seq)).limit(limit).offset(offset);
}

/**
 * Claims the documents awaiting the body that have had no reminder yet: one `pending` reminder row
 * each (the primary key makes it once per document, whichever host claims it).
 */
export async function claimReminders(tx: Database, cutoff: string, at: string, limit: number): Promise<{ documentId: string; bodyId: string; deliveredAt: string; invoiceNumber: string | null; supplierName: string | null }[]> {
  const due = await tx.select({ documentId: inboxItems.documentId, bodyId: inboxItems.bodyId, deliveredAt: inboxItems.deliveredAt, invoiceNumber: inboxItems.invoiceNumber, supplierName: inboxItems.supplierName })
    .from(inboxItems).innerJoin(documents, eq(documents.id, inboxItems.documentId))
    .where(and(awaitingWhere(tx, cutoff), notExists(tx.select({ one: sql`1` }).from(responseReminders).where(eq(responseReminders.documentId, inboxItems.documentId)))))
    .orderBy(asc(inboxItems.deliveredAt)).limit(limit);
  if (due.length === 0) return [];
  const claimed = await tx.insert(responseReminders).values(due.map((d) => ({ documentId: d.documentId, bodyId: d.bodyId, at, recipients: [], mail: 'pending' })))
    .onConflictDoNothing().returning({ documentId: responseReminders.documentId });
  const ids = new Set(claimed.map((c) => c.documentId));
  return due.filter((d) => ids.has(d.documentId));
}

export async function recordReminder(db: Database, documentId: string, recipients: string[], mail: string): Promise<void> {
  await db.update(responseReminders).set({ recipients, mail }).where(eq(responseReminders.documentId, documentId));
}

export async function reminderOf(db: Database, documentId: string): Promise<{ at: string; recipients: string[]; mail: string } | undefined> {
  return (await db.select({ at: responseReminders.at, recipients: responseReminders.recipients, mail: responseReminders.mail }).from(responseReminders).where(eq(responseReminders.documentId, documentId)).limit(1))[0];
}

// --- statistics ---

export interface AnswerFigures {
  bodyId: string;
  delivered: number;
  /** Delivered documents with no status beyond AB. */
  unanswered: number;
  medianAcceptedSeconds: number | null;
  p95AcceptedSeconds: number | null;
  medianPaidSeconds: number | null;
  p95PaidSeconds: number | null;
}

/**
 * Per body, over the documents delivered in the period (`from` included, `to` excluded, UTC days):
 * how many, how many never answered (no status beyond AB), and median / p95 (nearest rank, whole
 * seconds) from delivery to the first AP and to the first PD. `bodyId` `*` is the whole hub.
 */
export async function answerFigures(db: Database, p: { from: string; to: string }): Promise<AnswerFigures[]> {
  const list = await rowsOf<Record<string, unknown>>(db, sql`
    with d as (
      select i.document_id, i.body_id, i.delivered_at,
        (select min(r.created_at) from ${documentResponses} r where r.document_id = i.document_id and r.code = 'AP') as ap,
        (select min(r.created_at) from ${documentResponses} r where r.document_id = i.document_id and r.code = 'PD') as pd,
        exists (select 1 from ${documentResponses} r where r.document_id = i.document_id and r.code <> 'AB') as answered
      from ${inboxItems} i
      where i.delivered_at >= ${`${p.from}T00:00:00.000Z`}::timestamptz and i.delivered_at < ${`${p.to}T00:00:00.000Z`}::timestamptz
    ), s as (
      select coalesce(body_id, '*') as body_id, count(*)::int as delivered, (count(*) filter (where not answered))::int as unanswered,
        percentile_disc(0.5) within group (order by greatest(0, round(extract(epoch from (ap - delivered_at))))::int) filter (where ap is not null) as med_ap,
        percentile_disc(0.95) within group (order by greatest(0, round(extract(epoch from (ap - delivered_at))))::int) filter (where ap is not null) as p95_ap,
        percentile_disc(0.5) within group (order by greatest(0, round(extract(epoch from (pd - delivered_at))))::int) filter (where pd is not null) as med_pd,
        percentile_disc(0.95) within group (order by greatest(0, round(extract(epoch from (pd - delivered_at))))::int) filter (where pd is not null) as p95_pd
      from d group by grouping sets ((body_id), ())
    )
    select body_id as "bodyId", delivered, unanswered, med_ap as "medianAcceptedSeconds", p95_ap as "p95AcceptedSeconds", med_pd as "medianPaidSeconds", p95_pd as "p95PaidSeconds"
    from s order by (body_id = '*') desc, delivered desc, body_id collate "C"`);
  const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return list.map((r) => ({
    bodyId: String(r.bodyId), delivered: Number(r.delivered), unanswered: Number(r.unanswered),
    medianAcceptedSeconds: n(r.medianAcceptedSeconds), p95AcceptedSeconds: n(r.p95AcceptedSeconds), medianPaidSeconds: n(r.medianPaidSeconds), p95PaidSeconds: n(r.p95PaidSeconds),
  }));
}
