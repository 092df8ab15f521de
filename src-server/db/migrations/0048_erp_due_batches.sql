-- The ERP pass (erp-service.ts raise, every 10 s in every hub process) must not read every
-- completed batch the plant ever made: it asked quality_batches for status 'complete' with no
-- erp_batches row, an anti-join over all completed batches (10,000 after a few years) each pass.
--
-- Now the batches due for ERP out are queued in erp_due_batches by a trigger on quality_batches,
-- in the projector's own transaction (the one that moves its cursor), when a batch becomes
-- complete and ERP out has not taken it. The pass reads the queue and takes each batch in ONE
-- transaction that writes its erp_batches row and its messages and deletes its queue row, so a
-- batch completed while a pass runs waits in the queue for the next pass, and a pass that dies
-- before its commit leaves the queue row (and no message) behind: nothing lost, nothing twice.
-- A trigger rather than a write in the projector's code: every writer of quality_batches (the
-- projector, a rebuild) queues alike, and the quality area needs no knowledge of ERP out.
CREATE TABLE "erp_due_batches" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"batch_number" text NOT NULL,
	CONSTRAINT "erp_due_batches_batch_number_unique" UNIQUE("batch_number")
);--> statement-breakpoint
CREATE FUNCTION "erp_queue_completed_batch"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW."status" = 'complete' AND (TG_OP = 'INSERT' OR OLD."status" IS DISTINCT FROM 'complete')
		AND NOT EXISTS (SELECT 1 FROM "erp_batches" e WHERE e."batch_number" = NEW."batch_number") THEN
		INSERT INTO "erp_due_batches" ("batch_number") VALUES (NEW."batch_number") ON CONFLICT ("batch_number") DO NOTHING;
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "quality_batches_erp_due" AFTER INSERT OR UPDATE OF "status" ON "quality_batches"
	FOR EACH ROW EXECUTE FUNCTION "erp_queue_completed_batch"();--> statement-breakpoint
INSERT INTO "erp_due_batches" ("batch_number")
SELECT q."batch_number" FROM "quality_batches" q
WHERE q."status" = 'complete' AND NOT EXISTS (SELECT 1 FROM "erp_batches" e WHERE e."batch_number" = q."batch_number")
ORDER BY q."batch_number";
