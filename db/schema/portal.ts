/**
 * Supplier portal tables: drafts of the manual-entry form and checked uploads waiting for the
 * supplier's confirmation (one table, `kind`), and the private tracking links of what the portal
 * sent. Private links are long random values; only their SHA-256 is stored, so a copy of the
 * database does not give access to anyone's drafts or status pages.
 */
import { boolean, index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns';
import { documents } from './documents';

export const portalDrafts = pgTable(
  'portal_drafts',
  {
    id: text('id').primaryKey(),
    /** SHA-256 (hex) of the private draft token (the link `/portal/drafts/<token>`). */
    tokenHash: text('token_hash').notNull(),
    /** `form` (manual-entry draft) or `upload` (a checked file waiting for confirmation). */
    kind: text('kind').notNull(),
    /** JSON: the form's fields (`form`), or the file name and the findings (`upload`). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** SHA-256 of the XML produced (form) or uploaded (upload), in the file store; null until checked. */
    xmlSha256: text('xml_sha256'),
    /** True when the last check found no fatal finding. */
    valid: boolean('valid').notNull().default(false),
    /** SHA-256 of the form data the XML was produced from (a changed form must be checked again). */
    checkedDataHash: text('checked_data_hash'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    /** Set once sent: the document created. */
    documentId: text('document_id').references(() => documents.id),
  },
  (t) => [uniqueIndex('portal_drafts_token_uq').on(t.tokenHash), index('portal_drafts_expires_idx').on(t.expiresAt)],
);

export const portalSubmissions = pgTable(
  'portal_submissions',
  {
    /** SHA-256 (hex) of the private tracking token (the link `/portal/status/<token>`). */
    trackingHash: text('tracking_hash').primaryKey(),
    documentId: text('document_id').notNull().references(() => documents.id),
    /** `portal-upload` or `portal-form` (as the document's channel). */
    channel: text('channel').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('portal_submissions_document_idx').on(t.documentId)],
);

export type PortalDraftRow = typeof portalDrafts.$inferSelect;
export type PortalSubmissionRow = typeof portalSubmissions.$inferSelect;
