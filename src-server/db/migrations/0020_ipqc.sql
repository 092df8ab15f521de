-- IPQC at the hub (issue 12 item 2): results and OOS/OOT alerts projected from the station
-- ledgers (ipqc-projector.ts, its own cursor per station). Rebuildable from ledger_entries.
CREATE TABLE "ipqc_projection_cursors" (
	"station_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ipqc_results" (
	"station_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"batch_number" text NOT NULL,
	"check_id" text NOT NULL,
	"check_name" text NOT NULL,
	"occurrence" integer NOT NULL,
	"value" text NOT NULL,
	"unit" text NOT NULL,
	"overdue" boolean NOT NULL,
	"verdict" jsonb NOT NULL,
	"specification" jsonb NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"signed_by" text,
	CONSTRAINT "ipqc_results_station_id_seq_pk" PRIMARY KEY("station_id","seq")
);
--> statement-breakpoint
CREATE INDEX "ipqc_results_batch" ON "ipqc_results" USING btree ("batch_number","check_id");
--> statement-breakpoint
CREATE TABLE "ipqc_alerts" (
	"station_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"alert_id" text NOT NULL,
	"batch_number" text NOT NULL,
	"kind" text NOT NULL,
	"check_id" text NOT NULL,
	"check_name" text NOT NULL,
	"value" text NOT NULL,
	"unit" text NOT NULL,
	"message" text NOT NULL,
	"result_seq" bigint NOT NULL,
	"deviation_id" text NOT NULL,
	"deviation_seq" bigint,
	"raised_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	CONSTRAINT "ipqc_alerts_station_id_seq_pk" PRIMARY KEY("station_id","seq"),
	CONSTRAINT "ipqc_alerts_kind_check" CHECK ("kind" IN ('oos', 'oot'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ipqc_alerts_alert" ON "ipqc_alerts" USING btree ("station_id","alert_id");
--> statement-breakpoint
CREATE INDEX "ipqc_alerts_batch" ON "ipqc_alerts" USING btree ("batch_number");
--> statement-breakpoint
CREATE INDEX "ipqc_alerts_raised" ON "ipqc_alerts" USING btree ("raised_at");
