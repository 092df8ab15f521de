-- Hub e-signatures get a second factor (COMPLIANCE.md D25-03, FR-101). One TOTP seed per hub
-- user, sealed under the hub secret (src-core/crypto/sealed-field.ts, purpose hub/user-mfa, the
-- user id as the row binding), never in plain text in the database; last_step is the last
-- 30-second step a code was used for, so a code is good once (RFC 6238 §5.2).
CREATE TABLE "hub_user_mfa" (
	"user_id" text PRIMARY KEY NOT NULL REFERENCES "hub_users"("user_id"),
	"sealed_secret" text NOT NULL,
	"last_step" bigint NOT NULL,
	"enrolled_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- One notice per event (issue: an IPQC OOS alert and QA's OOS record following it up sent two):
-- a notice about a station deviation names it (event_key), and a channel gets one per key.
ALTER TABLE "notify_deliveries" ADD COLUMN "event_key" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "notify_deliveries_event_once" ON "notify_deliveries" USING btree ("channel_id","event_key") WHERE "event_key" IS NOT NULL;
--> statement-breakpoint
-- FR-102: a record the hub opens itself (an OQC result out of specification) keeps its words as a
-- code and values, worded in the reader's language by the console; title/description stay English.
ALTER TABLE "quality_deviations" ADD COLUMN "system_text" jsonb;
