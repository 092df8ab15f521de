-- Equipment signals at the hub (issue 13 item 3): each equipment's current state and last
-- counter values (one row, locked per signal, so several hub processes can ingest); the state
-- intervals OEE is computed from (a projection of the logbook: the open one gets its end when
-- the next state arrives); every counter value kept once (equipment, counter, source time) with
-- its increment after resets and rollovers; the automatic logbook (each state change, each counter
-- reset or rollover; append-only); refused signals with their typed reason (append-only).
CREATE TABLE "equipment_signal_states" (
	"equipment_id" text PRIMARY KEY NOT NULL,
	"state" text,
	"reason" text,
	"since" timestamp with time zone,
	"counters" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "equipment_signal_states_state_check" CHECK ("state" IN ('running', 'idle', 'down'))
);
--> statement-breakpoint
CREATE TABLE "equipment_state_intervals" (
	"equipment_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"state" text NOT NULL,
	"reason" text,
	"source" text NOT NULL,
	CONSTRAINT "equipment_state_intervals_pk" PRIMARY KEY("equipment_id","started_at"),
	CONSTRAINT "equipment_state_intervals_state_check" CHECK ("state" IN ('running', 'idle', 'down')),
	CONSTRAINT "equipment_state_intervals_order_check" CHECK ("ended_at" IS NULL OR "ended_at" >= "started_at")
);
--> statement-breakpoint
CREATE TABLE "equipment_counts" (
	"equipment_id" text NOT NULL,
	"counter" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"raw" bigint NOT NULL,
	"increment" bigint NOT NULL,
	"step" text NOT NULL,
	"source" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "equipment_counts_pk" PRIMARY KEY("equipment_id","counter","at"),
	CONSTRAINT "equipment_counts_counter_check" CHECK ("counter" IN ('total', 'good', 'reject')),
	CONSTRAINT "equipment_counts_increment_check" CHECK ("increment" >= 0)
);
--> statement-breakpoint
CREATE TABLE "equipment_signal_logbook" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"equipment_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"reason" text,
	"details" jsonb,
	"source" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "equipment_signal_logbook_kind_check" CHECK ("kind" IN ('state', 'counter-reset', 'counter-rollover'))
);
--> statement-breakpoint
CREATE INDEX "equipment_signal_logbook_equipment" ON "equipment_signal_logbook" USING btree ("equipment_id","at");
--> statement-breakpoint
CREATE TABLE "equipment_signal_refusals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"equipment_id" text NOT NULL,
	"node_id" text NOT NULL,
	"code" text NOT NULL,
	"reason" text,
	"message" text NOT NULL,
	"value" text
);
--> statement-breakpoint
CREATE TRIGGER equipment_counts_append_only BEFORE UPDATE OR DELETE ON equipment_counts FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TRIGGER equipment_signal_logbook_append_only BEFORE UPDATE OR DELETE ON equipment_signal_logbook FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TRIGGER equipment_signal_refusals_append_only BEFORE UPDATE OR DELETE ON equipment_signal_refusals FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
