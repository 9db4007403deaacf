/**
 * Authority console tables: staff accounts (argon2id password hashes), their sessions (only the
 * SHA-256 of the session cookie is stored), login throttling, the staff audit log (every staff
 * action; document actions are also events of the document), "handled" marks on documents of the
 * error queues, the register of Peppol service providers, and the outbox of Peppol MLS responses
 * waiting for the hub's access point.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { documents } from './documents';

export const staffUsers = sqliteTable(
  'staff_users',
  {
    id: text('id').primaryKey(),
    login: text('login').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    /** `viewer`, `operator`, `administrator`. */
    role: text('role').notNull(),
    /** argon2id encoded hash (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
    passwordHash: text('password_hash').notNull(),
    createdAt: text('created_at').notNull(),
    disabledAt: text('disabled_at'),
  },
  (t) => [uniqueIndex('staff_users_login_uq').on(t.login)],
);

export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    /** SHA-256 (hex) of the session cookie value. */
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => staffUsers.id),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
  },
  (t) => [index('staff_sessions_user_idx').on(t.userId)],
);

/** Failed logins per key (`login:<name>` and `ip:<address>`), for throttling. */
export const staffLoginThrottle = sqliteTable('staff_login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  firstAt: text('first_at').notNull(),
  lockedUntil: text('locked_until'),
});

/** Every staff action (append-only): logins, account changes, register edits, document actions. */
export const staffAudit = sqliteTable(
  'staff_audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    /** `staff:<login>`, `admin` (bootstrap token), `token:<id>`. */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    /** What it concerned (`document:<id>`, `provider:<seat>`, `staff:<login>`…). */
    target: text('target'),
    details: text('details').notNull().default('{}'),
  },
  (t) => [index('staff_audit_at_idx').on(t.at), index('staff_audit_target_idx').on(t.target)],
);

/** A document of an error queue marked handled: it leaves the queue while its state stays the one marked. */
export const documentHandled = sqliteTable('document_handled', {
  documentId: text('document_id').primaryKey().references(() => documents.id),
  /** The document's state when it was marked. */
  state: text('state').notNull(),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  note: text('note').notNull(),
});

export const serviceProviders = sqliteTable('service_providers', {
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
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Peppol MLS responses (UBL ApplicationResponse) waiting for the hub's access point. */
export const mlsOutbox = sqliteTable(
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
    createdAt: text('created_at').notNull(),
    ackedAt: text('acked_at'),
    ackedBy: text('acked_by'),
  },
  (t) => [uniqueIndex('mls_outbox_document_uq').on(t.documentId), index('mls_outbox_pending_idx').on(t.ackedAt, t.createdAt)],
);

export type StaffUserRow = typeof staffUsers.$inferSelect;
export type ServiceProviderRow = typeof serviceProviders.$inferSelect;
export type MlsOutboxRow = typeof mlsOutbox.$inferSelect;

/**
 * An address a web-form or API submitter left for notifications: when the document is rejected (or
 * refused as a duplicate) the findings are mailed there once.
 */
export const submitterNotifications = sqliteTable(
  'submitter_notifications',
  {
    documentId: text('document_id').primaryKey().references(() => documents.id),
    email: text('email').notNull(),
    /** Language of the mail (`fr`, `de`, `en`). */
    lang: text('lang').notNull().default('fr'),
    createdAt: text('created_at').notNull(),
    notifiedAt: text('notified_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('submitter_notifications_pending_idx').on(t.notifiedAt)],
);
