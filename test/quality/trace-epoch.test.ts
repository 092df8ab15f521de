/**
 * FR-151 (trust): a hub process never serves trace data held from another database, or from
 * before a restore. What a hub process holds for traces is stamped with database counters (the
 * genealogy's generation, the node data generation, a kept answer row's xmin: trace-cache.ts,
 * trace-node-data.ts), and a counter alone has no epoch: a restored backup, a database dropped and
 * made again, or another database attached at the same URL can show a number the process already
 * saw, with other data behind it. Every stamp now carries the database's genealogy epoch
 * (migration 0053; trace-sql.ts, epochOf), and the generation's stamp a token new with every raise
 * and the row's xmin (migration 0055, generationStampOf), the node data's a token of its own, read in the same statement as the counter, so a
 * held entry is used only when both match.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeBackend, type Backend } from '../hub/support/hub-backends.ts';
import { openHubDb, type HubDb, type HubQuery } from '../../src-server/db/open-hub-db.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { TraceService, type TraceDeps } from '../../src-server/quality/genealogy/trace-service.ts';
import { TraceCache } from '../../src-server/quality/genealogy/trace-cache.ts';
import type { Facts } from '../../src-server/quality/projection/genealogy-facts.ts';
import type { TraceQuery, TraceResult } from '../../src-shared/quality/genealogy-contract.ts';
import { unwrap } from '../../src-shared/result.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';
import { node, edge, writeGenealogy } from './support/genealogy-facts.ts';



/** The genealogy of a batch from two lots, RM-1 labelled `label`. */
const genealogy = (label: string): Facts => ({
  nodes: [node('lot', 'RM-1', {}, label), node('container', 'C-1'), node('dispense', 'D-1', { net: '5.000 kg' }), node('batch', 'B-1'), node('lot', 'RM-2'), node('container', 'C-2'), node('dispense', 'D-2', { net: '1.250 kg' })],
  edges: [
    edge(['lot', 'RM-1'], ['container', 'C-1']),
    edge(['container', 'C-1'], ['dispense', 'D-1']),
    edge(['dispense', 'D-1'], ['batch', 'B-1']),
    edge(['lot', 'RM-2'], ['container', 'C-2']),
    edge(['container', 'C-2'], ['dispense', 'D-2']),
    edge(['dispense', 'D-2'], ['batch', 'B-1']),
  ],
});

async function counters(q: HubQuery): Promise<string> {
  const [g] = await rowsOf<{ n: string | number; node_data_n: string | number }>(q, sql`select n, node_data_n from genealogy_generation`);
  return `${g!.n}/${g!.node_data_n}`;
}

const label = (r: TraceResult, key: string) => r.hits.find((h) => h.node.key === key)!.node.label;

describe.each(QUALITY_BACKENDS)('trace data held across a restored database on %s', (backendName) => {
  const backends: Backend[] = [];
  afterAll(async () => {
    for (const b of backends) await b.dispose();
  });
  const open = async (): Promise<{ backend: Backend; db: HubDb }> => {
    const backend = await makeBackend(backendName);
    backends.push(backend);
    return { backend, db: await backend.open() };
  };

  /**
   * A hub process whose database handle can be swapped under it (another database attached at the
   * same URL), holding answers, route bodies and node data; kept answers from the first node.
   */
  const hubOn = (first: HubDb) => {
    let current = first;
    const deps: TraceDeps = {
      get db() {
        return current.orm;
      },
      catchUp: async () => 0,
      decisions: async () => new Map(),
      cache: new TraceCache(),
    };
    return { service: new TraceService(deps), attach: (db: HubDb) => void (current = db) };
  };
  const reference = (db: HubDb) => new TraceService({ db: db.orm, catchUp: async () => 0, decisions: async () => new Map(), closure: false, nodeData: null });

  let older: { db: HubDb };
  let newer: { db: HubDb };
  beforeAll(async () => {
    // Two databases from one migrated copy, written alike up to RM-1's label: the same counters.
    older = await open();
    newer = await open();
    await writeGenealogy(older.db, genealogy('Lactose RM-1'));
    await writeGenealogy(newer.db, genealogy('Lactose RM-1 (restored)'));
    expect(await counters(newer.db.orm)).toBe(await counters(older.db.orm));
  });

  it('FR-151 another database attached at the same URL, at the same counters, is traced afresh: every answer, route body and node label is its own', async () => {
    const hub = hubOn(older.db);
    const back: TraceQuery = { kind: 'batch', id: 'B-1', direction: 'backward' };
    const fwd: TraceQuery = { kind: 'lot', id: 'RM-1', direction: 'forward', maxDepth: 5 };
    // Traced twice: answers held by generation, node data held, a start asking for ids alone.
    for (let i = 0; i < 2; i++) {
      expect(label(unwrap(await hub.service.traceNow(back)), 'RM-1')).toBe('Lactose RM-1');
      expect(JSON.parse(unwrap(await hub.service.traceJsonNow(back))).hits.find((h: { node: { key: string } }) => h.node.key === 'RM-1').node.label).toBe('Lactose RM-1');
      expect(unwrap(await hub.service.traceNow(fwd)).start.label).toBe('Lactose RM-1');
    }
    hub.attach(newer.db);
    const want = unwrap(await reference(newer.db).traceNow(back));
    expect(label(want, 'RM-1')).toBe('Lactose RM-1 (restored)');
    expect(JSON.stringify(unwrap(await hub.service.traceNow(back)))).toBe(JSON.stringify(want));
    expect(unwrap(await hub.service.traceJsonNow(back))).toBe(JSON.stringify(want));
    expect(unwrap(await hub.service.traceNow(fwd)).start.label).toBe('Lactose RM-1 (restored)');
  });

  it('FR-151 a kept answer of another database whose row has the version this process holds is read, not the held bytes', async () => {
    const a = await open();
    const b = await open();
    await writeGenealogy(a.db, genealogy('Lactose RM-1'));
    await writeGenealogy(b.db, genealogy('Lactose RM-1 (restored)'));
    const keptFrom = (current: () => HubDb) => {
      const deps: TraceDeps = {
        get db() {
          return current().orm;
        },
        catchUp: async () => 0,
        decisions: async () => new Map(),
        cache: new TraceCache(),
        keepClosuresFrom: 1,
      };
      return new TraceService(deps);
    };
    let current = a.db;
    const hub = keptFrom(() => current);
    const q: TraceQuery = { kind: 'batch', id: 'B-1', direction: 'backward' };
    // The first trace keeps the closure and its answer, the second holds the kept row's bytes.
    for (let i = 0; i < 3; i++) expect(unwrap(await hub.traceJsonNow(q))).toContain('"Lactose RM-1"');
    // The same trace kept in the other database, by a process of its own (the row's version may
    // coincide with the one held: PGlite's copies count transactions alike).
    const other = keptFrom(() => b.db);
    for (let i = 0; i < 2; i++) expect(unwrap(await other.traceJsonNow(q))).toContain('"Lactose RM-1 (restored)"');
    current = b.db;
    expect(unwrap(await hub.traceJsonNow(q))).toBe(JSON.stringify(unwrap(await reference(b.db).traceNow(q))));
  });

  it('FR-151 counters set back by a restore of the generation row (from another connection) never bring back what the process held at those numbers', async () => {
    const { backend, db } = await open();
    const second = backend.databaseUrl ? unwrap(await openHubDb({ databaseUrl: backend.databaseUrl })) : db;
    try {
      await writeGenealogy(db, genealogy('Lactose RM-1'));
      const hub = hubOn(db);
      const q: TraceQuery = { kind: 'batch', id: 'B-1', direction: 'backward' };
      const d1 = (r: TraceResult) => r.hits.find((h) => h.node.key === 'D-1')!.node;
      for (let i = 0; i < 2; i++) expect(d1(unwrap(await hub.service.traceNow(q))).attrs).toEqual({ net: '5.000 kg' });
      for (let i = 0; i < 2; i++) expect(unwrap(await hub.service.traceJsonNow(q))).toContain('"net":"5.000 kg"');
      const [held] = await rowsOf<Record<string, unknown>>(second.orm, sql`select * from genealogy_generation`);
      // A later write (a dispensing corrected), then the generation row as an older backup has it,
      // written back as a data-only restore does (the row deleted and inserted again, every column
      // as it was): the counters are the ones the process traced at, the node data is not.
      await writeGenealogy(second, { nodes: [node('dispense', 'D-1', { net: '5.500 kg' }, 'D-1 corrected')], edges: [] });
      await second.orm.transaction(async (tx) => {
        await tx.execute(sql`delete from genealogy_generation`);
        const cols = Object.keys(held!);
        await tx.execute(sql`insert into genealogy_generation (${sql.raw(cols.map((c) => `"${c}"`).join(', '))}) values (${sql.join(cols.map((c) => sql`${held![c] as string}`), sql`, `)})`);
      });
      expect(await counters(db.orm)).toBe(`${held!.n}/${held!.node_data_n}`);
      const want = unwrap(await reference(db).traceNow(q));
      expect(d1(want)).toEqual({ kind: 'dispense', key: 'D-1', label: 'D-1 corrected', attrs: { net: '5.500 kg' } });
      expect(JSON.stringify(unwrap(await hub.service.traceNow(q)))).toBe(JSON.stringify(want));
      expect(unwrap(await hub.service.traceJsonNow(q))).toBe(JSON.stringify(want));
      // Set back in place (an UPDATE of the counters to numbers the process traced at), after another correction.
      for (let i = 0; i < 2; i++) expect(d1(unwrap(await hub.service.traceNow(q))).label).toBe('D-1 corrected');
      await writeGenealogy(second, { nodes: [node('dispense', 'D-1', { net: '5.750 kg' }, 'D-1 corrected twice')], edges: [] });
      await second.orm.execute(sql`update genealogy_generation set n = n - 1, node_data_n = node_data_n - 1`);
      const third = unwrap(await reference(db).traceNow(q));
      expect(d1(third).label).toBe('D-1 corrected twice');
      expect(JSON.stringify(unwrap(await hub.service.traceNow(q)))).toBe(JSON.stringify(third));
      expect(unwrap(await hub.service.traceJsonNow(q))).toBe(JSON.stringify(third));
      // The table made again, as a logical restore does (its row copied in, epoch and all, before
      // any trigger exists), at the counters the process traced at, after another correction.
      const [now] = await rowsOf<Record<string, unknown>>(second.orm, sql`select * from genealogy_generation`);
      await writeGenealogy(second, { nodes: [node('dispense', 'D-1', { net: '6.000 kg' }, 'D-1 restored table')], edges: [] });
      await second.orm.transaction(async (tx) => {
        await tx.execute(sql`alter table genealogy_generation rename to genealogy_generation_old`);
        await tx.execute(sql`create table genealogy_generation (like genealogy_generation_old including all)`);
        await tx.execute(sql`drop table genealogy_generation_old`);
        const cols = Object.keys(now!);
        await tx.execute(sql`insert into genealogy_generation (${sql.raw(cols.map((c) => `"${c}"`).join(', '))}) values (${sql.join(cols.map((c) => sql`${now![c] as string}`), sql`, `)})`);
      });
      expect(await counters(db.orm)).toBe(`${now!.n}/${now!.node_data_n}`);
      const fourth = unwrap(await reference(db).traceNow(q));
      expect(d1(fourth).label).toBe('D-1 restored table');
      expect(JSON.stringify(unwrap(await hub.service.traceNow(q)))).toBe(JSON.stringify(fourth));
      expect(unwrap(await hub.service.traceJsonNow(q))).toBe(JSON.stringify(fourth));
    } finally {
      if (second !== db) await second.close();
    }
  });

  it('FR-151 a missing generation row: a known start is still traced (not unknown), nothing is held under no stamp, and the next write brings the row back', async () => {
    const { db } = await open();
    await writeGenealogy(db, genealogy('Lactose RM-1'));
    const hub = hubOn(db);
    const back: TraceQuery = { kind: 'batch', id: 'B-1', direction: 'backward' };
    const fwd: TraceQuery = { kind: 'lot', id: 'RM-1', direction: 'forward', maxDepth: 5 };
    // Traced twice: the forward start's node data held (the held walk asks next), answers held.
    for (let i = 0; i < 2; i++) {
      expect(unwrap(await hub.service.traceNow(fwd)).start.label).toBe('Lactose RM-1');
      expect(label(unwrap(await hub.service.traceNow(back)), 'RM-1')).toBe('Lactose RM-1');
    }
    await db.orm.execute(sql`delete from genealogy_generation`);
    for (let i = 0; i < 2; i++) {
      const traced = await hub.service.traceNow(fwd);
      expect(traced.ok ? traced.value.start.label : traced.error.code).toBe('Lactose RM-1');
      expect(label(unwrap(await hub.service.traceNow(back)), 'RM-1')).toBe('Lactose RM-1');
      expect(unwrap(await hub.service.traceJsonNow(back))).toContain('"Lactose RM-1"');
    }
    // A write (D-1 corrected): its raise inserts the row again, and no answer held before is served.
    await writeGenealogy(db, { nodes: [node('dispense', 'D-1', { net: '5.500 kg' }, 'D-1 corrected')], edges: [] });
    expect(await counters(db.orm)).toBe('1/1');
    const want = unwrap(await reference(db).traceNow(back));
    expect(label(want, 'D-1')).toBe('D-1 corrected');
    expect(JSON.stringify(unwrap(await hub.service.traceNow(back)))).toBe(JSON.stringify(want));
    expect(unwrap(await hub.service.traceJsonNow(back))).toBe(JSON.stringify(want));
    expect(label(unwrap(await hub.service.traceNow(fwd)), 'D-1')).toBe('D-1 corrected');
  });

  it('FR-151 counters set back with triggers off (replication role replica, as pg_restore --disable-triggers writes) and raised again by a normal write never bring back what the process held', async () => {
    const { backend, db } = await open();
    const second = backend.databaseUrl ? unwrap(await openHubDb({ databaseUrl: backend.databaseUrl })) : db;
    try {
      await writeGenealogy(db, genealogy('Lactose RM-1'));
      const hub = hubOn(db);
      const back: TraceQuery = { kind: 'batch', id: 'B-1', direction: 'backward' };
      const fwd: TraceQuery = { kind: 'lot', id: 'RM-1', direction: 'forward', maxDepth: 5 };
      for (let i = 0; i < 2; i++) {
        expect(label(unwrap(await hub.service.traceNow(back)), 'D-1')).toBe('D-1');
        expect(unwrap(await hub.service.traceJsonNow(back))).toContain('"label":"D-1"');
        expect(label(unwrap(await hub.service.traceNow(fwd)), 'D-1')).toBe('D-1');
      }
      const before = await counters(db.orm);
      // The reviewer's recipe: in replica mode (no trigger runs) D-1's label changes and both
      // counters go back by one; then a normal write renaming another node raises them again.
      await second.orm.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`update genealogy_nodes set label = 'D-1 restored' where kind = 'dispense' and key = 'D-1'`);
        await tx.execute(sql`update genealogy_generation set n = n - 1, node_data_n = node_data_n - 1`);
      });
      await writeGenealogy(second, { nodes: [node('container', 'C-2', {}, 'C-2 renamed')], edges: [] });
      expect(await counters(db.orm)).toBe(before);
      const want = unwrap(await reference(db).traceNow(back));
      expect(label(want, 'D-1')).toBe('D-1 restored');
      expect(label(want, 'C-2')).toBe('C-2 renamed');
      expect(JSON.stringify(unwrap(await hub.service.traceNow(back)))).toBe(JSON.stringify(want));
      expect(unwrap(await hub.service.traceJsonNow(back))).toBe(JSON.stringify(want));
      expect(label(unwrap(await hub.service.traceNow(fwd)), 'D-1')).toBe('D-1 restored');
    } finally {
      if (second !== db) await second.close();
    }
  });
});
