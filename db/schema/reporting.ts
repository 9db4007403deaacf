/**
 * Peppol Reporting: the exchange ledger the monthly TSR and EUSR are computed from, and the reports
 * the hub built (docs/peppol-reporting.md).
 *
 * - `peppol_ledger`: one row per AS4 exchange of the hub's access point, written when the exchange
 *   happens and never recomputed: a Peppol document received (in the ingest transaction of the
 *   `peppol` channel) or an outbox entry the access point acknowledged as sent (MLS, Invoice
 *   Response). The documents of the web forms and of the upload API are no Peppol exchanges and have
 *   no row. Everything the two reports need is in the row (core/reporting/ledger.ts `LedgerRow`).
 * - `peppol_reports`: every version of every report built (month, kind), with its validation outcome
 *   and where it stands: `built` (valid, in the outbox), `picked-up` (the access point fetched it),
 *   `acknowledged` (the access point acknowledged it as sent), `superseded` (withdrawn from the outbox
 *   for a newer version before the access point fetched it), `invalid` (did not pass the rules: never
 *   offered), `failed` (the ledger could not be reported: no XML).
 */
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns';

export const peppolLedger = pgTable(
  'peppol_ledger',
  {
    id: text('id').primaryKey(),
    /** `received` (the hub is corner 3) or `sent` (corner 2). */
    direction: text('direction').notNull(),
    /** `eb:MessageId` of the AS4 UserMessage (received: the hand-off's X-AS4-Message-Id; sent: the access point's, or `outbox:<id>`). */
    as4MessageId: text('as4_message_id').notNull(),
    /** When the exchange completed (received: the hand-off; sent: the access point's acknowledgement), UTC. */
    exchangedAt: instant('exchanged_at').notNull(),
    /** A positive transport acknowledgement (AS4 Receipt) was given or received. */
    acknowledged: boolean('acknowledged').notNull().default(true),
    /** Seat id of the sending access point (the hub's own when sent). */
    c2SeatId: text('c2_seat_id').notNull(),
    /** Seat id of the receiving access point (the hub's own when received). */
    c3SeatId: text('c3_seat_id').notNull(),
    documentTypeScheme: text('document_type_scheme').notNull(),
    documentTypeValue: text('document_type_value').notNull(),
    processScheme: text('process_scheme').notNull(),
    processValue: text('process_value').notNull(),
    /** Where the identifiers come from: `sbdh` (the envelope received), `document` (no envelope: rebuilt from the business document), `outbox` (the SBDH the hub wrote). */
    identifiersFrom: text('identifiers_from').notNull(),
    /** Transport profile, e.g. `peppol-transport-as4-v2_0`. */
    transportProtocol: text('transport_protocol').notNull(),
    /** Country of the sending end user (received: SBDH COUNTRY_C1 as it came, null when absent). */
    c1Country: text('c1_country'),
    /** Country of the receiving end user (received: the body's, `LU`; sent: null). */
    c4Country: text('c4_country'),
    /** Participant id on the hub's side, `scheme:value`. */
    hubParticipantId: text('hub_participant_id').notNull(),
    /** The end user on the hub's side (the legal body's directory id, or the participant id itself); null: none (an MLS). */
    endUserId: text('end_user_id'),
    /** How the end user was found: `directory` (the body owning the participant id), `participant` (no body: the id itself), `none`. */
    endUserFrom: text('end_user_from').notNull(),
    /** The hub's document (received) or the document an outbox entry answers (tracing only). */
    documentId: text('document_id'),
    /** Sent rows: the outbox entry, and its kind (`mls`, `invoice-response`). */
    outboxId: text('outbox_id'),
    outboxKind: text('outbox_kind'),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    // one row per AS4 message and direction: an AS4 retry (or a replayed hand-off) is not a second exchange
    uniqueIndex('peppol_ledger_message_uq').on(t.direction, t.as4MessageId),
    uniqueIndex('peppol_ledger_outbox_uq').on(t.outboxId),
    index('peppol_ledger_exchanged_idx').on(t.exchangedAt),
    index('peppol_ledger_document_idx').on(t.documentId),
  ],
);

export const peppolReports = pgTable(
  'peppol_reports',
  {
    id: text('id').primaryKey(),
    /** Reporting period, `YYYY-MM` (a calendar month in UTC). */
    month: text('month').notNull(),
    /** `tsr` or `eusr`. */
    kind: text('kind').notNull(),
    /** 1, 2, …: a new version only when the report changed. */
    version: integer('version').notNull(),
    /** Seat id the report was built for (`ReporterID`). */
    reporterId: text('reporter_id').notNull(),
    /** `built`, `picked-up`, `acknowledged`, `superseded`, `invalid`, `failed`. */
    status: text('status').notNull(),
    /** SHA-256 of the XML in the blob store; null when the build failed. */
    sha256: text('sha256'),
    /** Passed the XML Schema and the official Schematron; null when there is no XML. */
    valid: boolean('valid'),
    /** Rule packs it was checked with (`peppol-tsr@1.0.5`). */
    checkedWith: text('checked_with'),
    /** Fatal findings (invalid), or the ledger's problems (failed). */
    findings: jsonb('findings').$type<Record<string, unknown>[]>().notNull().default([]),
    /** Exchanges counted and left out (`{ counted, excluded: {…}, withoutEndUser }`). */
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default({}),
    /** The outbox entry that carries it (valid reports only). */
    outboxId: text('outbox_id'),
    builtAt: instant('built_at').notNull(),
    /** `system:reporting`, `staff:<login>`, `admin`. */
    builtBy: text('built_by').notNull(),
    pickedUpAt: instant('picked_up_at'),
    acknowledgedAt: instant('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    supersededAt: instant('superseded_at'),
  },
  (t) => [
    uniqueIndex('peppol_reports_version_uq').on(t.month, t.kind, t.version),
    uniqueIndex('peppol_reports_outbox_uq').on(t.outboxId),
    index('peppol_reports_month_idx').on(t.month, t.kind),
  ],
);

export type LedgerDbRow = typeof peppolLedger.$inferSelect;
export type NewLedgerDbRow = typeof peppolLedger.$inferInsert;
export type ReportDbRow = typeof peppolReports.$inferSelect;
export type NewReportDbRow = typeof peppolReports.$inferInsert;
