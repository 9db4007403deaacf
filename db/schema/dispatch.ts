/**
 * Dispatch: what each body's inbox holds, its push webhooks with their signing secrets,
 * every webhook delivery and attempt, pick-up alerts, and the web logins of body users.
 *
 * - `inbox_items`: one row per document delivered to a body (pull API and web inbox read it; the
 *   `seq` is the cursor). Its `status` is the body's view: `new` (not yet fetched),
 *   `fetched` (XML, PDF or bundle downloaded), `acknowledged`.
 * - `webhooks`: push endpoints of a body (or accounting unit); the HMAC secret is kept in clear
 *   because the hub must sign with it; on rotation the previous one stays valid until
 *   `previous_secret_until` (both signatures are sent meanwhile).
 * - `webhook_deliveries`: one row per (document, webhook, delivery round); the schedule lives here
 *   (`next_attempt_at`, a lease against double sending), not in Redis.
 * - `webhook_attempts`: every attempt with its outcome (HTTP status or error).
 * - `pickup_alerts`: documents not fetched nor acknowledged in time, who was told.
 * Web inbox logins are in accounts.ts.
 */
import { bigint, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns';

export const inboxItems = pgTable(
  'inbox_items',
  {
    /** Monotonic cursor of the pull API (order of delivery). */
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    documentId: text('document_id').notNull(),
    bodyId: text('body_id').notNull(),
    /** Department / sub-inbox chosen by a routing rule (route event), or null. */
    department: text('department'),
    /** `new`, `fetched`, `acknowledged`. */
    status: text('status').notNull(),
    deliveredAt: instant('delivered_at').notNull(),
    firstFetchedAt: instant('first_fetched_at'),
    acknowledgedAt: instant('acknowledged_at'),
    /** When the pick-up alert was raised (once per delivery). */
    alertedAt: instant('alerted_at'),
    supplierName: text('supplier_name'),
    /** Seller VAT id or other key (documents.seller_key). */
    supplierKey: text('supplier_key'),
    invoiceNumber: text('invoice_number'),
    issueDate: text('issue_date'),
    /** JSON of the canonical summary (model/summary.ts), with the findings count. */
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    uniqueIndex('inbox_items_document_uq').on(t.documentId),
    index('inbox_items_body_seq_idx').on(t.bodyId, t.seq),
    index('inbox_items_body_status_seq_idx').on(t.bodyId, t.status, t.seq),
    index('inbox_items_status_delivered_idx').on(t.status, t.deliveredAt),
    index('inbox_items_body_delivered_idx').on(t.bodyId, t.deliveredAt),
    index('inbox_items_body_supplier_idx').on(t.bodyId, t.supplierKey),
  ],
);

export const webhooks = pgTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    bodyId: text('body_id').notNull(),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretUntil: instant('previous_secret_until'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    disabledAt: instant('disabled_at'),
  },
  (t) => [index('webhooks_body_idx').on(t.bodyId)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id').notNull(),
    webhookId: text('webhook_id').notNull(),
    bodyId: text('body_id').notNull(),
    /** Event id sent in the payload (stable across the retries of this delivery: receivers dedupe on it). */
    eventId: text('event_id').notNull(),
    /** `pending`, `delivered`, `dead` (retries exhausted or refused), `cancelled` (document moved), `redelivered` (a dead letter the Authority redelivered: a new delivery replaces it). */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: instant('created_at').notNull(),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    /** A sender holds the row until then (another process does not send it meanwhile). */
    leaseUntil: instant('lease_until'),
    deliveredAt: instant('delivered_at'),
    lastError: text('last_error'),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_document_idx').on(t.documentId),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: text('delivery_id').notNull(),
    documentId: text('document_id').notNull(),
    attempt: integer('attempt').notNull(),
    at: instant('at').notNull(),
    /** `delivered`, `http-error`, `timeout`, `connection-error`, `refused` (4xx). */
    outcome: text('outcome').notNull(),
    httpStatus: integer('http_status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attempt)],
);

export const pickupAlerts = pgTable(
  'pickup_alerts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    documentId: text('document_id').notNull(),
    bodyId: text('body_id').notNull(),
    at: instant('at').notNull(),
    /** JSON array of e-mail addresses told (body contacts, the Authority). */
    recipients: jsonb('recipients').$type<string[]>().notNull(),
    /** `sent`, `no-transport` (no SMTP configured: recorded and logged only), `failed: …`. */
    mail: text('mail').notNull(),
  },
  (t) => [index('pickup_alerts_document_idx').on(t.documentId), index('pickup_alerts_at_idx').on(t.at)],
);

export type InboxItemRow = typeof inboxItems.$inferSelect;
export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect;
