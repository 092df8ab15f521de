-- Trace cache (issue 16 item 3): one counter that every genealogy write raises in its own
-- transaction (genealogy-store.ts). A hub process keeps a trace's answer for as long as the
-- counter has not moved (trace-service.ts); any write, by any hub process, moves it.
CREATE TABLE "genealogy_generation" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "genealogy_generation_one_row" CHECK ("id" = 1)
);
--> statement-breakpoint
INSERT INTO "genealogy_generation" ("id", "n") VALUES (1, 0);
