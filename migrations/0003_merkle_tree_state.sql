-- The Merkle tree state at the newest checkpoint (src-main/db/schema/ledger.ts), so opening a
-- station ledger hashes only the entries after it. Derived data: no trigger, replaced at each
-- checkpoint; the ledger store trusts it only when it reproduces the signed checkpoint root.
CREATE TABLE `ledger_tree_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`tree_size` integer NOT NULL,
	`stack` text NOT NULL
);
