CREATE TABLE "batch_output_lots" (
	"lot_id" text PRIMARY KEY NOT NULL,
	"batch_number" text NOT NULL,
	"role" text NOT NULL,
	"quantity" text,
	"reason" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "genealogy_edges" (
	"parent_id" bigint NOT NULL,
	"child_id" bigint NOT NULL,
	"quantity" text,
	"station_id" text,
	"seq" bigint,
	CONSTRAINT "genealogy_edges_parent_id_child_id_pk" PRIMARY KEY("parent_id","child_id")
);
--> statement-breakpoint
CREATE TABLE "genealogy_nodes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_batches" (
	"batch_number" text PRIMARY KEY NOT NULL,
	"product_code" text,
	"product_name" text,
	"recipe" text,
	"stations" jsonb NOT NULL,
	"status" text NOT NULL,
	"entries" integer NOT NULL,
	"started_at" text,
	"completed_at" text,
	"last_received_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_projection_cursors" (
	"station_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_signatures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_kind" text NOT NULL,
	"batch_number" text NOT NULL,
	"subject_key" text NOT NULL,
	"subject_hash" text NOT NULL,
	"meaning" text NOT NULL,
	"signer_id" text NOT NULL,
	"username" text NOT NULL,
	"printed_name" text NOT NULL,
	"signed_at" text NOT NULL,
	"tz_offset" text NOT NULL,
	"comment" text,
	"cert_fingerprint" text NOT NULL,
	"signature" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_signing_keys" (
	"user_id" text PRIMARY KEY NOT NULL,
	"wrapped" jsonb NOT NULL,
	"cert_fingerprint" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "batch_output_lots_batch" ON "batch_output_lots" USING btree ("batch_number");--> statement-breakpoint
CREATE INDEX "genealogy_edges_child" ON "genealogy_edges" USING btree ("child_id","parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "genealogy_nodes_kind_key" ON "genealogy_nodes" USING btree ("kind","key");--> statement-breakpoint
CREATE INDEX "quality_batches_status" ON "quality_batches" USING btree ("status","batch_number");--> statement-breakpoint
CREATE INDEX "quality_signatures_batch" ON "quality_signatures" USING btree ("batch_number","id");