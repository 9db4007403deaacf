CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`scope` text NOT NULL,
	`subject` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`revoked_at` text,
	`last_used_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_uq` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `document_files` (
	`document_id` text NOT NULL,
	`role` text NOT NULL,
	`sha256` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`document_id`, `role`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sha256`) REFERENCES `files`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`channel` text NOT NULL,
	`received_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`submitted_by` text NOT NULL,
	`original_sha256` text NOT NULL,
	`payload_sha256` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`root_name` text,
	`root_namespace` text,
	`sender_id` text,
	`receiver_id` text,
	`document_type_id` text,
	`process_id` text,
	`instance_id` text,
	`c1_country` text,
	`as4_message_id` text,
	`sending_ap` text,
	`invoice_number` text,
	`issue_date` text,
	`type_code` text,
	`seller_key` text,
	`buyer_endpoint_id` text,
	`scenario` text,
	`duplicate_of` text,
	`resolved_body_id` text,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_as4_message_id_uq` ON `documents` (`as4_message_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `documents_sender_instance_uq` ON `documents` (`sender_id`,`instance_id`);--> statement-breakpoint
CREATE INDEX `documents_state_updated_idx` ON `documents` (`state`,`updated_at`);--> statement-breakpoint
CREATE INDEX `documents_original_sha_idx` ON `documents` (`original_sha256`,`received_at`);--> statement-breakpoint
CREATE INDEX `documents_business_key_idx` ON `documents` (`seller_key`,`invoice_number`,`issue_date`,`type_code`);--> statement-breakpoint
CREATE INDEX `documents_body_idx` ON `documents` (`resolved_body_id`,`state`);--> statement-breakpoint
CREATE INDEX `documents_sending_ap_idx` ON `documents` (`sending_ap`,`state`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`type` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`details` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_document_seq_uq` ON `events` (`document_id`,`seq`);--> statement-breakpoint
CREATE INDEX `events_at_idx` ON `events` (`at`);--> statement-breakpoint
CREATE TABLE `files` (
	`sha256` text PRIMARY KEY NOT NULL,
	`size` integer NOT NULL,
	`media_type` text NOT NULL,
	`created_at` text NOT NULL
);
