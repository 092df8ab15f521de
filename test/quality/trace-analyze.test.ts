/**
 * FR-132: a hub whose genealogy grows from empty gathers planner statistics itself and plans its
 * named trace statements again afterwards. PGlite runs no autovacuum: before the hub's analyze
 * pass (src-server/db/analyze-pass.ts) a trace of a 10,000-lot genealogy scanned all of
 * genealogy_edges at every step, and after a plain ANALYZE the session's prepared trace
 * statement still kept the plan it had made on the empty tables (docs/known-issues.md, 6 Dec).
 * Counted by the database itself (pg_statio_user_tables: blocks of genealogy_edges and its
 * indexes read or found in shared buffers by one trace).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { makeBackend, type Backend } from '../hub/support/hub-backends.ts';
import { countingConnections, type CountingConnections } from '../hub/support/counting-connections.ts';
import type { HubDb } from '../../src-server/db/open-hub-db.ts';
import { analyzeGrownTables } from '../../src-server/db/analyze-pass.ts';
import { planGeneration } from '../../src-server/db/prepared-statement.ts';
import { writeFacts } from '../../src-server/quality/genealogy/genealogy-store.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { TraceService } from '../../src-server/quality/genealogy/trace-service.ts';
import type { Facts } from '../../src-server/quality/projection/genealogy-facts.ts';
import type { TraceQuery } from '../../src-shared/quality/genealogy-contract.ts';
import { unwrap } from '../../src-shared/result.ts';
import { node, edge } from './support/genealogy-facts.ts';

const CHAINS = 4000;


function chains(from: number, to: number): Facts {
  const nodes: Facts['nodes'] = [];
  const edges: Facts['edges'] = [];
  for (let i = from; i < to; i++) {
    nodes.push(node('lot', `RM-${i}`), node('container', `C-${i}`), node('batch', `B-${i}`), node('lot', `FG-${i}`));
    edges.push(edge(['lot', `RM-${i}`], ['container', `C-${i}`]), edge(['container', `C-${i}`], ['batch', `B-${i}`]), edge(['batch', `B-${i}`], ['lot', `FG-${i}`]));
  }
  return { nodes, edges };
}

describe('the hub analyzes its grown genealogy on pglite', () => {
  let backend: Backend;
  let db: HubDb;

  beforeAll(async () => {
    backend = await makeBackend('pglite');
    db = await backend.open();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await backend?.dispose();
  });

  /** Blocks of genealogy_edges and its indexes read or found in shared buffers so far. */
  async function edgeReads(): Promise<number> {
    await db.orm.execute(sql`select pg_stat_force_next_flush()`);
    await db.orm.execute(sql`select pg_stat_clear_snapshot()`);
    const [row] = await rowsOf<{ blocks: number }>(
      db.orm,
      sql`select (coalesce(heap_blks_read, 0) + coalesce(heap_blks_hit, 0) + coalesce(idx_blks_read, 0) + coalesce(idx_blks_hit, 0))::int as blocks from pg_statio_user_tables where relname = 'genealogy_edges'`,
    );
    return row!.blocks;
  }

  it('FR-132 a trace planned while the genealogy was empty uses the edge index after the hub analyzes the grown tables', async () => {
    const trace = new TraceService({ db: db.orm, catchUp: async () => 0, decisions: async () => new Map(), keepClosuresFrom: Infinity });
    const q: TraceQuery = { kind: 'lot', id: 'RM-1', direction: 'forward' };
    // A new hub: one chain, traced often enough that the session keeps a generic plan.
    await writeFacts(db.orm, chains(1, 2));
    await analyzeGrownTables(db);
    const small = unwrap(await trace.traceNow(q));
    for (let i = 0; i < 8; i++) expect(unwrap(await trace.traceNow(q))).toEqual(small);

    // The genealogy grows (no statistics gathered by anyone but the hub).
    for (let from = 2; from <= CHAINS; from += 1000) await writeFacts(db.orm, chains(from, Math.min(from + 1000, CHAINS + 1)));
    // Traced again before the pass came: the session plans on the grown tables without statistics.
    for (let i = 0; i < 8; i++) expect(unwrap(await trace.traceNow(q))).toEqual(small);
    const generation = planGeneration();
    const pass = await analyzeGrownTables(db);

    const [{ blocks: tableBlocks }] = (await rowsOf<{ blocks: number }>(
      db.orm,
      sql`select (pg_relation_size('genealogy_edges') / current_setting('block_size')::int)::int as blocks`,
    )) as [{ blocks: number }];
    const before = await edgeReads();
    expect(unwrap(await trace.traceNow(q))).toEqual(small);
    const blocks = (await edgeReads()) - before;
    // By the index: a few blocks per step of the walk, not the table's every block per step.
    expect(blocks, `blocks of genealogy_edges read by one trace (the heap has ${tableBlocks})`).toBeLessThan(Math.max(24, tableBlocks / 2));
    expect(pass.analyzed).toContain('genealogy_edges');
    expect(pass.replanned).toBe(true);
    expect(planGeneration()).toBe(generation + 1);

    // Nothing changed since: the pass only reads the counters, and the plans stay.
    const again = await analyzeGrownTables(db);
    expect(again).toEqual({ analyzed: [], replanned: false });
  }, 120_000);
});

describe('the hub follows the server’s analyzes on postgres', () => {
  let backend: Backend;
  let counting: CountingConnections;

  beforeAll(async () => {
    backend = await makeBackend('postgres');
    counting = await countingConnections(backend.databaseUrl!);
  }, 60_000);
  afterAll(async () => {
    await counting?.close();
    await backend?.dispose();
  });

  it('FR-132 on a PostgreSQL server the pass neither analyzes nor renews the names: the server plans a statement cached on an empty table again by itself after an analyze made elsewhere (autovacuum)', async () => {
    const generation = planGeneration();
    // A generic plan cached in one session while the edges are empty, as a hub connection holds it.
    const session = new pg.Client({ connectionString: backend.databaseUrl! });
    await session.connect();
    try {
      await session.query('set plan_cache_mode = force_generic_plan');
      await session.query('prepare walk(bigint) as select count(*) from genealogy_edges where parent_id = $1');
      const plan = async () => (await session.query<{ 'QUERY PLAN': string }>(`explain execute walk(1)`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      const before = await plan();
      await writeFacts(counting.single.orm, chains(1, 200));
      await counting.admin.query('analyze genealogy_edges');
      // The server replanned it: the cached plan's estimates follow the new statistics.
      expect(await plan()).not.toBe(before);
      expect(await analyzeGrownTables(counting.single)).toEqual({ analyzed: [], replanned: false });
      expect(planGeneration()).toBe(generation);
    } finally {
      await session.end();
    }
  }, 60_000);
});
