CREATE TABLE "document_files" (
	"document_id" text NOT NULL,
	"role" text NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "document_files_document_id_role_pk" PRIMARY KEY("document_id","role")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"channel" text NOT NULL,
	"received_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"submitted_by" text NOT NULL,
	"original_sha256" text NOT NULL,
	"payload_sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"root_name" text,
	"root_namespace" text,
	"sender_id" text,
	"receiver_id" text,
	"document_type_id" text,
	"process_id" text,
	"instance_id" text,
	"c1_country" text,
	"as4_message_id" text,
	"sending_ap" text,
	"invoice_number" text,
	"issue_date" text,
	"type_code" text,
	"seller_key" text,
	"buyer_endpoint_id" text,
	"scenario" text,
	"duplicate_of" text,
	"resolved_body_id" text,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"document_id" text NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"type" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "files" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"media_type" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"scope" text NOT NULL,
	"subject" text,
	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp(3) with time zone,
	"last_used_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "inbox_users" (
	"id" text PRIMARY KEY NOT NULL,
	"body_id" text NOT NULL,
	"login" text NOT NULL,
	"password_hash" text NOT NULL,
	"name" text,
	"created_at" timestamp(3) with time zone NOT NULL,
	"disabled_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"first_at" timestamp(3) with time zone NOT NULL,
	"locked_until" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"audience" text NOT NULL,
	"user_id" text NOT NULL,
	"csrf" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"expires_at" timestamp(3) with time zone NOT NULL,
	"last_seen_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_users" (
	"id" text PRIMARY KEY NOT NULL,
	"login" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"disabled_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "bodies" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"parent_id" text,
	"status" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"language" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "body_contacts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "body_contacts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"body_id" text NOT NULL,
	"role" text NOT NULL,
	"name" text,
	"email" text,
	"phone" text,
	"valid_from" date NOT NULL,
	"valid_to" date
);
--> statement-breakpoint
CREATE TABLE "body_identifiers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "body_identifiers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"body_id" text NOT NULL,
	"scheme" text NOT NULL,
	"value" text NOT NULL,
	"value_norm" text NOT NULL,
	"purpose" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date
);
--> statement-breakpoint
CREATE TABLE "body_names" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "body_names_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"body_id" text NOT NULL,
	"lang" text NOT NULL,
	"name" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date
);
--> statement-breakpoint
CREATE TABLE "body_required_refs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "body_required_refs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"body_id" text NOT NULL,
	"ref" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date
);
--> statement-breakpoint
CREATE TABLE "body_routing_rules" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "body_routing_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"body_id" text NOT NULL,
	"field" text NOT NULL,
	"pattern" text NOT NULL,
	"department" text NOT NULL,
	"priority" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date
);
--> statement-breakpoint
CREATE TABLE "body_successors" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "body_successors_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"body_id" text NOT NULL,
	"successor_id" text NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date
);
--> statement-breakpoint
CREATE TABLE "directory_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "directory_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp(3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"body_id" text NOT NULL,
	"effective_from" date NOT NULL,
	"source" text NOT NULL,
	"before" jsonb,
	"after" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_items" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inbox_items_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"document_id" text NOT NULL,
	"body_id" text NOT NULL,
	"department" text,
	"status" text NOT NULL,
	"delivered_at" timestamp(3) with time zone NOT NULL,
	"first_fetched_at" timestamp(3) with time zone,
	"acknowledged_at" timestamp(3) with time zone,
	"alerted_at" timestamp(3) with time zone,
	"supplier_name" text,
	"supplier_key" text,
	"invoice_number" text,
	"issue_date" text,
	"summary" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pickup_alerts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pickup_alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"document_id" text NOT NULL,
	"body_id" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"recipients" jsonb NOT NULL,
	"mail" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"delivery_id" text NOT NULL,
	"document_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"outcome" text NOT NULL,
	"http_status" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"webhook_id" text NOT NULL,
	"body_id" text NOT NULL,
	"event_id" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"next_attempt_at" timestamp(3) with time zone NOT NULL,
	"lease_until" timestamp(3) with time zone,
	"delivered_at" timestamp(3) with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text PRIMARY KEY NOT NULL,
	"body_id" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"previous_secret" text,
	"previous_secret_until" timestamp(3) with time zone,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"disabled_at" timestamp(3) with time zone
);
--> statement-breakpoint
CREATE TABLE "portal_drafts" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"xml_sha256" text,
	"valid" boolean DEFAULT false NOT NULL,
	"checked_data_hash" text,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL,
	"expires_at" timestamp(3) with time zone NOT NULL,
	"document_id" text
);
--> statement-breakpoint
CREATE TABLE "portal_submissions" (
	"tracking_hash" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"channel" text NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_handled" (
	"document_id" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"at" timestamp(3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"note" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_providers" (
	"seat_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"contact" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"taken_over_at" text,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_audit" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "staff_audit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp(3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submitter_notifications" (
	"document_id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"lang" text DEFAULT 'fr' NOT NULL,
	"created_at" timestamp(3) with time zone NOT NULL,
	"notified_at" timestamp(3) with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "peppol_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"document_id" text,
	"response_code" text,
	"sha256" text NOT NULL,
	"receiver_ap" text,
	"reference_id" text,
	"checked_with" text NOT NULL,
	"sender_id" text NOT NULL,
	"receiver_id" text NOT NULL,
	"document_type_id" text NOT NULL,
	"process_id" text NOT NULL,
	"c1_country" text,
	"created_at" timestamp(3) with time zone NOT NULL,
	"acked_at" timestamp(3) with time zone,
	"acked_by" text
);
--> statement-breakpoint
CREATE TABLE "blob_chunks" (
	"sha256" text NOT NULL,
	"idx" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "blob_chunks_sha256_idx_pk" PRIMARY KEY("sha256","idx")
);
--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_sha256_files_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_contacts" ADD CONSTRAINT "body_contacts_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_identifiers" ADD CONSTRAINT "body_identifiers_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_names" ADD CONSTRAINT "body_names_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_required_refs" ADD CONSTRAINT "body_required_refs_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_routing_rules" ADD CONSTRAINT "body_routing_rules_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_successors" ADD CONSTRAINT "body_successors_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_successors" ADD CONSTRAINT "body_successors_successor_id_bodies_id_fk" FOREIGN KEY ("successor_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_drafts" ADD CONSTRAINT "portal_drafts_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_submissions" ADD CONSTRAINT "portal_submissions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_handled" ADD CONSTRAINT "document_handled_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submitter_notifications" ADD CONSTRAINT "submitter_notifications_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peppol_outbox" ADD CONSTRAINT "peppol_outbox_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_as4_message_id_uq" ON "documents" USING btree ("as4_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_sender_instance_uq" ON "documents" USING btree ("sender_id","instance_id");--> statement-breakpoint
CREATE INDEX "documents_state_updated_idx" ON "documents" USING btree ("state","updated_at");--> statement-breakpoint
CREATE INDEX "documents_original_sha_idx" ON "documents" USING btree ("original_sha256","received_at");--> statement-breakpoint
CREATE INDEX "documents_business_key_idx" ON "documents" USING btree ("seller_key","invoice_number","issue_date","type_code");--> statement-breakpoint
CREATE INDEX "documents_body_idx" ON "documents" USING btree ("resolved_body_id","state");--> statement-breakpoint
CREATE INDEX "documents_sending_ap_idx" ON "documents" USING btree ("sending_ap","state");--> statement-breakpoint
CREATE INDEX "documents_received_at_idx" ON "documents" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "events_document_seq_uq" ON "events" USING btree ("document_id","seq");--> statement-breakpoint
CREATE INDEX "events_at_idx" ON "events" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_uq" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_users_login_uq" ON "inbox_users" USING btree ("login");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("audience","user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_users_login_uq" ON "staff_users" USING btree ("login");--> statement-breakpoint
CREATE INDEX "bodies_parent_idx" ON "bodies" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "bodies_status_idx" ON "bodies" USING btree ("status");--> statement-breakpoint
CREATE INDEX "body_contacts_body_idx" ON "body_contacts" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "body_identifiers_key_idx" ON "body_identifiers" USING btree ("scheme","value_norm");--> statement-breakpoint
CREATE INDEX "body_identifiers_value_idx" ON "body_identifiers" USING btree ("value_norm");--> statement-breakpoint
CREATE INDEX "body_identifiers_body_idx" ON "body_identifiers" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "body_names_body_idx" ON "body_names" USING btree ("body_id","lang");--> statement-breakpoint
CREATE INDEX "body_required_refs_body_idx" ON "body_required_refs" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "body_routing_rules_body_idx" ON "body_routing_rules" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "body_successors_body_idx" ON "body_successors" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "directory_events_body_idx" ON "directory_events" USING btree ("body_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_items_document_uq" ON "inbox_items" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "inbox_items_body_seq_idx" ON "inbox_items" USING btree ("body_id","seq");--> statement-breakpoint
CREATE INDEX "inbox_items_body_status_seq_idx" ON "inbox_items" USING btree ("body_id","status","seq");--> statement-breakpoint
CREATE INDEX "inbox_items_status_delivered_idx" ON "inbox_items" USING btree ("status","delivered_at");--> statement-breakpoint
CREATE INDEX "inbox_items_body_delivered_idx" ON "inbox_items" USING btree ("body_id","delivered_at");--> statement-breakpoint
CREATE INDEX "inbox_items_body_supplier_idx" ON "inbox_items" USING btree ("body_id","supplier_key");--> statement-breakpoint
CREATE INDEX "pickup_alerts_document_idx" ON "pickup_alerts" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "pickup_alerts_at_idx" ON "pickup_alerts" USING btree ("at");--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("delivery_id","attempt");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_document_idx" ON "webhook_deliveries" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "webhooks_body_idx" ON "webhooks" USING btree ("body_id");--> statement-breakpoint
CREATE UNIQUE INDEX "portal_drafts_token_uq" ON "portal_drafts" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "portal_drafts_expires_idx" ON "portal_drafts" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "portal_submissions_document_idx" ON "portal_submissions" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "staff_audit_at_idx" ON "staff_audit" USING btree ("at");--> statement-breakpoint
CREATE INDEX "staff_audit_target_idx" ON "staff_audit" USING btree ("target");--> statement-breakpoint
CREATE INDEX "submitter_notifications_pending_idx" ON "submitter_notifications" USING btree ("notified_at");--> statement-breakpoint
CREATE UNIQUE INDEX "peppol_outbox_mls_document_uq" ON "peppol_outbox" USING btree ("document_id") WHERE kind = 'mls';--> statement-breakpoint
CREATE INDEX "peppol_outbox_pending_idx" ON "peppol_outbox" USING btree ("acked_at","created_at");--> statement-breakpoint
CREATE INDEX "peppol_outbox_document_idx" ON "peppol_outbox" USING btree ("document_id");