-- P11-30 / FR-102: how current the station's knowledge of revocations is. One row: the newest
-- revocation list of the hub CA this station verified (its number and the hub-signed thisUpdate),
-- and when. Written at every sync round whose list verified, recorded in the ledger or not (a list
-- that says nothing new is not recorded), so the age limit counts from the last verified list.
CREATE TABLE `revocation_list_check` (
	`id` integer PRIMARY KEY NOT NULL,
	`crl_number` text NOT NULL,
	`this_update` text NOT NULL,
	`checked_at` text NOT NULL
);
