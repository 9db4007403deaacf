/**
 * Answers to senders: the outbox of Peppol MLS responses (UBL ApplicationResponse) waiting for the
 * hub's access point, and the addresses web-form and API submitters left for notifications.
 */
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns';
import { documents } from './documents';

/** Peppol MLS responses (UBL ApplicationResponse) waiting for the hub's access point. */
export const mlsOutbox = pgTable(
  'mls_outbox',
  {
    id: text('id').primaryKey(),
    /** One response per received document. */
    documentId: text('document_id').notNull().references(() => documents.id),
    /** `RE` (rejected) or `AP` (accepted). */
    responseCode: text('response_code').notNull(),
    /** SHA-256 of the response XML in the file store (also attached to the document, role `mls`). */
    sha256: text('sha256').notNull(),
    /** Seat id of the provider that sent the original (the response goes back to it). */
    receiverAp: text('receiver_ap').notNull(),
    /** SBDH instance identifier (or AS4 message id) of the original message. */
    referenceId: text('reference_id').notNull(),
    /** Rule pack the response was checked against (`peppol-mls@1.0.1`). */
    checkedWith: text('checked_with').notNull(),
    createdAt: instant('created_at').notNull(),
    ackedAt: instant('acked_at'),
    ackedBy: text('acked_by'),
  },
  (t) => [uniqueIndex('mls_outbox_document_uq').on(t.documentId), index('mls_outbox_pending_idx').on(t.ackedAt, t.createdAt)],
);

/**
 * An address a web-form or API submitter left for notifications: when the document is rejected (or
 * refused as a duplicate) the findings are mailed there once.
 */
export const submitterNotifications = pgTable(
  'submitter_notifications',
  {
    documentId: text('document_id').primaryKey().references(() => documents.id),
    email: text('email').notNull(),
    /** Language of the mail (`fr`, `de`, `en`). */
    lang: text('lang').notNull().default('fr'),
    createdAt: instant('created_at').notNull(),
    notifiedAt: instant('notified_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('submitter_notifications_pending_idx').on(t.notifiedAt)],
);

export type MlsOutboxRow = typeof mlsOutbox.$inferSelect;
