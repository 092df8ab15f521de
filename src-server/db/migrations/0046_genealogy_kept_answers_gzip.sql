-- Kept trace answers gzip'd (issue 16 item 3): the trace route's JSON text for a kept closure
-- (migration 0045) is kept compressed by the hub (gzip, level 1: a recall's 3.4 MB text is 278 kB)
-- and stored as it is ("external": no second compression by PostgreSQL, whose TOAST
-- decompression of the text cost 6.6 ms of every read of it at 20,000 lots). The route sends
-- the bytes as they are, with Content-Encoding: gzip, to a client that accepts gzip, and gunzips
-- them for one that does not (trace-service.ts, traceReply). The texts kept so far are dropped:
-- derived data, built and kept again by the next trace of their closure.
DELETE FROM "genealogy_closure_answers";--> statement-breakpoint
ALTER TABLE "genealogy_closure_answers" DROP COLUMN "body";--> statement-breakpoint
ALTER TABLE "genealogy_closure_answers" ADD COLUMN "body_gzip" bytea NOT NULL;--> statement-breakpoint
ALTER TABLE "genealogy_closure_answers" ALTER COLUMN "body_gzip" SET STORAGE EXTERNAL;
