-- The ledger is append-only (21 CFR 11.10(e); ALCOA+ original and enduring). The application
-- has no UPDATE or DELETE for these tables; these triggers refuse them from any other client
-- (a sqlite3 shell, a careless script) as a second line of defence. A determined attacker can
-- drop the triggers: that is what the hash chain and signed checkpoints catch.
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only: corrections are new entries'); END;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only: entries are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
