/** The SQL of the Peppol outbox (MLS, Invoice Responses, reports waiting for the hub's access point). */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../client';
import { peppolOutbox, type NewOutboxRow, type OutboxRow } from '../schema';

export type { NewOutboxRow, OutboxRow } from '../schema';

export async function insertOutbox(db: Database, row: NewOutboxRow): Promise<void> {
  await db.insert(peppolOutbox).values(row);
}

export async function outboxById(db: Database, id: string): Promise<OutboxRow | undefined> {
  return (await db.select().from(peppolOutbox).where(eq(peppolOutbox.id, id)).limit(1))[0];
}

/** The entries of a document of one kind, oldest first. */
export async function outboxOfDocument(db: Database, documentId: string, kind: string): Promise<OutboxRow[]> {
  return db.select().from(peppolOutbox).where(and(eq(peppolOutbox.documentId, documentId), eq(peppolOutbox.kind, kind))).orderBy(asc(peppolOutbox.createdAt), asc(peppolOutbox.id));
}

/** Marks an entry taken by the access point; false when it already was. */
export async function ackOutbox(db: Database, id: string, at: string, by: string): Promise<boolean> {
  const rows = await db.update(peppolOutbox).set({ ackedAt: at, ackedBy: by }).where(and(eq(peppolOutbox.id, id), isNull(peppolOutbox.ackedAt))).returning({ id: peppolOutbox.id });
  return rows.length === 1;
}

/** Entries not yet acknowledged, oldest first (optionally of one kind). */
export async function pendingOutboxRows(db: Database, limit: number, kind?: string): Promise<OutboxRow[]> {
  return db.select().from(peppolOutbox).where(and(isNull(peppolOutbox.ackedAt), kind === undefined ? undefined : eq(peppolOutbox.kind, kind)))
    .orderBy(asc(peppolOutbox.createdAt), asc(peppolOutbox.id)).limit(limit);
}

/** The MLS entry of a document (one at most), or undefined. */
export async function mlsOfDocument(db: Database, documentId: string): Promise<OutboxRow | undefined> {
  return (await outboxOfDocument(db, documentId, 'mls'))[0];
}
