CREATE TABLE `portal_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`kind` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`xml_sha256` text,
	`valid` integer DEFAULT 0 NOT NULL,
	`checked_data_hash` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`document_id` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `portal_drafts_token_uq` ON `portal_drafts` (`token_hash`);--> statement-breakpoint
CREATE INDEX `portal_drafts_expires_idx` ON `portal_drafts` (`expires_at`);--> statement-breakpoint
CREATE TABLE `portal_submissions` (
	`tracking_hash` text PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`channel` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `portal_submissions_document_idx` ON `portal_submissions` (`document_id`);