-- Hub trust (issue 10): accounts pending until a second person verifies the holder, password
-- resets by one-time password, self-lifting locks, per-source throttling, one-time enrolment
-- codes and two-person re-issue of revoked signing certificates. Existing accounts keep their
-- status: they were made before the rule and their holders are known.
CREATE TABLE "enrolment_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"issued_by" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by" text
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"scope" text NOT NULL,
	"source" text NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone,
	CONSTRAINT "login_throttle_scope_source_pk" PRIMARY KEY("scope","source")
);
--> statement-breakpoint
CREATE TABLE "signer_reissues" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "hub_users" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "hub_users" ADD COLUMN "reset_by" text;--> statement-breakpoint
ALTER TABLE "hub_users" ADD COLUMN "identity_verified_by" text;--> statement-breakpoint
ALTER TABLE "hub_users" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "signer_reissues_user" ON "signer_reissues" USING btree ("user_id");