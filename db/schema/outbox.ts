/**
 * The Peppol outbox: every business document the hub sends over Peppol waits here for the hub's
 * access point, with what the access point needs to wrap it in an SBDH and send it: MLS responses to
 * the providers of received documents, Invoice Responses of the bodies to their suppliers, and the
 * monthly TSR/EUSR reports to OpenPeppol. The access point takes an entry (GET /peppol/v1/outbox)
 * and acknowledges it once sent; the acknowledgement is what the exchange ledger records as sent.
 */
import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns';
import { documents } from './documents';

export const peppolOutbox = pgTable(
  'peppol_outbox',
  {
    id: text('id').primaryKey(),
    /** `mls`, `invoice-response`, `tsr`, `eusr`. */
    kind: text('kind').notNull(),
    /** The received document it answers (MLS, Invoice Response); null for a report. */
    documentId: text('document_id').references(() => documents.id),
    /** MLS: `RE`/`AP`/`AB`; Invoice Response: `AB`…`PD`; null for a report. */
    responseCode: text('response_code'),
    /** SHA-256 of the XML in the blob store (also attached to the document for MLS and Invoice Responses). */
    sha256: text('sha256').notNull(),
    /** Seat id of the provider it goes to (the sender of the original); null when the receiver is a participant of its own (reports). */
    receiverAp: text('receiver_ap'),
    /** What it answers: SBDH instance identifier (or AS4 message id) of the original message. */
    referenceId: text('reference_id'),
    /** Rule packs it was checked against before it entered the outbox (`peppol-mls@1.0.1`). */
    checkedWith: text('checked_with').notNull(),
    // SBDH of the message to send
    /** Sending participant (`scheme:value`): the hub's SPIS id for MLS and reports, the body's Peppol id for an Invoice Response. */
    senderId: text('sender_id').notNull(),
    /** Receiving participant (`scheme:value`). */
    receiverId: text('receiver_id').notNull(),
    documentTypeId: text('document_type_id').notNull(),
    processId: text('process_id').notNull(),
    /** Country of the sender (COUNTRY_C1 of the SBDH). */
    c1Country: text('c1_country'),
    createdAt: instant('created_at').notNull(),
    ackedAt: instant('acked_at'),
    ackedBy: text('acked_by'),
  },
  (t) => [
    // one MLS per received document; Invoice Responses are one per status, reports one per month (their own tables say which)
    uniqueIndex('peppol_outbox_mls_document_uq').on(t.documentId).where(sql`kind = 'mls'`),
    index('peppol_outbox_pending_idx').on(t.ackedAt, t.createdAt),
    index('peppol_outbox_document_idx').on(t.documentId),
  ],
);

export type OutboxRow = typeof peppolOutbox.$inferSelect;
export type NewOutboxRow = typeof peppolOutbox.$inferInsert;
