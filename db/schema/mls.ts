/** Answers to senders: the addresses web-form and API submitters left for notifications (Peppol answers go through the outbox, outbox.ts). */
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns';
import { documents } from './documents';

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

