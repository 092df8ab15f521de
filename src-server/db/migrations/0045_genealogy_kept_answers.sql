-- Kept trace answers (issue 16 item 3): beside a kept closure (migration 0044), the answer the
-- trace route sends for it, as the exact JSON text, one per depth asked (max_depth), so a trace
-- of a kept closure reads one row and sends it without building or serialising the answer
-- (trace-service.ts, traceJson). Dropped with its closure by the write that changes it
-- (genealogy-store.ts, raiseGeneration) and kept again after the commit (TraceService.rekeep).
-- Derived data: dropping the rows loses nothing.
CREATE TABLE "genealogy_closure_answers" (
	"start_id" bigint NOT NULL,
	"direction" text NOT NULL,
	"max_depth" integer NOT NULL,
	"body" text NOT NULL,
	CONSTRAINT "genealogy_closure_answers_start_id_direction_max_depth_pk" PRIMARY KEY("start_id","direction","max_depth")
);
