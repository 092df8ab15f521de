-- Revocation of user-signing certificates as the station knows it (issue 10 item 7): the hub
-- CA's revocation list arrives by sync and is recorded as a `certificate.revocations_received`
-- entry; its projection marks the certificates it names. Derived data, like the rest of the
-- certificates table: the ledger is the record.
ALTER TABLE `certificates` ADD `revoked_at` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `revocation_reason` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `revocation_seq` integer;--> statement-breakpoint
CREATE INDEX `certificates_serial` ON `certificates` (`serial_number`);
