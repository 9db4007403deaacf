CREATE TABLE "document_responses" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "document_responses_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"document_id" text NOT NULL,
	"body_id" text NOT NULL,
	"code" text NOT NULL,
	"request" jsonb NOT NULL,
	"actor" text NOT NULL,
	"via" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"response_state" text NOT NULL,
	"sha256" text,
	"checked_with" text,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"delivery" text NOT NULL,
	"outbox_id" text,
	"notify_email" text,
	"notified_at" timestamp(3) with time zone,
	"notify_attempts" integer DEFAULT 0 NOT NULL,
	"notify_error" text,
	"handled_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "response_reminders" (
	"document_id" text PRIMARY KEY NOT NULL,
	"body_id" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"recipients" jsonb NOT NULL,
	"mail" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_reopenings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "response_reopenings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"document_id" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"reason" text NOT NULL,
	"response_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_webhook_events" (
	"delivery_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_responses" ADD CONSTRAINT "document_responses_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_reminders" ADD CONSTRAINT "response_reminders_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_reopenings" ADD CONSTRAINT "response_reopenings_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_responses_key_uq" ON "document_responses" USING btree ("document_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "document_responses_document_idx" ON "document_responses" USING btree ("document_id","seq");--> statement-breakpoint
CREATE INDEX "document_responses_state_idx" ON "document_responses" USING btree ("response_state","created_at");--> statement-breakpoint
CREATE INDEX "document_responses_notify_idx" ON "document_responses" USING btree ("delivery","notified_at");--> statement-breakpoint
CREATE INDEX "document_responses_body_idx" ON "document_responses" USING btree ("body_id","code");--> statement-breakpoint
CREATE INDEX "response_reminders_body_idx" ON "response_reminders" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "response_reopenings_document_idx" ON "response_reopenings" USING btree ("document_id","at");