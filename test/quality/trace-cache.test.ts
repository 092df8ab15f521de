/**
 * Issue 16 item 3: a hub process keeps trace answers while the genealogy's generation stands
 * still (trace-cache.ts), and every transaction that writes genealogy raises the generation
 * (genealogy-store.ts, raiseGeneration): a second trace is answered from memory, a trace after
 * a write sees the write, and the answer from memory is the one the walk gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBackend, type Backend } from '../hub/support/hub-backends.ts';
import type { HubDb } from '../../src-server/db/open-hub-db.ts';
import { raiseGeneration, writeFacts } from '../../src-server/quality/genealogy/genealogy-store.ts';
import { TraceService } from '../../src-server/quality/genealogy/trace-service.ts';
import { TraceCache } from '../../src-server/quality/genealogy/trace-cache.ts';
import type { Facts } from '../../src-server/quality/projection/genealogy-facts.ts';
import type { TraceResult } from '../../src-shared/quality/genealogy-contract.ts';
import { unwrap } from '../../src-shared/result.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';

const node = (kind: 'lot' | 'container' | 'dispense' | 'batch', key: string, attrs: Record<string, unknown> = {}) => ({ kind, key, label: key, attrs });
const edge = (a: [string, string], b: [string, string]) => ({ parent: { kind: a[0], key: a[1] }, child: { kind: b[0], key: b[1] }, quantity: null, stationId: null, seq: null }) as Facts['edges'][number];

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

  it('refuses an unknown start every time, and keeps no refusal', async () => {
    const cache = new TraceCache();
    const cached = new TraceService({ db: db.orm, catchUp: async () => 0, decisions: async () => new Map(), cache });
    for (let i = 0; i < 2; i++) expect((await cached.traceNow({ kind: 'lot', id: 'NOPE', direction: 'forward' })).ok).toBe(false);
    expect(cache.size).toBe(0);
  });
});

describe('trace cache bound', () => {
  const result = (hits: number) => ({ start: { kind: 'lot', key: 'x', label: 'x', attrs: {} }, direction: 'forward', maxDepth: 60, hits: Array.from({ length: hits }, () => ({})), depthLimitReached: false, cycle: null, edges: [] }) as unknown as TraceResult;

  it('drops the least recently used answers past its size, and keeps none larger than itself', () => {
    const cache = new TraceCache(100);
    cache.set('a', '1', result(40));
    cache.set('b', '1', result(40));
    expect(cache.get('a', '1')).toBeDefined(); // a is now the most recently used
    cache.set('c', '1', result(40));
    expect(cache.get('b', '1')).toBeUndefined();
    expect(cache.get('a', '1')).toBeDefined();
    expect(cache.get('c', '1')).toBeDefined();
    cache.set('huge', '1', result(500));
    expect(cache.get('huge', '1')).toBeUndefined();
    expect(cache.get('a', '2')).toBeUndefined(); // another generation: gone for good
    expect(cache.get('a', '1')).toBeUndefined();
  });
});
