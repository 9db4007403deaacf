/** The SQL of answers to senders: which documents still need an MLS, and the submitters' notification addresses. */
import { and, asc, eq, inArray, isNull, lt, notExists, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { documents, peppolOutbox, submitterNotifications } from '../schema';

export type NotificationRow = typeof submitterNotifications.$inferSelect;

/** Peppol documents in `states` without an MLS yet, oldest first. */
export async function documentsWithoutResponse(db: Database, states: readonly string[], limit: number, skip: readonly string[]): Promise<string[]> {
  const rows = await db.select({ id: documents.id }).from(documents).where(and(
    eq(documents.channel, 'peppol'),
    inArray(documents.state, [...states]),
    notExists(db.select({ one: sql`1` }).from(peppolOutbox).where(and(eq(peppolOutbox.documentId, documents.id), eq(peppolOutbox.kind, 'mls')))),
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
