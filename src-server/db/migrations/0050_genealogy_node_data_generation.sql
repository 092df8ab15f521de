-- Node data's own generation (issue 16 item 3): raised, beside genealogy_generation.n, only by a
-- transaction that changed the label or attributes of a node that was already there (not by new
-- nodes or edges: genealogy-store.ts, raiseGeneration). A hub process holds node labels and
-- attributes it read (trace-node-data.ts) for as long as this counter stands still, so a walked
-- trace reads ids and edges only, not every node row again.
ALTER TABLE "genealogy_generation" ADD COLUMN "node_data_n" bigint DEFAULT 0 NOT NULL;
