/**
 * Trace correctness (issue 7): on random genealogies of many levels, with diamonds, shortcuts
 * and high-fan-out lots, the hub's recursive trace returns exactly the nodes a brute-force
 * breadth-first search reaches, each at its shortest distance, each with a path made of real
 * edges from the start; the depth guard limits both the same way; a cycle (corrupt data)
 * terminates and is named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import { makeBackend, type Backend } from '../hub/support/hub-backends.ts';
import type { HubDb } from '../../src-server/db/open-hub-db.ts';
import { writeFacts } from '../../src-server/quality/genealogy/genealogy-store.ts';
import { TraceService } from '../../src-server/quality/genealogy/trace-service.ts';
import { reachableSetSql } from '../../src-server/quality/genealogy/trace-sql.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { sql } from 'drizzle-orm';
import { bfs, factsOf, prng, randomDag, type Dag } from './support/random-dag.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';

describe.each(QUALITY_BACKENDS)('genealogy trace on %s', (backendName) => {
  let backend: Backend;
  let db: HubDb;
  let traces: TraceService;
  const dags: Dag[] = [];

  beforeAll(async () => {
    backend = await makeBackend(backendName);
    db = await backend.open();
    traces = new TraceService({ db: db.orm, catchUp: async () => 0, decisions: async () => new Map() });
    const rand = prng(backendName === 'pglite' ? 20260302 : 7);
    for (let i = 0; i < 3; i++) {
      const dag = randomDag(rand, `g${i}`, 14 + i * 4, 25);
      dags.push(dag);
      await writeFacts(db.orm, factsOf(dag));
    }
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  it('FR-10 finds exactly what breadth-first search finds, at the shortest depth, along real edges', async () => {
    const rand = prng(99);
    let compared = 0;
    for (const dag of dags) {
      const edgeSet = new Set(dag.edges.map(([a, b]) => `${a}|${b}`));
      for (let k = 0; k < 12; k++) {
        const startIndex = Math.floor(rand() * dag.nodes.length);
        const start = dag.nodes[startIndex]!;
        for (const direction of ['forward', 'backward'] as const) {
          const expected = bfs(dag.edges, dag.ref(startIndex), direction, 1000);
          const result = unwrap(await traces.traceNow({ kind: start.kind, id: start.key, direction }));
          const got = new Map(result.hits.map((h) => [`${h.node.kind}:${h.node.key}`, h]));
          expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
          for (const [ref, hit] of got) {
            expect(hit.depth).toBe(expected.get(ref));
            expect(hit.path.length).toBe(hit.depth + 1);
            expect(hit.path[0]).toBe(dag.ref(startIndex));
            expect(hit.path.at(-1)).toBe(ref);
            for (let i = 0; i + 1 < hit.path.length; i++) {
              const [a, b] = direction === 'forward' ? [hit.path[i]!, hit.path[i + 1]!] : [hit.path[i + 1]!, hit.path[i]!];
              expect(edgeSet.has(`${a}|${b}`)).toBe(true);
            }
            // The amount on the last step: a dispensing's net, or what a batch made of a lot.
            const kinds = [hit.path.at(-2)!, ref].map((r) => r.split(':') as [string, string]);
            const dispense = kinds.find(([k]) => k === 'dispense');
            const lotOfBatch = kinds.some(([k]) => k === 'batch') ? kinds.find(([k]) => k === 'lot') : undefined;
            expect(hit.quantity).toBe(dispense ? `net-${dispense[1]}` : lotOfBatch ? `qty-${lotOfBatch[1]}` : null);
          }
          expect(result.depthLimitReached).toBe(false);
          expect(result.cycle).toBeNull();
          compared += got.size;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('FR-10 reaches exactly the set the plain recursive query reaches, from random starts both ways', async () => {
    const rand = prng(1603);
    for (const dag of dags) {
      for (let k = 0; k < 6; k++) {
        const start = dag.nodes[Math.floor(rand() * dag.nodes.length)]!;
        const [row] = await rowsOf<{ id: string | number }>(db.orm, sql`select id from genealogy_nodes where kind = ${start.kind} and key = ${start.key}`);
        for (const direction of ['forward', 'backward'] as const) {
          const plain = await rowsOf<{ ref: string }>(db.orm, reachableSetSql(Number(row!.id), direction));
          const result = unwrap(await traces.traceNow({ kind: start.kind, id: start.key, direction }));
          expect(result.hits.map((h) => `${h.node.kind}:${h.node.key}`).sort()).toEqual(plain.map((r) => r.ref).sort());
        }
      }
    }
  });

  it('the depth guard returns what breadth-first search finds within that depth', async () => {
    const dag = dags[2]!;
    const root = dag.nodes.findIndex((n) => n.key.endsWith('-L0-0'));
    for (const maxDepth of [1, 3, 6]) {
      const expected = bfs(dag.edges, dag.ref(root), 'forward', maxDepth);
      const result = unwrap(await traces.traceNow({ kind: dag.nodes[root]!.kind, id: dag.nodes[root]!.key, direction: 'forward', maxDepth }));
      expect(result.hits.map((h) => `${h.node.kind}:${h.node.key}`).sort()).toEqual([...expected.keys()].sort());
    }
  });

  it('terminates on a cycle and names it', async () => {
    const cyc = randomDag(prng(5), 'cyc', 8, 4);
    const first = cyc.ref(0);
    const last = cyc.ref(cyc.nodes.length - 1);
    // Make sure a path first -> last exists, then close the loop last -> first.
    await writeFacts(db.orm, factsOf(cyc, [[first, last], [last, first]]));
    const start = cyc.nodes[0]!;
    const result = unwrap(await traces.traceNow({ kind: start.kind, id: start.key, direction: 'forward', maxDepth: 40 }));
    expect(result.depthLimitReached).toBe(true);
    expect(result.cycle).not.toBeNull();
    expect(result.cycle).toEqual(expect.arrayContaining([first, last]));
    expect(result.hits.some((h) => `${h.node.kind}:${h.node.key}` === first)).toBe(false);
  });

  it('walks without JIT compilation: off in the hub sessions on PostgreSQL, absent from PGlite', async () => {
    const [row] = await rowsOf<{ available: boolean; jit: string }>(db.orm, sql`select pg_jit_available() as available, current_setting('jit') as jit`);
    if (backendName === 'postgres') expect(row!.jit).toBe('off');
    else expect(row!.available).toBe(false);
  });

  it('refuses an unknown start with a typed code', async () => {
    const r = await traces.traceNow({ kind: 'lot', id: 'NO-SUCH-LOT', direction: 'forward' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('TRACE_START_UNKNOWN');
  });
});
