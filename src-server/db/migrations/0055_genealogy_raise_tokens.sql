-- FR-151 (restore attack): a stamp a hub process holds trace data under must be new with every
-- raise of the genealogy's counters, whatever writes the counters back. The epoch (0053) is set by
-- triggers, which a data-only restore with --disable-triggers, a session in replication role
-- "replica", or a VM snapshot rolled back do not run: the counters could come back to numbers a
-- process held data at, with other data behind them. raiseGeneration (genealogy-store.ts) now sets
-- raise_token to a new random value with every raise, and node_data_token with every raise of
-- node_data_n; the stamps (trace-sql.ts, generationStampOf, nodeDataStampOf) carry them, and the
-- generation's stamp the row's own xmin too (any UPDATE of the row, by any path, writes a new one).
ALTER TABLE "genealogy_generation" ADD COLUMN "raise_token" text DEFAULT gen_random_uuid()::text NOT NULL;
--> statement-breakpoint
ALTER TABLE "genealogy_generation" ADD COLUMN "node_data_token" text DEFAULT gen_random_uuid()::text NOT NULL;
