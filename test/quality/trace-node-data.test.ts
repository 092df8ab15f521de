/**
 * FR-146 (issue 16 item 3): a hub process holds the node labels and attributes its walked traces
 * read (trace-node-data.ts), and a start traced again asks the walk for ids and edges alone. Held
 * node data is never shown stale: the node data generation (genealogy_generation.node_data_n,
 * migration 0050) moves exactly when a writing transaction changed an existing node's label or
 * attributes (genealogy-store.ts), on both databases, and a write made through another
 * connection (another hub process) reaches the next trace; a closure that grew reads the new
 * nodes' data. Every answer is the depth-bounded walk's (no cache), byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeBackend, type Backend } from '../hub/support/hub-backends.ts';
import { openHubDb, type HubDb } from '../../src-server/db/open-hub-db.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { TraceService } from '../../src-server/quality/genealogy/trace-service.ts';
import { NODE_DATA_STAMP } from '../../src-server/quality/genealogy/trace-sql.ts';
import { NodeDataCache } from '../../src-server/quality/genealogy/trace-node-data.ts';
import type { TraceQuery } from '../../src-shared/quality/genealogy-contract.ts';
import { unwrap } from '../../src-shared/result.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';
import { node, edge, writeGenealogy } from './support/genealogy-facts.ts';



async function generations(db: HubDb): Promise<{ n: number; nodeData: number; nodeDataStamp: string }> {
  const [g] = await rowsOf<{ n: string | number; node_data_n: string | number; stamp: string }>(db.orm, sql`select n, node_data_n, ${NODE_DATA_STAMP} as stamp from genealogy_generation`);
  return { n: Number(g!.n), nodeData: Number(g!.node_data_n), nodeDataStamp: g!.stamp };
}

describe.each(QUALITY_BACKENDS)('node data held for walked traces on %s', (backendName) => {
  let backend: Backend;
  let db: HubDb;
  /** Another connection to the same database (another hub process); PGlite has one session, its own handle then. */
  let other: HubDb;
  beforeAll(async () => {
    backend = await makeBackend(backendName);
    db = await backend.open();
    other = backend.databaseUrl ? unwrap(await openHubDb({ databaseUrl: backend.databaseUrl })) : db;
    await writeGenealogy(db, {
      nodes: [node('lot', 'RM-1'), node('container', 'C-1'), node('dispense', 'D-1', { net: '5.000 kg' }), node('batch', 'B-1'), node('lot', 'RM-2'), node('container', 'C-2'), node('dispense', 'D-2', { net: '1.250 kg' })],
      edges: [
        edge(['lot', 'RM-1'], ['container', 'C-1']),
        edge(['container', 'C-1'], ['dispense', 'D-1']),
        edge(['dispense', 'D-1'], ['batch', 'B-1']),
        edge(['lot', 'RM-2'], ['container', 'C-2']),
        edge(['container', 'C-2'], ['dispense', 'D-2']),
        edge(['dispense', 'D-2'], ['batch', 'B-1']),
      ],
    });
  });
  afterAll(async () => {
    if (other && other !== db) await other.close();
    await backend?.dispose();
  });

  const deps = () => ({ db: db.orm, catchUp: async () => 0, decisions: async () => new Map() });
  /** The reference: the depth-bounded walk in SQL, nothing held. */
  const reference = () => new TraceService({ ...deps(), closure: false, nodeData: null });

  it('FR-146 the node data generation moves when an existing node\'s label or attributes change, not for new nodes or edges', async () => {
    const before = await generations(db);
    await writeGenealogy(other, { nodes: [node('batch', 'B-1'), node('lot', 'FG-1', { quantity: '6.250 kg' })], edges: [edge(['batch', 'B-1'], ['lot', 'FG-1'])] });
    const grown = await generations(db);
    expect(grown.n).toBe(before.n + 1);
    expect(grown.nodeData).toBe(before.nodeData);
    // The same facts again: nothing changes, nothing moves but the generation.
    await writeGenealogy(other, { nodes: [node('batch', 'B-1'), node('lot', 'FG-1', { quantity: '6.250 kg' })], edges: [edge(['batch', 'B-1'], ['lot', 'FG-1'])] });
    expect((await generations(db)).nodeData).toBe(before.nodeData);
    // A label first known by its key, then named; then a new attribute on an existing node.
    await writeGenealogy(other, { nodes: [node('lot', 'FG-1', {}, 'Tablets lot FG-1')], edges: [] });
    const named = await generations(db);
    expect(named.nodeData).toBe(before.nodeData + 1);
    await writeGenealogy(other, { nodes: [node('lot', 'FG-1', { expiry: '2028-01' })], edges: [] });
    expect((await generations(db)).nodeData).toBe(named.nodeData + 1);
  });

  it('FR-146 a start traced again reads ids and edges alone, and a label or net changed through another connection shows at once', async () => {
    const nodeData = new NodeDataCache();
    const heldFor = vi.spyOn(nodeData, 'heldFor');
    const hub = new TraceService({ ...deps(), nodeData });
    const q: TraceQuery = { kind: 'batch', id: 'B-1', direction: 'backward' };
    const same = async () => expect(JSON.stringify(unwrap(await hub.traceNow(q)))).toBe(JSON.stringify(unwrap(await reference().traceNow(q))));
    await same();
    expect(heldFor.mock.results.at(-1)!.value).toBeNull();
    await same();
    // The second trace asked without node data (the start walked at the generation held).
    expect(heldFor.mock.results.at(-1)!.value).toBe((await generations(db)).nodeDataStamp);
    expect(nodeData.size).toBeGreaterThanOrEqual(6);

    await writeGenealogy(other, { nodes: [node('lot', 'RM-1', {}, 'Lactose RM-1'), node('dispense', 'D-1', { net: '5.500 kg' }, 'D-1 corrected')], edges: [] });
    const after = unwrap(await hub.traceNow(q));
    const rm1 = after.hits.find((h) => h.node.key === 'RM-1')!;
    expect(rm1.node.label).toBe('Lactose RM-1');
    const d1 = after.hits.find((h) => h.node.key === 'D-1')!;
    expect(d1.node.label).toBe('D-1 corrected');
    expect(d1.node.attrs).toEqual({ net: '5.500 kg' });
    expect(rm1.total).toBe('5.500 kg');
    await same();
  });

  it('FR-146 the same closure walked again at the same node data generation keeps the answer built from it, after writes elsewhere too', async () => {
    const hub = new TraceService({ ...deps(), nodeData: new NodeDataCache() });
    const q: TraceQuery = { kind: 'batch', id: 'B-1', direction: 'backward', maxDepth: 5 };
    // The first trace walks with node data; the second is the start's first held walk (heldWalkSql:
    // the same edges in another order, so a tree built afresh, equal); from then on the same object.
    const walkedFirst = unwrap(await hub.traceNow(q));
    const first = unwrap(await hub.traceNow(q));
    expect(JSON.stringify(first)).toBe(JSON.stringify(walkedFirst));
    const again = unwrap(await hub.traceNow(q));
    expect(again).toBe(first);
    // A write elsewhere moves the generation (every trace walks again) but not this closure.
    await writeGenealogy(other, { nodes: [node('lot', 'RM-77'), node('container', 'C-77')], edges: [edge(['lot', 'RM-77'], ['container', 'C-77'])] });
    expect(unwrap(await hub.traceNow(q))).toBe(first);
    // Another depth is another answer.
    expect(unwrap(await hub.traceNow({ ...q, maxDepth: 1 })).hits.map((h) => h.node.key)).toEqual(['D-1', 'D-2']);
    expect(JSON.stringify(unwrap(await hub.traceNow(q)))).toBe(JSON.stringify(unwrap(await reference().traceNow(q))));
  });

  it('FR-146 a closure that grew since the last trace reads the new nodes\' data, whatever else the process holds', async () => {
    const nodeData = new NodeDataCache();
    const heldFor = vi.spyOn(nodeData, 'heldFor');
    const hub = new TraceService({ ...deps(), nodeData });
    const q: TraceQuery = { kind: 'lot', id: 'RM-2', direction: 'forward' };
    const same = async () => expect(JSON.stringify(unwrap(await hub.traceNow(q)))).toBe(JSON.stringify(unwrap(await reference().traceNow(q))));
    await same();
    const version = (await generations(db)).nodeDataStamp;
    await writeGenealogy(other, {
      nodes: [node('container', 'C-2'), node('dispense', 'D-9', { net: '0.750 kg' }, 'B-9 #1'), node('batch', 'B-9'), node('lot', 'FG-9', { quantity: '2.000 kg' }, 'Granulate FG-9')],
      edges: [edge(['container', 'C-2'], ['dispense', 'D-9']), edge(['dispense', 'D-9'], ['batch', 'B-9']), edge(['batch', 'B-9'], ['lot', 'FG-9'])],
    });
    // New nodes and edges: the node data generation stands, the walk asks without node data.
    expect((await generations(db)).nodeDataStamp).toBe(version);
    const grown = unwrap(await hub.traceNow(q));
    expect(heldFor.mock.results.at(-1)!.value).toBe(version);
    expect(grown.hits.find((h) => h.node.key === 'FG-9')!.node.label).toBe('Granulate FG-9');
    expect(grown.hits.find((h) => h.node.key === 'D-9')!.node.attrs).toEqual({ net: '0.750 kg' });
    await same();
  });

  it('FR-146 a start traced again walks in its own statement and answers as the depth-bounded walk: a cycle, a closure over the caps, a start unknown, node data moved', async () => {
    // A cycle through the start (a corrupt genealogy): CY-1 -> CY-2 -> CY-3 -> CY-1, and CY-3 -> CY-4.
    await writeGenealogy(other, {
      nodes: [node('lot', 'CY-1'), node('container', 'CY-2'), node('dispense', 'CY-3', { net: '1.000 kg' }), node('batch', 'CY-4')],
      edges: [edge(['lot', 'CY-1'], ['container', 'CY-2']), edge(['container', 'CY-2'], ['dispense', 'CY-3']), edge(['dispense', 'CY-3'], ['lot', 'CY-1']), edge(['dispense', 'CY-3'], ['batch', 'CY-4'])],
    });
    const asked = async (service: TraceService, q: TraceQuery) => JSON.stringify(await service.traceNow(q));
    for (const maxHits of [undefined, 2, 3, 4]) {
      const nodeData = new NodeDataCache();
      const heldFor = vi.spyOn(nodeData, 'heldFor');
      const hub = new TraceService({ ...deps(), nodeData, ...(maxHits ? { maxHits } : {}) });
      const ref = new TraceService({ ...deps(), closure: false, nodeData: null, ...(maxHits ? { maxHits } : {}) });
      for (const q of [
        { kind: 'lot', id: 'CY-1', direction: 'forward' },
        { kind: 'batch', id: 'CY-4', direction: 'backward' },
        { kind: 'batch', id: 'B-1', direction: 'backward', maxDepth: 2 },
        { kind: 'lot', id: 'RM-1', direction: 'forward' },
        { kind: 'lot', id: 'NO-SUCH', direction: 'forward' },
      ] satisfies TraceQuery[]) {
        const want = await asked(ref, q);
        for (let i = 0; i < 3; i++) expect(await asked(hub, q), `${q.kind}:${q.id} maxHits ${maxHits} trace ${i}`).toBe(want);
      }
      // Some start asked without node data (walked before at the generation held).
      expect(heldFor.mock.results.some((r) => r.value !== null)).toBe(true);
    }
    // Node data moved between two traces of a held start: the held walk is asked again with node data.
    const hub = new TraceService({ ...deps(), nodeData: new NodeDataCache() });
    const q: TraceQuery = { kind: 'lot', id: 'CY-1', direction: 'forward' };
    await hub.traceNow(q);
    await writeGenealogy(other, { nodes: [node('dispense', 'CY-3', { net: '1.250 kg' }, 'CY-3 corrected')], edges: [] });
    expect(await asked(hub, q)).toBe(await asked(reference(), q));
    expect(unwrap(await hub.traceNow(q)).hits.find((h) => h.node.key === 'CY-3')!.node.label).toBe('CY-3 corrected');
  });
});
