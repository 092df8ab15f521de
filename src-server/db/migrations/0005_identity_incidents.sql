-- Identity incidents (issue 10 item 2, COMPLIANCE.md §6 attack 6): a station that comes back
-- with a fresh ledger (another genesis) under a station id the hub knows is refused and kept
-- here as an incident for IT and QA, with what the hub knew and what it was offered. One row
-- per (station, offered genesis): a station that keeps asking adds attempts, not rows.
CREATE TABLE "identity_incidents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"station_id" text NOT NULL,
	"detected_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"source" text NOT NULL,
	"known_genesis_hash" text NOT NULL,
	"known_ack_seq" bigint NOT NULL,
	"offered_genesis_hash" text NOT NULL,
	"offered_genesis_time" text NOT NULL,
	"offered_key_fingerprint" text NOT NULL,
	"station_name" text NOT NULL,
	"site" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "identity_incidents_offer" ON "identity_incidents" USING btree ("station_id","offered_genesis_hash");
