CREATE TABLE `document_handled` (
	`document_id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`note` text NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `mls_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`response_code` text NOT NULL,
	`sha256` text NOT NULL,
	`receiver_ap` text NOT NULL,
	`reference_id` text NOT NULL,
	`checked_with` text NOT NULL,
	`created_at` text NOT NULL,
	`acked_at` text,
	`acked_by` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mls_outbox_document_uq` ON `mls_outbox` (`document_id`);--> statement-breakpoint
CREATE INDEX `mls_outbox_pending_idx` ON `mls_outbox` (`acked_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `service_providers` (
	`seat_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`country` text NOT NULL,
	`contact` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`taken_over_at` text,
	`notes` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `staff_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`details` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `staff_audit_at_idx` ON `staff_audit` (`at`);--> statement-breakpoint
CREATE INDEX `staff_audit_target_idx` ON `staff_audit` (`target`);--> statement-breakpoint
CREATE TABLE `staff_login_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`first_at` text NOT NULL,
	`locked_until` text
);
--> statement-breakpoint
CREATE TABLE `staff_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_sessions_user_idx` ON `staff_sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `staff_users` (
	`id` text PRIMARY KEY NOT NULL,
	`login` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`disabled_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_users_login_uq` ON `staff_users` (`login`);