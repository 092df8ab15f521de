-- Kept closures (issue 16 item 3): the closure of a start whose trace reaches many nodes (a
-- recall from an excipient lot reaches thousands) is kept whole, as the closure query returns it
-- (trace-sql.ts, closureSql), so tracing it again reads one row instead of walking and fetching
-- every node. genealogy_closure_nodes lists each kept closure's nodes (the start too), so the
-- transaction that changes a node, or an edge leaving a node, in a kept closure drops that
-- closure before it commits (genealogy-store.ts, raiseGeneration). Derived data: dropping both
-- tables' rows loses nothing.
CREATE TABLE "genealogy_closures" (
	"start_id" bigint NOT NULL,
	"direction" text NOT NULL,
	"node_count" integer NOT NULL,
	"ids" text,
	"kinds" text,
	"keys" text,
	"labels" text,
	"attrs_list" text,
	"edges" text,
	"edge_count" integer NOT NULL,
	CONSTRAINT "genealogy_closures_start_id_direction_pk" PRIMARY KEY("start_id","direction"),
	CONSTRAINT "genealogy_closures_direction" CHECK ("direction" IN ('forward', 'backward'))
);
--> statement-breakpoint
CREATE TABLE "genealogy_closure_nodes" (
	"node_id" bigint NOT NULL,
	"direction" text NOT NULL,
	"start_id" bigint NOT NULL,
	CONSTRAINT "genealogy_closure_nodes_node_id_direction_start_id_pk" PRIMARY KEY("node_id","direction","start_id")
);
--> statement-breakpoint
CREATE INDEX "genealogy_closure_nodes_start" ON "genealogy_closure_nodes" USING btree ("start_id","direction");
