/**
 * Invoice Responses (Peppol BIS Invoice Response 3.1, T111): the statuses public bodies set on the
 * documents delivered to them, and what the hub did with each.
 *
 * - `document_responses`: one row per status a body set (AB IP UQ CA RE AP PD), in order (`seq`), with
 *   the request as the body gave it, who set it and through which channel, the idempotency key that
 *   makes a repeated request harmless, the Invoice Response the hub built (`sha256`, also the document
 *   file role `invoice-response-<seq>`) and whether it passed the XML Schema and T111 (`response_state`
 *   `valid`, or `invalid` with its findings: never sent, the console's queue), how the supplier is told
 *   (`delivery`: `peppol` outbox, `mail` to the submitter, `portal` status page only, `none`) and the
 *   mail's outcome.
 * - `response_reopenings`: the Authority reopened a rejected document (RE is final otherwise).
 * - `response_reminders`: a document left without a status beyond AB past the deadline; the one
 *   reminder mailed to the body (once per document).
 * - `status_webhook_events`: the payload of a `document.status_changed` push (its delivery is a row of
 *   `webhook_deliveries`, sent, retried and dead-lettered like `document.delivered`).
 */
import { bigint, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns';
import { documents } from './documents';

export const documentResponses = pgTable(
  'document_responses',
  {
    /** Also the Invoice Response's own identifier (`cbc:ID`). */
    id: text('id').primaryKey(),
    /** Order of the statuses (of the whole hub; per document by `document_id`). */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    documentId: text('document_id').notNull().references(() => documents.id),
    /** The body whose inbox holds the document. */
    bodyId: text('body_id').notNull(),
    /** AB, IP, UQ, CA, RE, AP, PD. */
    code: text('code').notNull(),
    /** The status request (`StatusRequest` of core/invoice-response/rules.ts) as checked. */
    request: jsonb('request').$type<Record<string, unknown>>().notNull(),
    /** `token:<id>`, `inbox-user:<id>`, `admin`. */
    actor: text('actor').notNull(),
    /** `api`, `api-xml`, `api-bulk`, `web`, `web-bulk`, `ack`. */
    via: text('via').notNull(),
    /** The `Idempotency-Key` header, else the SHA-256 of the request's content. */
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: instant('created_at').notNull(),
    /** `valid` (passed the XML Schema and T111: stored and sent) or `invalid` (never sent; the console's queue). */
    responseState: text('response_state').notNull(),
    /** SHA-256 of the Invoice Response in the blob store (null when it could not be built). */
    sha256: text('sha256'),
    /** Rule packs it was checked with (`peppol-invoice-response@2026.5`). */
    checkedWith: text('checked_with'),
    /** Fatal findings of an invalid response (or why it could not be built). */
    findings: jsonb('findings').$type<Record<string, unknown>[]>().notNull().default([]),
    /** How the supplier is told: `peppol`, `mail`, `portal`, `none`. */
    delivery: text('delivery').notNull(),
    outboxId: text('outbox_id'),
    /** The supplier's address (mail delivery), its outcome. */
    notifyEmail: text('notify_email'),
    notifiedAt: instant('notified_at'),
    notifyAttempts: integer('notify_attempts').notNull().default(0),
    notifyError: text('notify_error'),
    /** The invalid response was seen by the Authority (it leaves the queue). */
    handledAt: instant('handled_at'),
  },
  (t) => [
    uniqueIndex('document_responses_key_uq').on(t.documentId, t.idempotencyKey),
    index('document_responses_document_idx').on(t.documentId, t.seq),
    index('document_responses_state_idx').on(t.responseState, t.createdAt),
    index('document_responses_notify_idx').on(t.delivery, t.notifiedAt),
    index('document_responses_body_idx').on(t.bodyId, t.code),
  ],
);

export const responseReopenings = pgTable(
  'response_reopenings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    documentId: text('document_id').notNull().references(() => documents.id),
    at: instant('at').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason').notNull(),
    /** The response (RE) it reopened. */
    responseId: text('response_id').notNull(),
  },
  (t) => [index('response_reopenings_document_idx').on(t.documentId, t.at)],
);

export const responseReminders = pgTable(
  'response_reminders',
  {
    documentId: text('document_id').primaryKey().references(() => documents.id),
    bodyId: text('body_id').notNull(),
    at: instant('at').notNull(),
    recipients: jsonb('recipients').$type<string[]>().notNull(),
    /** `pending` (claimed by a pass), then `sent`, `no-transport`, `no-recipient`, `failed: …`. */
    mail: text('mail').notNull(),
  },
  (t) => [index('response_reminders_body_idx').on(t.bodyId)],
);

export const statusWebhookEvents = pgTable('status_webhook_events', {
  /** The `webhook_deliveries` row that carries it. */
  deliveryId: text('delivery_id').primaryKey(),
  type: text('type').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
});

export type DocumentResponseRow = typeof documentResponses.$inferSelect;
export type NewDocumentResponseRow = typeof documentResponses.$inferInsert;
export type ResponseReminderRow = typeof responseReminders.$inferSelect;
