-- The notification pass (every 5 s, notify-service.ts runOnce) must not read the whole ledger.
-- The IPQC overdue sweep (ipqc-overdue-sweep.ts) asked the ledger for every started order with
-- check plans and no completion: `type = 'order.started'` with no station id, which the
-- (station_id, type) index answers only by reading all of it, and then one completion lookup and
-- one heap page per batch the plant ever made. Then, per running batch, its last unit count and
-- its answered checks, found by ANDing the whole batch's stretch of the batch index with the
-- type index.
--
-- Now the IPQC projector keeps the running batches with check plans in ipqc_running_batches (in
-- the transaction that moves its cursor: order.started inserts, order.completed deletes), filled
-- here once from the ledger; the sweep reads that table and each batch's start entry by its key,
-- and the batch's IPQC entries by a partial index on exactly those two types (an insert of any
-- other entry type, nearly all of them, pays nothing for it).
CREATE TABLE "ipqc_running_batches" (
	"station_id" text NOT NULL,
	"batch_ref" text NOT NULL,
	"started_seq" bigint NOT NULL,
	CONSTRAINT "ipqc_running_batches_station_id_batch_ref_pk" PRIMARY KEY("station_id","batch_ref")
);--> statement-breakpoint
INSERT INTO "ipqc_running_batches" ("station_id", "batch_ref", "started_seq")
SELECT s."station_id", s."batch_ref", min(s."seq") FROM "ledger_entries" s
WHERE s."type" = 'order.started' AND s."batch_ref" IS NOT NULL
  AND (CASE WHEN jsonb_typeof(s."payload"->'plan'->'checkPlans') = 'array' THEN jsonb_array_length(s."payload"->'plan'->'checkPlans') ELSE 0 END) > 0
  AND NOT EXISTS (SELECT 1 FROM "ledger_entries" c WHERE c."station_id" = s."station_id" AND c."batch_ref" = s."batch_ref" AND c."type" = 'order.completed')
GROUP BY s."station_id", s."batch_ref";--> statement-breakpoint
CREATE INDEX "ledger_entries_ipqc_batch" ON "ledger_entries" USING btree ("station_id","batch_ref","type","seq") WHERE "type" IN ('ipqc.output_counted', 'ipqc.result_recorded');
