CREATE TABLE `bodies` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`parent_id` text,
	`status` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`language` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `bodies_parent_idx` ON `bodies` (`parent_id`);--> statement-breakpoint
CREATE INDEX `bodies_status_idx` ON `bodies` (`status`);--> statement-breakpoint
CREATE TABLE `body_contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`body_id` text NOT NULL,
	`role` text NOT NULL,
	`name` text,
	`email` text,
	`phone` text,
	`valid_from` text NOT NULL,
	`valid_to` text,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `body_contacts_body_idx` ON `body_contacts` (`body_id`);--> statement-breakpoint
CREATE TABLE `body_identifiers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`body_id` text NOT NULL,
	`scheme` text NOT NULL,
	`value` text NOT NULL,
	`value_norm` text NOT NULL,
	`purpose` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `body_identifiers_key_idx` ON `body_identifiers` (`scheme`,`value_norm`);--> statement-breakpoint
CREATE INDEX `body_identifiers_value_idx` ON `body_identifiers` (`value_norm`);--> statement-breakpoint
CREATE INDEX `body_identifiers_body_idx` ON `body_identifiers` (`body_id`);--> statement-breakpoint
CREATE TABLE `body_names` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`body_id` text NOT NULL,
	`lang` text NOT NULL,
	`name` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `body_names_body_idx` ON `body_names` (`body_id`,`lang`);--> statement-breakpoint
CREATE TABLE `body_required_refs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`body_id` text NOT NULL,
	`ref` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `body_required_refs_body_idx` ON `body_required_refs` (`body_id`);--> statement-breakpoint
CREATE TABLE `body_routing_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`body_id` text NOT NULL,
	`field` text NOT NULL,
	`pattern` text NOT NULL,
	`department` text NOT NULL,
	`priority` integer NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `body_routing_rules_body_idx` ON `body_routing_rules` (`body_id`);--> statement-breakpoint
CREATE TABLE `body_successors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`body_id` text NOT NULL,
	`successor_id` text NOT NULL,
	`is_primary` integer DEFAULT 0 NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`successor_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `body_successors_body_idx` ON `body_successors` (`body_id`);--> statement-breakpoint
CREATE TABLE `directory_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`body_id` text NOT NULL,
	`effective_from` text NOT NULL,
	`source` text NOT NULL,
	`before` text,
	`after` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `directory_events_body_idx` ON `directory_events` (`body_id`,`id`);