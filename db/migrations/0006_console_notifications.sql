CREATE TABLE `submitter_notifications` (
	`document_id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`lang` text DEFAULT 'fr' NOT NULL,
	`created_at` text NOT NULL,
	`notified_at` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `submitter_notifications_pending_idx` ON `submitter_notifications` (`notified_at`);