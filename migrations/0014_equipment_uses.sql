-- The last use of each piece of process equipment at this station (issue 13 item 2), projected
-- from `equipment.used` entries: a use after the hub's last recorded cleaning makes the equipment
-- dirty for the next batch (src-core/equipment/equipment-fitness.ts). A projection like
-- booth_use: what happened is in the ledger.
CREATE TABLE `equipment_uses` (
	`equipment_id` text PRIMARY KEY NOT NULL,
	`batch_number` text NOT NULL,
	`product` text NOT NULL,
	`used_at` text NOT NULL,
	`seq` integer NOT NULL
) STRICT;
