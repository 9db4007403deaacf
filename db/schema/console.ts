/**
 * Authority console tables: the staff audit log (every staff action; document actions are also
 * events of the document), "handled" marks on documents of the error queues, and the register of
 * Peppol service providers. Staff accounts and sessions are in accounts.ts.
 */
import { bigint, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns';
import { documents } from './documents';

/** Every staff action (append-only): logins, account changes, register edits, document actions. */
export const staffAudit = pgTable(
  'staff_audit',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: instant('at').notNull(),
    /** `staff:<login>`, `admin` (bootstrap token), `token:<id>`. */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    /** What it concerned (`document:<id>`, `provider:<seat>`, `staff:<login>`…). */
    target: text('target'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('staff_audit_at_idx').on(t.at), index('staff_audit_target_idx').on(t.target)],
);

/** A document of an error queue marked handled: it leaves the queue while its state stays the one marked. */
export const documentHandled = pgTable('document_handled', {
  documentId: text('document_id').primaryKey().references(() => documents.id),
  /** The document's state when it was marked. */
  state: text('state').notNull(),
  at: instant('at').notNull(),
  actor: text('actor').notNull(),
  note: text('note').notNull(),
});

export const serviceProviders = pgTable('service_providers', {
  /** Peppol seat id (`PLU000001`). */
  seatId: text('seat_id').primaryKey(),
  name: text('name').notNull(),
  /** ISO 3166-1 alpha-2. */
  country: text('country').notNull(),
  contact: text('contact').notNull().default(''),
  /** `active`, `suspended`. */
  status: text('status').notNull().default('active'),
  /** Date the Authority took the provider over (YYYY-MM-DD). */
  takenOverAt: text('taken_over_at'),
  notes: text('notes').notNull().default(''),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export type ServiceProviderRow = typeof serviceProviders.$inferSelect;
