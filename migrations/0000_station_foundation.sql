CREATE TABLE `checkpoints` (
	`tree_size` integer PRIMARY KEY NOT NULL,
	`root_hash` text NOT NULL,
	`signed_at` text NOT NULL,
	`station_id` text NOT NULL,
	`cert_fingerprint` text NOT NULL,
	`signature` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`seq` integer PRIMARY KEY NOT NULL,
	`station_id` text NOT NULL,
	`time` text NOT NULL,
	`tz_offset` text NOT NULL,
	`type` text NOT NULL,
	`actor` text,
	`batch_ref` text,
	`payload` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_hash_unique` ON `ledger_entries` (`hash`);--> statement-breakpoint
CREATE INDEX `ledger_batch_idx` ON `ledger_entries` (`batch_ref`,`seq`);--> statement-breakpoint
CREATE INDEX `ledger_type_idx` ON `ledger_entries` (`type`,`seq`);--> statement-breakpoint
CREATE INDEX `ledger_actor_idx` ON `ledger_entries` (`actor`,`seq`);--> statement-breakpoint
CREATE INDEX `ledger_time_idx` ON `ledger_entries` (`time`);--> statement-breakpoint
CREATE TABLE `certificates` (
	`fingerprint` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`serial_number` text NOT NULL,
	`cert_pem` text NOT NULL,
	`not_before` text NOT NULL,
	`not_after` text NOT NULL,
	`issued_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `credentials` (
	`user_id` text PRIMARY KEY NOT NULL,
	`password_hash` text NOT NULL,
	`password_history` text NOT NULL,
	`wrapped_key` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `keystore` (
	`name` text PRIMARY KEY NOT NULL,
	`wrapped` text NOT NULL,
	`cert_pem` text
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`changed_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `signatures` (
	`seq` integer PRIMARY KEY NOT NULL,
	`target_seq` integer NOT NULL,
	`meaning` text NOT NULL,
	`signer_id` text NOT NULL,
	`signed_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `station` (
	`id` integer PRIMARY KEY NOT NULL,
	`station_id` text NOT NULL,
	`name` text NOT NULL,
	`site` text NOT NULL,
	`time_zone` text NOT NULL,
	`ca_cert_pem` text NOT NULL,
	`station_cert_fingerprint` text
);
--> statement-breakpoint
CREATE TABLE `users` (
	`user_id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`printed_name` text NOT NULL,
	`roles` text NOT NULL,
	`status` text NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`must_change_password` integer NOT NULL,
	`password_changed_at` text NOT NULL,
	`signing_cert_fingerprint` text,
	`created_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);