-- SPC data at the hub (issue 12 item 3): the measured subgroups of a product's check, in the
-- order they were sampled, that the control charts plot (X̄-R, X̄-S, I-MR) against the frozen
-- limits of quality_spc_limits. Recorded by QA or a LIMS over the API (and by the IPQC results
-- once they reach the hub); append-only: a wrong value is corrected by QA elsewhere, never here.
CREATE TABLE "quality_spc_measurements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"product" text NOT NULL,
	"check_code" text NOT NULL,
	"batch_number" text,
	"sampled_at" timestamp with time zone NOT NULL,
	"values" jsonb NOT NULL,
	"source" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "quality_spc_measurements_values_check" CHECK (jsonb_typeof("values") = 'array' AND jsonb_array_length("values") BETWEEN 1 AND 25)
);
--> statement-breakpoint
CREATE INDEX "quality_spc_measurements_series" ON "quality_spc_measurements" USING btree ("product","check_code","sampled_at","id");
--> statement-breakpoint
CREATE TRIGGER quality_spc_measurements_append_only BEFORE UPDATE OR DELETE ON quality_spc_measurements FOR EACH ROW EXECUTE FUNCTION batchline_refuse_change();
