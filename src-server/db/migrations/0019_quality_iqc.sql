-- Incoming inspection (IQC) and finished-product results (OQC) at the hub (issue 12 items 1 and 4):
-- specification versions (each under an approved change control naming spec/<material>), goods
-- receipts, sampling tasks and their containers, results (unique by the LIMS's result id) and QC's
-- signed dispositions (quality_signatures, subject_kind 'iqc-record'). Specifications, results and
-- dispositions are append-only.
CREATE TABLE "quality_specifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"material" text NOT NULL,
	"version" integer NOT NULL,
	"tests" jsonb NOT NULL,
	"sample_quantity" jsonb NOT NULL,
	"change_id" text NOT NULL,
	"approved_by" text NOT NULL,
	"approved_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "quality_specifications_version" ON "quality_specifications" USING btree ("material","version");
--> statement-breakpoint
CREATE TRIGGER quality_specifications_append_only BEFORE UPDATE OR DELETE ON quality_specifications FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TABLE "iqc_receipts" (
	"receipt_id" text PRIMARY KEY NOT NULL,
	"material" text NOT NULL,
	"supplier" text NOT NULL,
	"supplier_status" text NOT NULL,
	"source" text NOT NULL,
	"document" jsonb NOT NULL,
	"received_by" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "iqc_receipts_supplier_status_check" CHECK ("supplier_status" IN ('approved', 'conditional', 'new')),
	CONSTRAINT "iqc_receipts_source_check" CHECK ("source" IN ('b2mml', 'entry'))
);
--> statement-breakpoint
CREATE TRIGGER iqc_receipts_append_only BEFORE UPDATE OR DELETE ON iqc_receipts FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TABLE "iqc_tasks" (
	"no" bigserial PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"receipt_id" text NOT NULL,
	"lot_id" text NOT NULL,
	"lot_number" text NOT NULL,
	"material" text NOT NULL,
	"supplier" text NOT NULL,
	"supplier_status" text NOT NULL,
	"plan" jsonb NOT NULL,
	"spec_version" integer NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "iqc_tasks_state_check" CHECK ("state" IN ('open', 'sampled', 'disposed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "iqc_tasks_id" ON "iqc_tasks" USING btree ("id");
--> statement-breakpoint
CREATE UNIQUE INDEX "iqc_tasks_lot" ON "iqc_tasks" USING btree ("lot_id");
--> statement-breakpoint
CREATE INDEX "iqc_tasks_state" ON "iqc_tasks" USING btree ("state");
--> statement-breakpoint
CREATE TABLE "iqc_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"task_id" text NOT NULL,
	"container_id" text NOT NULL,
	"position" integer NOT NULL,
	"quantity" jsonb,
	"sampled_by" text,
	"sampled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "iqc_samples_container" ON "iqc_samples" USING btree ("task_id","container_id");
--> statement-breakpoint
CREATE TABLE "quality_results" (
	"no" bigserial PRIMARY KEY NOT NULL,
	"result_id" text NOT NULL,
	"scope" text NOT NULL,
	"lot_id" text NOT NULL,
	"batch_number" text,
	"test_code" text NOT NULL,
	"value" jsonb NOT NULL,
	"unit" text,
	"coa_reference" text NOT NULL,
	"spec_version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"entered_by" text NOT NULL,
	"via_lims" boolean NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "quality_results_scope_check" CHECK ("scope" IN ('iqc', 'oqc'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "quality_results_result_id" ON "quality_results" USING btree ("result_id");
--> statement-breakpoint
CREATE INDEX "quality_results_lot" ON "quality_results" USING btree ("lot_id","no");
--> statement-breakpoint
CREATE TRIGGER quality_results_append_only BEFORE UPDATE OR DELETE ON quality_results FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
--> statement-breakpoint
CREATE TABLE "iqc_dispositions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"task_id" text NOT NULL,
	"lot_id" text NOT NULL,
	"decision" text NOT NULL,
	"data" jsonb NOT NULL,
	"hash" text NOT NULL,
	"signature_id" bigint NOT NULL,
	"oos_record" text,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "iqc_dispositions_decision_check" CHECK ("decision" IN ('released', 'rejected'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "iqc_dispositions_task" ON "iqc_dispositions" USING btree ("task_id");
--> statement-breakpoint
CREATE TRIGGER iqc_dispositions_append_only BEFORE UPDATE OR DELETE ON iqc_dispositions FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
