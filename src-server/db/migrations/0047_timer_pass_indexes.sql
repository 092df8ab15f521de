-- The notification pass (every 5 s, notify-service.ts runOnce) must not read the whole ledger.
-- The IPQC overdue sweep (ipqc-overdue-sweep.ts) asks for the started orders with check plans
-- and no completion, then, per running batch, its last unit count and its answered checks. With
-- only (station_id, type) and (batch_ref) to go on, PostgreSQL scanned all of ledger_entries for
-- `type = 'order.started'` (no station id) on every pass, and read each running batch's whole
-- stretch of the ledger for its two IPQC types. Partial indexes on exactly the types the sweep
-- reads: the running batches come from the two order indexes alone (an index-only anti-join, once
-- autovacuum has marked the pages all-visible), then only the running batches' own start entries
-- and IPQC entries are read; an insert of any other entry type (nearly all of them) pays nothing.
CREATE INDEX "ledger_entries_order_started" ON "ledger_entries" USING btree ("station_id","batch_ref","seq") WHERE "type" = 'order.started';--> statement-breakpoint
CREATE INDEX "ledger_entries_order_completed" ON "ledger_entries" USING btree ("station_id","batch_ref") WHERE "type" = 'order.completed';--> statement-breakpoint
CREATE INDEX "ledger_entries_ipqc_batch" ON "ledger_entries" USING btree ("station_id","batch_ref","type","seq") WHERE "type" IN ('ipqc.output_counted', 'ipqc.result_recorded');
