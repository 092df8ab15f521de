-- Accounts review (Annex 11 §12, DI-11; issue 11): when each hub account last logged in, so the
-- periodic account review can list dormant accounts and the hub can disable them. Existing
-- accounts start without a last login; their creation time counts until their next login.
ALTER TABLE "hub_users" ADD COLUMN "last_login_at" timestamp with time zone;
--> statement-breakpoint
-- DI-11: the client address of each session, so a login from another place ends the account's
-- sessions elsewhere (one person, one place); sessions from before have none.
ALTER TABLE "hub_sessions" ADD COLUMN "source" text;
