-- The notification pass (every 5 s in every hub process, notify-service.ts runOnce) sweeps for
-- deviation records and CAPA actions past their due date (notify/overdue-sweep.ts). Neither
-- query had an index it could use: `done_at IS NULL AND due_at < now` on the CAPA actions and
-- `state <> 'closed' AND due_at < now` on the deviation records (the state index does not answer
-- `<>`) read both tables whole, each pass, however many records were closed years ago.
-- Partial indexes on the due date of exactly the open ones: what a sweep reads grows with what is
-- open and due, and closing a record or completing an action drops it from the index.
--
-- The same pass's alarm escalation sweep (alarm-service.ts sweepEscalations) read every
-- unacknowledged alarm raised before the first level's delay (alarms_unacknowledged), including
-- those escalated to the last level long ago (a cleared alarm nobody acknowledged stays open for
-- good): it now asks only for alarms below the last level, by this index.
CREATE INDEX "quality_capa_actions_open_due" ON "quality_capa_actions" USING btree ("due_at") WHERE "done_at" IS NULL;--> statement-breakpoint
CREATE INDEX "quality_deviations_open_due" ON "quality_deviations" USING btree ("due_at") WHERE "state" <> 'closed' AND "due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "alarms_escalating" ON "alarms" USING btree ("escalation_level","raised_at") WHERE "acknowledged_at" IS NULL;
