/**
 * Issue 16 item 3: a hub process keeps trace answers while the genealogy's generation stands
 * still (trace-cache.ts), and every transaction that writes genealogy raises the generation
 * (genealogy-store.ts, raiseGeneration): a second trace is answered from memory, a trace after
 * a write sees the write, and the answer from memory is the one the walk gives.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeBackend, type Backend } from '../hub/support/hub-backends.ts';
import type { HubDb } from '../../src-server/db/open-hub-db.ts';
import { raiseGeneration, writeFacts } from '../../src-server/quality/genealogy/genealogy-store.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { TraceService } from '../../src-server/quality/genealogy/trace-service.ts';
import { RESULT_BYTES_PER_HIT, TraceCache } from '../../src-server/quality/genealogy/trace-cache.ts';
import type { TraceQuery, TraceResult } from '../../src-shared/quality/genealogy-contract.ts';
import { unwrap } from '../../src-shared/result.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';
import { node, edge } from './support/genealogy-facts.ts';


describe.each(QUALITY_BACKENDS)('trace cache on %s', (backendName) => {
  let backend: Backend;
  let db: HubDb;
  beforeAll(async () => {
    backend = await makeBackend(backendName);
    db = await backend.open();
    await writeFacts(db.orm, {
      nodes: [node('lot', 'RM-1'), node('container', 'C-1'), node('dispense', 'D-1', { net: '5.000 kg' }), node('batch', 'B-1')],
      edges: [edge(['lot', 'RM-1'], ['container', 'C-1']), edge(['container', 'C-1'], ['dispense', 'D-1']), edge(['dispense', 'D-1'], ['batch', 'B-1'])],
    });
    await raiseGeneration(db.orm);
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  const refs = (r: TraceResult) => r.hits.map((h) => `${h.node.kind}:${h.node.key}@${h.depth}`);

  it('answers a repeated trace from memory, and the same as the walk', async () => {
    const cached = new TraceService({ db: db.orm, catchUp: async () => 0, decisions: async () => new Map(), cache: new TraceCache() });
    const walked = new TraceService({ db: db.orm, catchUp: async () => 0, decisions: async () => new Map() });
    const first = unwrap(await cached.traceNow({ kind: 'lot', id: 'RM-1', direction: 'forward' }));
    const again = unwrap(await cached.traceNow({ kind: 'lot', id: 'RM-1', direction: 'forward' }));
    expect(again).toBe(first);
    expect(again).toEqual(unwrap(await walked.traceNow({ kind: 'lot', id: 'RM-1', direction: 'forward' })));
    // Another depth or direction is another question.
    const shallow = unwrap(await cached.traceNow({ kind: 'lot', id: 'RM-1', direction: 'forward', maxDepth: 1 }));
    expect(refs(shallow)).toEqual(['container:C-1@1']);
    expect(refs(unwrap(await cached.traceNow({ kind: 'batch', id: 'B-1', direction: 'backward' })))).toEqual(['dispense:D-1@1', 'container:C-1@2', 'lot:RM-1@3']);
  });

  it('sees a write after it: the writing transaction raised the generation', async () => {
    const cached = new TraceService({ db: db.orm, catchUp: async () => 0, decisions: async () => new Map(), cache: new TraceCache() });
    const before = unwrap(await cached.traceNow({ kind: 'lot', id: 'RM-1', direction: 'forward' }));
    expect(refs(before)).not.toContain('lot:FG-1@4');
    await db.orm.transaction(async (tx) => {
      await writeFacts(tx, { nodes: [node('batch', 'B-1'), node('lot', 'FG-1', { quantity: '5.000 kg' })], edges: [edge(['batch', 'B-1'], ['lot', 'FG-1'])] });
      await raiseGeneration(tx);
    });
    const after = unwrap(await cached.traceNow({ kind: 'lot', id: 'RM-1', direction: 'forward' }));
    expect(refs(after)).toContain('lot:FG-1@4');
    expect(after.hits.find((h) => h.node.key === 'FG-1')!.path).toEqual(['lot:RM-1', 'container:C-1', 'dispense:D-1', 'batch:B-1', 'lot:FG-1']);
  });

  it('FR-10 the route answer held under its kept row\'s version: both clients read the same bytes, a write elsewhere keeps it, a write that changes the closure is never answered stale', async () => {
    const deps = { db: db.orm, catchUp: async () => 0, decisions: async () => new Map() };
    const cache = new TraceCache();
    // The hub's service (closures and answers kept from 1 node here; the hub keeps from 1,000),
    // another hub process sharing the database, and the reference (depth-bounded walk, no cache).
    const hub = new TraceService({ ...deps, keepClosuresFrom: 1, cache });
    const other = new TraceService({ ...deps, keepClosuresFrom: 1, cache: new TraceCache() });
    const reference = new TraceService({ ...deps, closure: false });
    const q: TraceQuery = { kind: 'lot', id: 'RM-1', direction: 'forward' };
    const text = async () => JSON.stringify(unwrap(await reference.traceNow(q)));
    /** Both clients, in either order: the text a client without gzip reads, and what gunzips from the bytes a gzip client is sent. */
    const both = async (gzipFirst: boolean) => {
      const asked = gzipFirst ? [true, false] : [false, true];
      const [a, b] = [unwrap(await hub.traceReplyNow(q, asked[0]!)), unwrap(await hub.traceReplyNow(q, asked[1]!))];
      const [zipped, plain] = gzipFirst ? [a, b] : [b, a];
      expect(zipped.gzip).toBe(true);
      expect(plain.gzip).toBe(false);
      expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
      return { zipped, plain };
    };

    // Built, kept, held (under the row's version): both clients byte-identical, the reference's text.
    const first = await both(false);
    expect(first.plain.body.toString('utf8')).toBe(await text());
    // Asked again: the held bytes themselves, no gunzip, no row read (the statement confirms the version).
    const again = await both(true);
    expect(again.plain.body).toBe(first.plain.body);
    expect(again.zipped.body).toBe(first.zipped.body);
    // Another process reads the kept row (its first read, gunzipped): the same bytes both ways.
    const elsewhere = unwrap(await other.traceReplyNow(q, false));
    expect(elsewhere.body.equals(first.plain.body)).toBe(true);
    expect(unwrap(await other.traceReplyNow(q, true)).body.equals(first.zipped.body)).toBe(true);

    // A write that does not touch the closure raises the generation: the held answer stays current.
    await db.orm.transaction(async (tx) => {
      await writeFacts(tx, { nodes: [node('lot', 'RM-OTHER')], edges: [] });
      await raiseGeneration(tx);
    });
    expect(unwrap(await hub.traceReplyNow(q, false)).body).toBe(first.plain.body);

    // A write that changes the closure (a new output lot of B-1): it drops the kept closure and its
    // answer; the held answer is never sent again, to either client, before or after the hub keeps it again.
    const dropped = await db.orm.transaction(async (tx) => {
      await writeFacts(tx, { nodes: [node('batch', 'B-1'), node('lot', 'FG-NEW', { quantity: '1.000 kg' })], edges: [edge(['batch', 'B-1'], ['lot', 'FG-NEW'])] });
      return raiseGeneration(tx);
    });
    expect(dropped.length).toBeGreaterThan(0);
    const now = await text();
    expect(now).toContain('FG-NEW');
    const rebuilt = await both(true);
    expect(rebuilt.plain.body.toString('utf8')).toBe(now);
    // Kept again by another hub process (rekeep after its commit): a new row version, read once, the same text.
    const droppedAgain = await db.orm.transaction(async (tx) => {
      await writeFacts(tx, { nodes: [node('batch', 'B-1'), node('lot', 'FG-NEW2', { quantity: '1.000 kg' })], edges: [edge(['batch', 'B-1'], ['lot', 'FG-NEW2'])] });
      return raiseGeneration(tx);
    });
    expect(droppedAgain.length).toBeGreaterThan(0);
    other.rekeep(droppedAgain);
    await other.rekept();
    const [row] = await rowsOf<{ n: number }>(db.orm, sql`select count(*)::int as n from genealogy_closure_answers a join genealogy_nodes s on s.id = a.start_id where s.kind = 'lot' and s.key = 'RM-1'`);
    expect(row!.n).toBe(1);
    const latest = await text();
    expect(latest).toContain('FG-NEW2');
    for (const gzipFirst of [false, true]) expect((await both(gzipFirst)).plain.body.toString('utf8')).toBe(latest);
  });

  it('refuses an unknown start every time, and keeps no refusal', async () => {
    const cache = new TraceCache();
    const cached = new TraceService({ db: db.orm, catchUp: async () => 0, decisions: async () => new Map(), cache });
    for (let i = 0; i < 2; i++) expect((await cached.traceNow({ kind: 'lot', id: 'NOPE', direction: 'forward' })).ok).toBe(false);
    expect(cache.size).toBe(0);
  });
});

describe('trace cache bound', () => {
  const result = (hits: number) => ({ start: { kind: 'lot', key: 'x', label: 'x', attrs: {} }, direction: 'forward', maxDepth: 60, hits: Array.from({ length: hits }, () => ({})), depthLimitReached: false, cycle: null, edges: [] }) as unknown as TraceResult;
  const body = (bytes: number) => ({ plain: Buffer.alloc(bytes, 0x20), gzip: null });

  it('FR-10 is bounded in bytes: drops the least recently used past its bound, and keeps nothing larger than itself', () => {
    const cache = new TraceCache(100 * RESULT_BYTES_PER_HIT);
    cache.set('a', '1', result(40));
    cache.set('b', '1', result(40));
    expect(cache.get('a', '1')).toBeDefined(); // a is now the most recently used
    cache.set('c', '1', result(40));
    expect(cache.get('b', '1')).toBeUndefined();
    expect(cache.get('a', '1')).toBeDefined();
    expect(cache.get('c', '1')).toBeDefined();
    expect(cache.heldBytes).toBeLessThanOrEqual(100 * RESULT_BYTES_PER_HIT);
    cache.set('huge', '1', result(500));
    expect(cache.get('huge', '1')).toBeUndefined();
    expect(cache.get('a', '2')).toBeUndefined(); // another generation: gone for good
    expect(cache.get('a', '1')).toBeUndefined();
    // Bodies count their bytes: plain text and gzip'd bytes alike.
    const small = new TraceCache(10_000);
    small.setBody('x', { version: '7' }, body(4_000));
    small.setBody('y', { version: '8' }, body(4_000));
    expect(small.keptBody('x')?.version).toBe('7');
    small.setBody('z', { generation: '3' }, { plain: Buffer.alloc(3_000), gzip: Buffer.alloc(1_000) });
    expect(small.keptBody('y')).toBeUndefined();
    expect(small.keptBody('x')).toBeDefined();
    expect(small.body('z', '3')).toBeDefined();
    expect(small.heldBytes).toBeLessThanOrEqual(10_000);
    small.setBody('w', { version: '9' }, body(10_001));
    expect(small.keptBody('w')).toBeUndefined();
  });

  it('FR-10 a body held under a kept row\'s version is never taken for one built at a generation, nor the other way round', () => {
    const cache = new TraceCache();
    cache.setBody('k', { version: '12' }, body(10));
    expect(cache.body('k', '12')).toBeUndefined();
    cache.setBody('k', { generation: '12' }, body(10));
    expect(cache.keptBody('k')).toBeUndefined();
  });
});
