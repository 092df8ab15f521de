CREATE TABLE `balance_checks` (
	`seq` integer PRIMARY KEY NOT NULL,
	`balance_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`passed` integer NOT NULL,
	`performed_at` text NOT NULL,
	`record` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `balance_checks_balance_idx` ON `balance_checks` (`balance_id`,`seq`);--> statement-breakpoint
CREATE TABLE `booth_use` (
	`booth_id` text PRIMARY KEY NOT NULL,
	`current_batch` text,
	`released_at` text,
	`updated_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `container_stock` (
	`container_id` text PRIMARY KEY NOT NULL,
	`amount` text NOT NULL,
	`unit` text NOT NULL,
	`updated_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dispensing_orders` (
	`batch_number` text PRIMARY KEY NOT NULL,
	`product_code` text NOT NULL,
	`recipe_code` text NOT NULL,
	`recipe_version` integer NOT NULL,
	`batch_size` text NOT NULL,
	`status` text NOT NULL,
	`booth_id` text,
	`planned_start` text,
	`imported_seq` integer NOT NULL,
	`started_seq` integer,
	`completed_seq` integer,
	`last_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dispensing_orders_status_idx` ON `dispensing_orders` (`status`,`planned_start`);--> statement-breakpoint
CREATE TABLE `master_data` (
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`version` integer NOT NULL,
	`content_hash` text NOT NULL,
	`data` text NOT NULL,
	`applied_seq` integer NOT NULL,
	PRIMARY KEY(`kind`, `key`)
);
--> statement-breakpoint
CREATE TABLE `master_data_sync` (
	`id` integer PRIMARY KEY NOT NULL,
	`served_at` text NOT NULL,
	`origin` text NOT NULL,
	`cursor` text,
	`applied_seq` integer NOT NULL
);
