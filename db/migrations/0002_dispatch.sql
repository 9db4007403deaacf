CREATE TABLE `inbox_items` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` text NOT NULL,
	`body_id` text NOT NULL,
	`department` text,
	`status` text NOT NULL,
	`delivered_at` text NOT NULL,
	`first_fetched_at` text,
	`acknowledged_at` text,
	`alerted_at` text,
	`supplier_name` text,
	`supplier_key` text,
	`invoice_number` text,
	`issue_date` text,
	`summary` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_items_document_uq` ON `inbox_items` (`document_id`);--> statement-breakpoint
CREATE INDEX `inbox_items_body_seq_idx` ON `inbox_items` (`body_id`,`seq`);--> statement-breakpoint
CREATE INDEX `inbox_items_body_status_seq_idx` ON `inbox_items` (`body_id`,`status`,`seq`);--> statement-breakpoint
CREATE INDEX `inbox_items_status_delivered_idx` ON `inbox_items` (`status`,`delivered_at`);--> statement-breakpoint
CREATE TABLE `inbox_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`csrf` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `inbox_sessions_user_idx` ON `inbox_sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `inbox_users` (
	`id` text PRIMARY KEY NOT NULL,
	`body_id` text NOT NULL,
	`login` text NOT NULL,
	`password_hash` text NOT NULL,
	`name` text,
	`created_at` text NOT NULL,
	`disabled_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_users_login_uq` ON `inbox_users` (`login`);--> statement-breakpoint
CREATE TABLE `pickup_alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` text NOT NULL,
	`body_id` text NOT NULL,
	`at` text NOT NULL,
	`recipients` text NOT NULL,
	`mail` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pickup_alerts_document_idx` ON `pickup_alerts` (`document_id`);--> statement-breakpoint
CREATE INDEX `pickup_alerts_at_idx` ON `pickup_alerts` (`at`);--> statement-breakpoint
CREATE TABLE `webhook_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` text NOT NULL,
	`document_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`at` text NOT NULL,
	`outcome` text NOT NULL,
	`http_status` integer,
	`error` text,
	`duration_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_attempts_delivery_idx` ON `webhook_attempts` (`delivery_id`,`attempt`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`webhook_id` text NOT NULL,
	`body_id` text NOT NULL,
	`event_id` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`next_attempt_at` text NOT NULL,
	`lease_until` text,
	`delivered_at` text,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due_idx` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_document_idx` ON `webhook_deliveries` (`document_id`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` text PRIMARY KEY NOT NULL,
	`body_id` text NOT NULL,
	`url` text NOT NULL,
	`secret` text NOT NULL,
	`previous_secret` text,
	`previous_secret_until` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`disabled_at` text
);
--> statement-breakpoint
CREATE INDEX `webhooks_body_idx` ON `webhooks` (`body_id`);