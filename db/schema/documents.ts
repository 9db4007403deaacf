/**
 * Core tables of the reception pipeline: documents (one row per received document, its state and
 * hand-off metadata), the append-only events of every transition, content-addressed files, the
 * files attached to a document (original bytes, payload, validation report, PDF…).
 */
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns';

export const documents = pgTable(
  'documents',
  {
    id: text('id').primaryKey(),
    /** See `DocumentState` in workers/stage-contract.ts. */
    state: text('state').notNull(),
    /** Number of transitions so far; the event of transition n has seq n (unique per document). */
    version: integer('version').notNull().default(0),
    /** How it came in: `peppol`, `api`, `portal-upload`, `portal-form`. */
    channel: text('channel').notNull(),
    receivedAt: instant('received_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    /** Who handed it in (token id, `admin`, …). */
    submittedBy: text('submitted_by').notNull(),
    /** SHA-256 of the bytes exactly as received (the SBDH envelope when there was one). */
    originalSha256: text('original_sha256').notNull(),
    /** SHA-256 of the business document (UBL/CII) inside; equals originalSha256 without SBDH. */
    payloadSha256: text('payload_sha256').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    /** Root element of the business document, as detected at ingest. */
    rootName: text('root_name'),
    rootNamespace: text('root_namespace'),
    // SBDH / hand-off metadata (null when absent)
    senderId: text('sender_id'),
    receiverId: text('receiver_id'),
    documentTypeId: text('document_type_id'),
    processId: text('process_id'),
    instanceId: text('instance_id'),
    c1Country: text('c1_country'),
    as4MessageId: text('as4_message_id'),
    sendingAp: text('sending_ap'),
    // business keys, filled by the validate stage (used for duplicate detection and routing)
    invoiceNumber: text('invoice_number'),
    issueDate: text('issue_date'),
    typeCode: text('type_code'),
    /** Seller identifier used for duplicate detection (BT-31 VAT id, else BT-30, BT-29, BT-34). */
    sellerKey: text('seller_key'),
    /** BT-49 buyer electronic address as `scheme:value`. */
    buyerEndpointId: text('buyer_endpoint_id'),
    scenario: text('scenario'),
    /** Id of the earlier document this one duplicates (state `duplicate`). */
    duplicateOf: text('duplicate_of'),
    /** Public-sector body the route stage resolved (directory id). */
    resolvedBodyId: text('resolved_body_id'),
    /** Last failure reason (failure states). */
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('documents_as4_message_id_uq').on(t.as4MessageId),
    uniqueIndex('documents_sender_instance_uq').on(t.senderId, t.instanceId),
    index('documents_state_updated_idx').on(t.state, t.updatedAt),
    index('documents_original_sha_idx').on(t.originalSha256, t.receivedAt),
    index('documents_business_key_idx').on(t.sellerKey, t.invoiceNumber, t.issueDate, t.typeCode),
    index('documents_body_idx').on(t.resolvedBodyId, t.state),
    index('documents_sending_ap_idx').on(t.sendingAp, t.state),
    /** Statistics and the inbox date filters select by reception date. */
    index('documents_received_at_idx').on(t.receivedAt),
  ],
);

export const events = pgTable(
  'events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    documentId: text('document_id').notNull().references(() => documents.id),
    /** Equals the document's version after this event: a transition can only be written once. */
    seq: integer('seq').notNull(),
    at: instant('at').notNull(),
    /** Who or what: `system:validate`, `token:<id>`, `admin`, `staff:<login>`, `body:<id>`. */
    actor: text('actor').notNull(),
    /** `received`, `transition`, `note`, … */
    type: text('type').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    /** JSON: rule packs used, body resolved, delivery attempt, error… */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [uniqueIndex('events_document_seq_uq').on(t.documentId, t.seq), index('events_at_idx').on(t.at)],
);

export const files = pgTable('files', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  mediaType: text('media_type').notNull(),
  createdAt: instant('created_at').notNull(),
});

export const documentFiles = pgTable(
  'document_files',
  {
    documentId: text('document_id').notNull().references(() => documents.id),
    /** `original`, `payload`, `validation-report`, `pdf`, … (one of each per document). */
    role: text('role').notNull(),
    sha256: text('sha256').notNull().references(() => files.sha256),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.role] })],
);

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocumentRow = typeof documents.$inferInsert;
export type EventRow = typeof events.$inferSelect;
