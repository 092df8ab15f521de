-- D25-03: the TOTP secret of each user who enrolled a second factor for signing. Like the
-- credentials table it is deliberately NOT in the ledger (a secret); the ledger records that the
-- user enrolled (`user.mfa_enrolled`), and this row is written in the same transaction.
CREATE TABLE `user_mfa` (
	`user_id` text PRIMARY KEY NOT NULL,
	`method` text NOT NULL,
	`secret` text NOT NULL,
	`enrolled_seq` integer NOT NULL
);
