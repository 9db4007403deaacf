/** The SQL of answers to senders: the MLS outbox and the submitters' notification addresses. */
import { and, asc, eq, inArray, isNull, lt, notExists, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { documents, mlsOutbox, submitterNotifications, type MlsOutboxRow } from '../schema';

export type { MlsOutboxRow } from '../schema';
export type NotificationRow = typeof submitterNotifications.$inferSelect;

export async function outboxOfDocument(db: Database, documentId: string): Promise<MlsOutboxRow | undefined> {
  return (await db.select().from(mlsOutbox).where(eq(mlsOutbox.documentId, documentId)).limit(1))[0];
}

export async function outboxById(db: Database, id: string): Promise<MlsOutboxRow | undefined> {
  return (await db.select().from(mlsOutbox).where(eq(mlsOutbox.id, id)).limit(1))[0];
}

export async function insertOutbox(db: Database, row: typeof mlsOutbox.$inferInsert): Promise<void> {
  await db.insert(mlsOutbox).values(row);
}

/** Marks a row taken by the access point; false when it already was. */
export async function ackOutbox(db: Database, id: string, at: string, by: string): Promise<boolean> {
  const rows = await db.update(mlsOutbox).set({ ackedAt: at, ackedBy: by }).where(and(eq(mlsOutbox.id, id), isNull(mlsOutbox.ackedAt))).returning({ id: mlsOutbox.id });
  return rows.length === 1;
}

/** Outbox rows not yet acknowledged, oldest first. */
export async function pendingOutboxRows(db: Database, limit: number): Promise<MlsOutboxRow[]> {
  return db.select().from(mlsOutbox).where(isNull(mlsOutbox.ackedAt)).orderBy(asc(mlsOutbox.createdAt), asc(mlsOutbox.id)).limit(limit);
}

/** Peppol documents in `states` without a response yet, oldest first. */
export async function documentsWithoutResponse(db: Database, states: readonly string[], limit: number, skip: readonly string[]): Promise<string[]> {
  const rows = await db.select({ id: documents.id }).from(documents).where(and(
    eq(documents.channel, 'peppol'),
    inArray(documents.state, [...states]),
    notExists(db.select({ one: sql`1` }).from(mlsOutbox).where(eq(mlsOutbox.documentId, documents.id))),
    skip.length > 0 ? notInArray(documents.id, [...skip]) : undefined,
  )).orderBy(asc(documents.updatedAt)).limit(limit);
  return rows.map((r) => r.id);
}

export async function upsertNotifyAddress(db: Database, row: { documentId: string; email: string; lang: string; createdAt: string }): Promise<void> {
  await db.insert(submitterNotifications).values(row)
    .onConflictDoUpdate({ target: submitterNotifications.documentId, set: { email: row.email, lang: row.lang }, where: isNull(submitterNotifications.notifiedAt) });
}

export async function pendingNotifications(db: Database, refusedStates: readonly string[], maxAttempts: number, limit: number): Promise<NotificationRow[]> {
  const rows = await db.select({ n: submitterNotifications }).from(submitterNotifications)
    .innerJoin(documents, eq(documents.id, submitterNotifications.documentId))
    .where(and(isNull(submitterNotifications.notifiedAt), lt(submitterNotifications.attempts, maxAttempts), inArray(documents.state, [...refusedStates])))
    .limit(limit);
  return rows.map((r) => r.n);
}

export async function markNotification(db: Database, documentId: string, set: { notifiedAt?: string; attempts: number; lastError: string | null }): Promise<void> {
  await db.update(submitterNotifications).set(set).where(eq(submitterNotifications.documentId, documentId));
}
