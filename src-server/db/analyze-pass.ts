/**
 * The hub's own analyze pass (FR-132). PGlite runs no autovacuum, so a hub on it never gathered
 * planner statistics: the trace's walk scanned all of genealogy_edges at every step once the
 * genealogy had grown (docs/known-issues.md, 6 Dec). The pass does what autovacuum's analyze
 * would: a table is analyzed when the rows changed since its last analyze exceed 50 plus a tenth
 * of the rows it had then (autovacuum_analyze_threshold and _scale_factor's defaults), read from
 * pg_stat_user_tables (PGlite keeps these counters). Nothing changed: one small read.
 *
 * On a PostgreSQL server the pass does nothing: autovacuum analyzes (several hub processes would
 * each analyze the same tables again), and the server plans a cached statement again by itself
 * after an ANALYZE changed its tables' statistics (the relcache invalidation reaches every
 * session's plan cache; test/quality/trace-analyze.test.ts). Renewing the names there as well only
 * left one more prepared statement per renewal on every pooled connection.
 *
 * After the pass analyzed a table on PGlite, the hub's named prepared statements are planned
 * again at their next use under new names (prepared-statement.ts, replanPreparedStatements;
 * PGlite closes the older name), so a plan cached while the tables were empty does not outlive
 * the statistics it was made on.
 */
import { sql } from 'drizzle-orm';
import type { HubDb } from './open-hub-db.ts';
import { rowsOf } from '../quality/db/sql-rows.ts';
import { replanPreparedStatements } from './prepared-statement.ts';

/** autovacuum's defaults: analyze when changed rows > THRESHOLD + SCALE × rows at the last analyze. */
const THRESHOLD = 50;
const SCALE = 0.1;

type TableStats = {
  relname: string;
  changed: number;
  tuples: number;
};

export interface AnalyzeResult {
  /** Tables this pass analyzed (PGlite only). */
  analyzed: string[];
  /** Whether the named statements were made to plan again. */
  replanned: boolean;
}

export async function analyzeGrownTables(db: HubDb): Promise<AnalyzeResult> {
  if (db.kind !== 'pglite') return { analyzed: [], replanned: false };
  const q = db.orm;
  // The session's counters reach shared memory when it goes idle; a fresh snapshot after that.
  await q.execute(sql`select pg_stat_force_next_flush()`);
  await q.execute(sql`select pg_stat_clear_snapshot()`);
  const stats = await rowsOf<TableStats>(
    q,
    sql`select s.relname::text as relname, coalesce(s.n_mod_since_analyze, 0)::float8 as changed, greatest(c.reltuples, 0)::float8 as tuples
        from pg_stat_user_tables s join pg_class c on c.oid = s.relid
        where s.schemaname = current_schema()`,
  );
  const analyzed: string[] = [];
  for (const t of stats) {
    if (t.changed > THRESHOLD + SCALE * t.tuples) {
      await q.execute(sql`analyze ${sql.identifier(t.relname)}`);
      analyzed.push(t.relname);
    }
  }
  if (analyzed.length > 0) replanPreparedStatements();
  return { analyzed, replanned: analyzed.length > 0 };
}

/**
 * Runs the pass every `everyMs` (none when not a positive number): never two at once, errors
 * handed to `onError` and the timer kept, the timer unref'd. The returned stop clears the timer
 * and waits for a pass under way (the hub calls it before it closes the database).
 */
export function repeatAnalyzePass(db: HubDb, everyMs: number, onError: (e: unknown) => void): () => Promise<void> {
  if (!Number.isFinite(everyMs) || everyMs <= 0) return async () => undefined;
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = analyzeGrownTables(db)
      .catch(onError)
      .finally(() => (running = null));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
