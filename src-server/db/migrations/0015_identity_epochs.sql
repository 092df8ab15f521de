-- Identity epochs (issue 10 item 2, COMPLIANCE.md §6 attack 6): an identity incident is
-- accepted by an administrator (IT) and a QA person, two different people, each recorded here;
-- once both have, the offered ledger gets its own hub-side ledger key `<station id>~<epoch>`
-- (src-shared/sync/ledger-key.ts) under which it enrols and syncs beside the old one.
ALTER TABLE "identity_incidents" ADD COLUMN "admin_accepted_by" text;
--> statement-breakpoint
ALTER TABLE "identity_incidents" ADD COLUMN "admin_accepted_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "identity_incidents" ADD COLUMN "admin_reason" text;
--> statement-breakpoint
ALTER TABLE "identity_incidents" ADD COLUMN "qa_accepted_by" text;
--> statement-breakpoint
ALTER TABLE "identity_incidents" ADD COLUMN "qa_accepted_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "identity_incidents" ADD COLUMN "qa_reason" text;
--> statement-breakpoint
ALTER TABLE "identity_incidents" ADD COLUMN "ledger_key" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "identity_incidents_ledger_key" ON "identity_incidents" USING btree ("ledger_key");
