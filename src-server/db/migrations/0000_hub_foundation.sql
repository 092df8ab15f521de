CREATE TABLE "checkpoints" (
	"station_id" text NOT NULL,
	"tree_size" bigint NOT NULL,
	"root_hash" text NOT NULL,
	"signed_at" text NOT NULL,
	"cert_fingerprint" text NOT NULL,
	"signature" text NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL,
	"countersignature" text NOT NULL,
	CONSTRAINT "checkpoints_station_id_tree_size_pk" PRIMARY KEY("station_id","tree_size")
);
--> statement-breakpoint
CREATE TABLE "enrolment_requests" (
	"request_id" text PRIMARY KEY NOT NULL,
	"station_id" text NOT NULL,
	"station_name" text NOT NULL,
	"site" text NOT NULL,
	"csr_pem" text NOT NULL,
	"public_key_fingerprint" text NOT NULL,
	"genesis_entry" jsonb NOT NULL,
	"genesis_hash" text NOT NULL,
	"genesis_ca_fingerprint" text NOT NULL,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"reason" text,
	"cert_pem" text,
	"cert_fingerprint" text
);
--> statement-breakpoint
CREATE TABLE "forks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"station_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"hub_hash" text NOT NULL,
	"station_hash" text NOT NULL,
	"station_entry" jsonb,
	"detected_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text
);
--> statement-breakpoint
CREATE TABLE "hub_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"details" jsonb,
	"ok" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"wrapped" jsonb NOT NULL,
	"cert_pem" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_users" (
	"user_id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"printed_name" text NOT NULL,
	"roles" jsonb NOT NULL,
	"password_hash" text NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hub_users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "issued_certificates" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"serial_number" text NOT NULL,
	"kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"cert_pem" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text,
	CONSTRAINT "issued_certificates_serial_number_unique" UNIQUE("serial_number")
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"station_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"prev_hash" text NOT NULL,
	"time" text NOT NULL,
	"tz_offset" text NOT NULL,
	"type" text NOT NULL,
	"actor" text,
	"batch_ref" text,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_entries_station_id_seq_pk" PRIMARY KEY("station_id","seq")
);
--> statement-breakpoint
CREATE TABLE "master_data" (
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb,
	"change_cursor" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "master_data_kind_key_pk" PRIMARY KEY("kind","key")
);
--> statement-breakpoint
CREATE TABLE "master_data_changes" (
	"cursor" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb,
	"changed_at" timestamp with time zone NOT NULL,
	"changed_by" text NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_nonces" (
	"station_id" text NOT NULL,
	"nonce" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "request_nonces_station_id_nonce_pk" PRIMARY KEY("station_id","nonce")
);
--> statement-breakpoint
CREATE TABLE "stations" (
	"station_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"site" text NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"status_changed_at" timestamp with time zone NOT NULL,
	"cert_fingerprint" text NOT NULL,
	"enrolment_request_id" text NOT NULL,
	"genesis_hash" text NOT NULL,
	"genesis_ca_fingerprint" text NOT NULL,
	"trusted_by" text NOT NULL,
	"trusted_at" timestamp with time zone NOT NULL,
	"ack_seq" bigint DEFAULT 0 NOT NULL,
	"ack_hash" text,
	"verifier_state" jsonb,
	"last_push_at" timestamp with time zone,
	"last_pull_at" timestamp with time zone,
	"master_data_cursor" text
);
--> statement-breakpoint
CREATE TABLE "sync_refusals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"station_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"code" text NOT NULL,
	"seq" bigint,
	"reason" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hub_sessions" ADD CONSTRAINT "hub_sessions_user_id_hub_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."hub_users"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrolment_requests_status" ON "enrolment_requests" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolment_requests_one_pending" ON "enrolment_requests" USING btree ("station_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "hub_sessions_expires" ON "hub_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "issued_certificates_subject" ON "issued_certificates" USING btree ("kind","subject_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_batch" ON "ledger_entries" USING btree ("batch_ref");--> statement-breakpoint
CREATE INDEX "ledger_entries_type" ON "ledger_entries" USING btree ("station_id","type");--> statement-breakpoint
CREATE INDEX "request_nonces_expiry" ON "request_nonces" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sync_refusals_station" ON "sync_refusals" USING btree ("station_id","at");