/**
 * The SQL of the supplier portal: drafts and checked uploads reached by a private link (only the
 * link's SHA-256 is stored), and the submissions a tracking link leads to.
 */
import { and, asc, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Database } from '../client';
import { portalDrafts, portalSubmissions, type PortalDraftRow, type PortalSubmissionRow } from '../schema';

export type { PortalDraftRow, PortalSubmissionRow } from '../schema';
export type NewPortalDraft = typeof portalDrafts.$inferInsert;
export type DraftChanges = Partial<Pick<PortalDraftRow, 'data' | 'updatedAt' | 'expiresAt' | 'xmlSha256' | 'valid' | 'checkedDataHash'>>;

/** The draft of a token hash, unless it expired before `now`. */
export async function findLiveDraft(db: Database, tokenHash: string, now: string): Promise<PortalDraftRow | undefined> {
  const rows = await db.select().from(portalDrafts).where(and(eq(portalDrafts.tokenHash, tokenHash), gt(portalDrafts.expiresAt, now))).limit(1);
  return rows[0];
}

/** Deletes the drafts that expired before `now` and were never sent (their files stay in the content-addressed store). */
export async function deleteExpiredDrafts(db: Database, now: string): Promise<void> {
  await db.delete(portalDrafts).where(and(lt(portalDrafts.expiresAt, now), isNull(portalDrafts.documentId)));
}

/** Updates the unsent draft of that token hash and kind in one statement; false when there is none. */
export async function updateOpenDraft(db: Database, tokenHash: string, kind: string, set: DraftChanges): Promise<boolean> {
  const rows = await db.update(portalDrafts).set(set)
    .where(and(eq(portalDrafts.tokenHash, tokenHash), eq(portalDrafts.kind, kind), isNull(portalDrafts.documentId)))
    .returning({ id: portalDrafts.id });
  return rows.length === 1;
}

export async function insertDraft(db: Database, row: NewPortalDraft): Promise<void> {
  await db.insert(portalDrafts).values(row);
}

/** Links a draft to the document it became (only the first time); false when it already was. */
export async function markDraftSent(tx: Database, draftId: string, documentId: string, at: string): Promise<boolean> {
  const rows = await tx.update(portalDrafts).set({ documentId, updatedAt: at })
    .where(and(eq(portalDrafts.id, draftId), isNull(portalDrafts.documentId)))
    .returning({ id: portalDrafts.id });
  return rows.length === 1;
}

/** Records a tracking link (a second record of the same link is ignored). */
export async function insertSubmission(tx: Database, row: PortalSubmissionRow): Promise<void> {
  await tx.insert(portalSubmissions).values(row).onConflictDoNothing();
}

export async function findSubmission(db: Database, trackingHash: string): Promise<PortalSubmissionRow | undefined> {
  const rows = await db.select().from(portalSubmissions).where(eq(portalSubmissions.trackingHash, trackingHash)).limit(1);
  return rows[0];
}

/** Drafts of one kind, oldest first (tests and maintenance). */
export async function draftsOfKind(db: Database, kind: string): Promise<PortalDraftRow[]> {
  return db.select().from(portalDrafts).where(eq(portalDrafts.kind, kind)).orderBy(asc(portalDrafts.createdAt));
}

