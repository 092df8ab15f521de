-- The equipment logbook (issue 13 item 2): every use (projected from the stations' ledgers,
-- equipment-logbook-projector.ts, its own cursor per station) and every cleaning, maintenance,
-- calibration, qualification, breakdown and repair recorded at the hub (signed, audited).
-- Append-only: a wrong entry is answered by a later one, never edited.
CREATE TABLE "equipment_projection_cursors" (
	"station_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equipment_logbook" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"equipment_id" text NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"station_id" text,
	"seq" bigint,
	"batch_number" text,
	"product" text,
	"by" text,
	"details" jsonb NOT NULL,
	"signature_id" bigint,
	"equipment_version" integer,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "equipment_logbook_kind_check" CHECK ("kind" IN ('use', 'cleaning', 'maintenance', 'calibration', 'qualification', 'breakdown', 'repair')),
	CONSTRAINT "equipment_logbook_source_check" CHECK ("source" IN ('station', 'hub'))
);
--> statement-breakpoint
CREATE INDEX "equipment_logbook_equipment" ON "equipment_logbook" USING btree ("equipment_id","at");
--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_logbook_station_seq" ON "equipment_logbook" USING btree ("station_id","seq");
--> statement-breakpoint
CREATE TRIGGER equipment_logbook_append_only BEFORE UPDATE OR DELETE ON equipment_logbook FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
