CREATE TABLE "peppol_ledger" (
	"id" text PRIMARY KEY NOT NULL,
	"direction" text NOT NULL,
	"as4_message_id" text NOT NULL,
	"exchanged_at" timestamp(3) with time zone NOT NULL,
	"acknowledged" boolean DEFAULT true NOT NULL,
	"c2_seat_id" text NOT NULL,
	"c3_seat_id" text NOT NULL,
	"document_type_scheme" text NOT NULL,
	"document_type_value" text NOT NULL,
	"process_scheme" text NOT NULL,
	"process_value" text NOT NULL,
	"identifiers_from" text NOT NULL,
	"transport_protocol" text NOT NULL,
	"c1_country" text,
	"c4_country" text,
	"hub_participant_id" text NOT NULL,
	"end_user_id" text,
	"end_user_from" text NOT NULL,
	"document_id" text,
	"outbox_id" text,
	"outbox_kind" text,
	"recorded_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "peppol_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"reporter_id" text NOT NULL,
	"status" text NOT NULL,
	"sha256" text,
	"valid" boolean,
	"checked_with" text,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"outbox_id" text,
	"built_at" timestamp(3) with time zone NOT NULL,
	"built_by" text NOT NULL,
	"picked_up_at" timestamp(3) with time zone,
	"acknowledged_at" timestamp(3) with time zone,
	"acknowledged_by" text,
	"superseded_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "peppol_ledger_message_uq" ON "peppol_ledger" USING btree ("direction","as4_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "peppol_ledger_outbox_uq" ON "peppol_ledger" USING btree ("outbox_id");--> statement-breakpoint
CREATE INDEX "peppol_ledger_exchanged_idx" ON "peppol_ledger" USING btree ("exchanged_at");--> statement-breakpoint
CREATE INDEX "peppol_ledger_document_idx" ON "peppol_ledger" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "peppol_reports_version_uq" ON "peppol_reports" USING btree ("month","kind","version");--> statement-breakpoint
CREATE UNIQUE INDEX "peppol_reports_outbox_uq" ON "peppol_reports" USING btree ("outbox_id");--> statement-breakpoint
CREATE INDEX "peppol_reports_month_idx" ON "peppol_reports" USING btree ("month","kind");