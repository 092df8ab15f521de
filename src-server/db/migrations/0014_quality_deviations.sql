-- Deviation records at the hub (issue 12 item 5): raised → classified → investigated →
-- impact-assessed → capa-planned → effectiveness-checked → closed, each step signed at the hub
-- (quality_signatures, subject_kind 'deviation-record'). The step history is append-only.
CREATE TABLE "quality_deviations" (
	"no" bigserial PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"batch_number" text,
	"source_station_id" text,
	"source_seq" bigint,
	"lots" jsonb NOT NULL,
	"impacted_batches" jsonb NOT NULL,
	"state" text NOT NULL,
	"classification" text,
	"root_cause" jsonb,
	"raised_by" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"last_hash" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "quality_deviations_state_check" CHECK ("state" IN ('raised', 'classified', 'investigated', 'impact-assessed', 'capa-planned', 'effectiveness-checked', 'closed')),
	CONSTRAINT "quality_deviations_kind_check" CHECK ("kind" IN ('deviation', 'oos', 'oot')),
	CONSTRAINT "quality_deviations_class_check" CHECK ("classification" IS NULL OR "classification" IN ('minor', 'major', 'critical'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "quality_deviations_id" ON "quality_deviations" USING btree ("id");
--> statement-breakpoint
CREATE UNIQUE INDEX "quality_deviations_source" ON "quality_deviations" USING btree ("source_station_id","source_seq");
--> statement-breakpoint
CREATE INDEX "quality_deviations_batch" ON "quality_deviations" USING btree ("batch_number");
--> statement-breakpoint
CREATE INDEX "quality_deviations_state" ON "quality_deviations" USING btree ("state");
--> statement-breakpoint
CREATE TABLE "quality_deviation_steps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"deviation_id" text NOT NULL,
	"state" text NOT NULL,
	"data" jsonb NOT NULL,
	"hash" text NOT NULL,
	"signature_id" bigint NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "quality_deviation_steps_deviation" ON "quality_deviation_steps" USING btree ("deviation_id","id");
--> statement-breakpoint
CREATE TRIGGER quality_deviation_steps_append_only BEFORE UPDATE OR DELETE ON quality_deviation_steps FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TABLE "quality_capa_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"deviation_id" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"owner" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" text,
	"note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "quality_capa_actions_deviation" ON "quality_capa_actions" USING btree ("deviation_id","id");
--> statement-breakpoint
-- Change control (issue 12 item 6): requested → impact-assessed → approved (each required role)
-- → implementation-planned → implemented → effectiveness-checked → closed, signed like the
-- deviation steps (subject_kind 'change-record'); the step history is append-only.
CREATE TABLE "quality_changes" (
	"no" bigserial PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"title" text NOT NULL,
	"reason" text NOT NULL,
	"links" jsonb NOT NULL,
	"state" text NOT NULL,
	"approver_roles" jsonb NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"last_hash" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "quality_changes_state_check" CHECK ("state" IN ('requested', 'impact-assessed', 'approved', 'implementation-planned', 'implemented', 'effectiveness-checked', 'closed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "quality_changes_id" ON "quality_changes" USING btree ("id");
--> statement-breakpoint
CREATE INDEX "quality_changes_state" ON "quality_changes" USING btree ("state");
--> statement-breakpoint
CREATE TABLE "quality_change_steps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"change_id" text NOT NULL,
	"state" text NOT NULL,
	"data" jsonb NOT NULL,
	"hash" text NOT NULL,
	"signature_id" bigint NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "quality_change_steps_change" ON "quality_change_steps" USING btree ("change_id","id");
--> statement-breakpoint
CREATE TRIGGER quality_change_steps_append_only BEFORE UPDATE OR DELETE ON quality_change_steps FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TABLE "quality_change_tasks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"change_id" text NOT NULL,
	"description" text NOT NULL,
	"owner" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" text,
	"note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "quality_change_tasks_change" ON "quality_change_tasks" USING btree ("change_id","id");
--> statement-breakpoint
-- SPC control limits per product and check (issue 12 item 3), computed from a reference period
-- and frozen: a new version only through an approved change control that names the setting
-- spc/<product>/<check>. Append-only: a version is never changed, only superseded.
CREATE TABLE "quality_spc_limits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"product" text NOT NULL,
	"check_code" text NOT NULL,
	"version" integer NOT NULL,
	"chart" text NOT NULL,
	"limits" jsonb NOT NULL,
	"reference" jsonb NOT NULL,
	"change_id" text NOT NULL,
	"frozen_by" text NOT NULL,
	"frozen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "quality_spc_limits_chart_check" CHECK ("chart" IN ('xbar-r', 'xbar-s', 'i-mr'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "quality_spc_limits_version" ON "quality_spc_limits" USING btree ("product","check_code","version");
--> statement-breakpoint
CREATE TRIGGER quality_spc_limits_append_only BEFORE UPDATE OR DELETE ON quality_spc_limits FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
