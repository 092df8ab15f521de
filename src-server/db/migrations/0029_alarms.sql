-- Alarms at the hub (issue 13 item 5): the stations' alarms projected from their verified
-- ledgers (alarm-projector.ts, its own cursor per station), with the acknowledgement (at the
-- station or in the console) and the escalation level reached. Rebuildable from ledger_entries
-- except the console acknowledgements and escalations, which are also in hub_audit.
CREATE TABLE "alarm_projection_cursors" (
	"station_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alarms" (
	"station_id" text NOT NULL,
	"alarm_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"subject" text NOT NULL,
	"batch_number" text,
	"message_key" text NOT NULL,
	"params" jsonb NOT NULL,
	"condition" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"ack_comment" text,
	"ack_where" text,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "alarms_station_id_alarm_id_pk" PRIMARY KEY("station_id","alarm_id"),
	CONSTRAINT "alarms_ack_where_check" CHECK ("ack_where" IS NULL OR "ack_where" IN ('station', 'hub')),
	CONSTRAINT "alarms_ack_complete" CHECK (("acknowledged_at" IS NULL) = ("acknowledged_by" IS NULL) AND ("acknowledged_at" IS NULL) = ("ack_where" IS NULL))
);
--> statement-breakpoint
CREATE INDEX "alarms_raised" ON "alarms" USING btree ("raised_at");
--> statement-breakpoint
CREATE INDEX "alarms_unacknowledged" ON "alarms" USING btree ("raised_at") WHERE acknowledged_at is null;
