-- FR-109: where this station stands in its hub's console acknowledgements. One row: the hub's
-- number of the last one taken down, and which one that was (alarm id and time), so a hub
-- restored from an older backup that numbers others the same is noticed. Written after the
-- acknowledgements are in the ledger: a cursor behind the ledger only asks again (recorded once).
CREATE TABLE `alarm_hub_cursor` (
	`id` integer PRIMARY KEY NOT NULL,
	`hub_seq` integer NOT NULL,
	`alarm_id` text NOT NULL,
	`at` text NOT NULL,
	`updated_at` text NOT NULL
);
