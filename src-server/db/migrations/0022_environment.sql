-- Environmental monitoring at the hub (issue 13 item 1): every reading kept once (room, quantity,
-- time) so a QoS 1 repeat or a retained value re-delivered after a reconnect is a no-op and none
-- is lost; the excursion state machine's state per room and quantity (one row, locked per
-- reading, so several hub processes ingest safely); excursions with start, end, peak and the
-- named acknowledgement; refused payloads with their typed reason.
CREATE TABLE "environment_readings" (
	"room" text NOT NULL,
	"quantity" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	"unit" text NOT NULL,
	"source" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "environment_readings_pk" PRIMARY KEY("room","quantity","at")
);
--> statement-breakpoint
CREATE TABLE "environment_states" (
	"room" text NOT NULL,
	"quantity" text NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "environment_states_pk" PRIMARY KEY("room","quantity")
);
--> statement-breakpoint
CREATE TABLE "environment_excursions" (
	"id" text PRIMARY KEY NOT NULL,
	"room" text NOT NULL,
	"quantity" text NOT NULL,
	"level" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"data" jsonb NOT NULL,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "environment_excursions_level_check" CHECK ("level" IN ('alert', 'action'))
);
--> statement-breakpoint
CREATE INDEX "environment_excursions_room" ON "environment_excursions" USING btree ("room","started_at");
--> statement-breakpoint
CREATE INDEX "environment_excursions_open" ON "environment_excursions" USING btree ("ended_at") WHERE "ended_at" IS NULL;
--> statement-breakpoint
CREATE TABLE "environment_refusals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"topic" text,
	"code" text NOT NULL,
	"reason" text,
	"message" text NOT NULL,
	"payload" text
);
--> statement-breakpoint
CREATE TRIGGER environment_readings_append_only BEFORE UPDATE OR DELETE ON environment_readings FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TRIGGER environment_refusals_append_only BEFORE UPDATE OR DELETE ON environment_refusals FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
