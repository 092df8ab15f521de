/**
 * Issue 16: a trace of a kept closure reads that closure's row (and its kept answer's) by key,
 * however many closures are kept. The trace statement (trace-sql.ts, closureSql) runs as a named
 * prepared statement (prepared-statement.ts), so after five calls PostgreSQL may plan it once
 * with its parameters unknown (a generic plan) and keep that plan until the tables' statistics
 * change; PGlite has no autovacuum, so there they never do. A generic plan made while the kept
 * tables were empty (a new hub's first traces) joined the start to genealogy_closures by
 * scanning the key index on the direction alone and filtering on the start afterwards: every
 * trace then read every kept closure of its direction (2,000 index entries at 2,000 kept
 * closures, and as many kept answers). Counted by the database itself (pg_statio_user_tables:
 * blocks of the two tables and their indexes read or found in shared buffers by one trace), with
 * the generic plan forced and made on empty kept tables, on both hub databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { makeBackend, type Backend } from '../hub/support/hub-backends.ts';
import { openHubDb, type HubDb } from '../../src-server/db/open-hub-db.ts';
import { raiseGeneration, writeFacts } from '../../src-server/quality/genealogy/genealogy-store.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { TraceService } from '../../src-server/quality/genealogy/trace-service.ts';
import type { TraceQuery } from '../../src-shared/quality/genealogy-contract.ts';
import { unwrap } from '../../src-shared/result.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';
import { node, edge } from './support/genealogy-facts.ts';

const KEPT = 2000;
const KEPT_TABLES = ['genealogy_closures', 'genealogy_closure_answers'];


describe.each(QUALITY_BACKENDS)('reads of a kept trace on %s', (backendName) => {
  let backend: Backend;
  let db: HubDb;
  let admin: pg.Client | null = null;

  beforeAll(async () => {
    backend = await makeBackend(backendName);
    if (backendName === 'postgres') {
      // Every session of this database plans prepared statements generically; no autovacuum
      // analyzes the kept tables mid-test (PGlite has none), so the plan made first stays.
      admin = new pg.Client({ connectionString: backend.databaseUrl! });
      await admin.connect();
      const name = (await admin.query<{ db: string }>('select current_database() as db')).rows[0]!.db;
      await admin.query(`alter database "${name}" set plan_cache_mode = force_generic_plan`);
      for (const t of KEPT_TABLES) await admin.query(`alter table ${t} set (autovacuum_enabled = false)`);
      // One connection: the trace's statement is prepared, and its statistics flushed, there.
      db = unwrap(await openHubDb({ databaseUrl: backend.databaseUrl!, poolSize: 1 }));
    } else {
      db = await backend.open();
      await db.orm.execute(sql`set plan_cache_mode = force_generic_plan`);
    }
    await writeFacts(db.orm, {
      nodes: [node('lot', 'RM-1'), node('container', 'C-1'), node('dispense', 'D-1'), node('batch', 'B-1'), node('lot', 'FG-1')],
      edges: [edge(['lot', 'RM-1'], ['container', 'C-1']), edge(['container', 'C-1'], ['dispense', 'D-1']), edge(['dispense', 'D-1'], ['batch', 'B-1']), edge(['batch', 'B-1'], ['lot', 'FG-1'])],
    });
    await raiseGeneration(db.orm);
  }, 60_000);
  afterAll(async () => {
    await admin?.end();
    await db?.close();
    await backend?.dispose();
  });

  /** Blocks of the kept tables and their indexes read or found in shared buffers so far. */
  async function keptReads(): Promise<number> {
    // The statistics of the trace's backend reach shared memory when it goes idle after this.
    await db.orm.execute(sql`select pg_stat_force_next_flush()`);
    const text = `select coalesce(sum(coalesce(heap_blks_read, 0) + coalesce(heap_blks_hit, 0) + coalesce(idx_blks_read, 0) + coalesce(idx_blks_hit, 0)), 0)::int as blocks
      from pg_statio_user_tables where relname in ('${KEPT_TABLES.join("', '")}')`;
    if (admin) return (await admin.query<{ blocks: number }>(text)).rows[0]!.blocks;
    await db.orm.execute(sql`select pg_stat_clear_snapshot()`);
    return (await rowsOf<{ blocks: number }>(db.orm, sql.raw(text)))[0]!.blocks;
  }

  it(`FR-10 a trace of a kept closure reads its own kept rows by key, not every kept closure of its direction (${KEPT.toLocaleString('en-US')} kept, generic plan made on empty kept tables)`, async () => {
    const deps = { db: db.orm, catchUp: async () => 0, decisions: async () => new Map() };
    const q: TraceQuery = { kind: 'lot', id: 'RM-1', direction: 'forward' };
    // The hub's first traces, nothing kept yet: the generic plans of both statements (the
    // closure alone, and with the route's kept answer) are made now and kept by the session.
    const keepsNothing = new TraceService({ ...deps, keepClosuresFrom: Infinity });
    const reference = unwrap(await keepsNothing.traceNow(q));
    const referenceText = unwrap(await keepsNothing.traceJsonNow(q));
    expect(await rowsOf(db.orm, sql`select 1 from genealogy_closures`)).toEqual([]);

    // Other starts' closures and answers kept since, in both directions, sized as a kept
    // recall's row is in the heap (the texts TOASTed); then this start's own, kept by a trace.
    await db.orm.execute(sql`
      insert into genealogy_closures (start_id, direction, node_count, ids, kinds, keys, labels, attrs_list, edges, edge_count)
      select 1000000 + g, d, 1000, (select string_agg((g * 1000 + i)::text, ',') from generate_series(1, 1000) i), repeat('lot,', 1000), md5(g::text), md5(g::text), '{}', '1>2', 1
      from generate_series(1, ${KEPT}::int) g, (values ('forward'), ('backward')) v(d)`);
    await db.orm.execute(sql`
      insert into genealogy_closure_answers (start_id, direction, max_depth, body_gzip)
      select 1000000 + g, d, 60, decode(md5(g::text), 'hex') from generate_series(1, ${KEPT}::int) g, (values ('forward'), ('backward')) v(d)`);
    const keeping = new TraceService({ ...deps, keepClosuresFrom: 1 });
    expect(unwrap(await keeping.traceJsonNow(q))).toBe(referenceText);
    expect(await rowsOf(db.orm, sql`select count(*)::int as n from genealogy_closures`)).toEqual([{ n: 2 * KEPT + 1 }]);

    const [{ blocks: tableBlocks }] = (await rowsOf<{ blocks: number }>(
      db.orm,
      sql.raw(`select sum(pg_relation_size(c.oid, 'main') / current_setting('block_size')::int)::int as blocks from pg_class c where c.relname in ('${KEPT_TABLES.join("', '")}') or c.oid in (select indexrelid from pg_index where indrelid in ('genealogy_closures'::regclass, 'genealogy_closure_answers'::regclass))`),
    )) as [{ blocks: number }];
    // The closure kept in the database (traceNow: closure read, answer built)...
    let before = await keptReads();
    expect(unwrap(await keeping.traceNow(q))).toEqual(reference);
    const closureBlocks = (await keptReads()) - before;
    // ...and the route's answer kept beside it (its gzip'd bytes read).
    before = await keptReads();
    expect(unwrap(await keeping.traceJsonNow(q))).toBe(referenceText);
    const answerBlocks = (await keptReads()) - before;
    // By key: a few blocks of each index and heap (the answer statement reads the closure's key too).
    expect(closureBlocks, `blocks of the kept tables read by a trace of a kept closure (of ${tableBlocks})`).toBeLessThanOrEqual(8);
    expect(answerBlocks, `blocks of the kept tables read by a trace of a kept answer (of ${tableBlocks})`).toBeLessThanOrEqual(12);
  }, 60_000);
});
