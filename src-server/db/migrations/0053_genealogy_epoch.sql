-- The genealogy's epoch (FR-151): hub processes hold trace data stamped with the counters of
-- genealogy_generation (n, node_data_n) and with kept answer rows' xmin; a counter alone can come
-- back to a number a process already saw with other data behind it (a database restored from a
-- backup, dropped and made again, another database attached at the same URL). Every stamp carries
-- this epoch as well (trace-sql.ts, epochOf, with the table's oid, the database's oid and
-- the server's start time). A new random value whenever the row is inserted (a data-only restore
-- writes it again; a table made again by a restore writes it) or a counter goes back (a restore of
-- the counters in place, or someone setting them back by hand): old stamps never match again.
ALTER TABLE "genealogy_generation" ADD COLUMN "epoch" text DEFAULT gen_random_uuid()::text NOT NULL;
--> statement-breakpoint
CREATE FUNCTION "genealogy_generation_new_epoch"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.epoch := gen_random_uuid()::text;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "genealogy_generation_epoch_on_insert" BEFORE INSERT ON "genealogy_generation"
  FOR EACH ROW EXECUTE FUNCTION "genealogy_generation_new_epoch"();
--> statement-breakpoint
CREATE TRIGGER "genealogy_generation_epoch_on_setback" BEFORE UPDATE ON "genealogy_generation"
  FOR EACH ROW WHEN (NEW.n < OLD.n OR NEW.node_data_n < OLD.node_data_n OR NEW.epoch IS DISTINCT FROM OLD.epoch)
  EXECUTE FUNCTION "genealogy_generation_new_epoch"();
