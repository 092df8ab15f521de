/**
 * Issue 16 item 3: the trace as the hub runs it (closure walk, answers kept in a TraceCache)
 * must answer exactly as the depth-bounded recursive query (the reference, `closure: false`, no
 * cache) while intake goes on: the same hits in the same order with the same depth, path,
 * quantity and total, the same edges. Compared on a random genealogy (fixed seed) before any
 * intake, after new dispensings arrive (writeFacts, as the projector writes a page), and after a
 * weighing stops counting (replaceConsumption without it, as the projector rewrites a batch's
 * consumption when an out-of-tolerance weighing is rejected): a kept answer must never outlive
 * the write that changed it, and the rejected dispensing is no longer traced into its batch.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBackend, type Backend } from '../hub/support/hub-backends.ts';
import { sql } from 'drizzle-orm';
import type { HubDb, HubQuery } from '../../src-server/db/open-hub-db.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { raiseGeneration, replaceConsumption, writeFacts, type KeptClosureRef } from '../../src-server/quality/genealogy/genealogy-store.ts';
import { DEFAULT_MAX_HITS, nodeColumns, TraceService } from '../../src-server/quality/genealogy/trace-service.ts';
import { closureSql, keepClosureSql, type ClosureRow } from '../../src-server/quality/genealogy/trace-sql.ts';
import { TraceCache } from '../../src-server/quality/genealogy/trace-cache.ts';
import type { EdgeFact, Facts, NodeFact } from '../../src-server/quality/projection/genealogy-facts.ts';
import { DEFAULT_TRACE_DEPTH, type GenealogyNodeKind, type TraceQuery, type TraceResult } from '../../src-shared/quality/genealogy-contract.ts';
import { prng, randomDag, type Dag } from './support/random-dag.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';

type Ref = string;
const split = (r: Ref) => {
  const i = r.indexOf(':');
  return { kind: r.slice(0, i) as GenealogyNodeKind, key: r.slice(i + 1) };
};
const edgeFact = (a: Ref, b: Ref): EdgeFact => ({ parent: split(a), child: split(b), quantity: null, stationId: null, seq: null });

/** Nets on dispensings and quantities on lots (one unit), so totals are summed. */
function nodeFact(r: Ref, i: number): NodeFact {
  const { kind, key } = split(r);
  return { kind, key, label: key, attrs: kind === 'dispense' ? { net: `${(i % 7) + 1}.${i % 1000} g` } : kind === 'lot' ? { quantity: `${i}.5 kg` } : {} };
}

/** Edge order is not part of the answer (trace-closure.test.ts). */
function canonical(r: TraceResult) {
  return { ...r, edges: [...(r.edges ?? [])].sort((a, b) => (a.from + '|' + a.to < b.from + '|' + b.to ? -1 : 1)) };
}

describe.each(QUALITY_BACKENDS)('trace kept through intake on %s', (backendName) => {
  let backend: Backend;
  let db: HubDb;
  let dag: Dag;
  /** The genealogy as written so far (the model the test draws intake from). */
  const edges = new Set<string>();
  const refs: Ref[] = [];

  beforeAll(async () => {
    backend = await makeBackend(backendName);
    db = await backend.open();
    dag = randomDag(prng(1603), 'k', 12, 12);
    dag.nodes.forEach((_, i) => refs.push(dag.ref(i)));
    for (const [a, b] of dag.edges) edges.add(`${a}|${b}`);
    await db.orm.transaction(async (tx) => {
      await writeFacts(tx, { nodes: refs.map(nodeFact), edges: dag.edges.map(([a, b]) => edgeFact(a, b)) });
      await raiseGeneration(tx);
    });
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  const deps = () => ({ db: db.orm, catchUp: async () => 0, decisions: async () => new Map() });

  it('FR-10 a kept trace answers as the depth-bounded walk after new intake and after a rejected weighing, never stale', async () => {
    const kept = new TraceService({ ...deps(), cache: new TraceCache() });
    // Closures kept in the database (genealogy_closures) from 1 node on, no answer cache: every
    // trace after the first reads the kept closure the writes below must have recomputed.
    const materialised = new TraceService({ ...deps(), keepClosuresFrom: 1 });
    const reference = new TraceService({ ...deps(), closure: false });
    // The route's answer text (traceJsonNow, traceReplyNow), kept beside closures kept from 1 node on, no cache.
    const answering = new TraceService({ ...deps(), keepClosuresFrom: 1 });
    const held = new TraceService({ ...deps(), keepClosuresFrom: 1, cache: new TraceCache() });
    let servedKept = 0;
    let keptTexts = 0;
    const rand = prng(77);
    const pick = (kind: GenealogyNodeKind) => {
      const of = refs.filter((r) => r.startsWith(`${kind}:`));
      return of[Math.floor(rand() * of.length)]!;
    };
    // The questions asked every round: lots forward (recalls, the first lot of the first layer
    // among them), batches backward, at the default depth and a shallow one.
    const questions: TraceQuery[] = [];
    for (let k = 0; k < 4; k++) {
      const lot = split(k === 0 ? refs[0]! : pick('lot'));
      const batch = split(pick('batch'));
      questions.push({ kind: lot.kind, id: lot.key, direction: 'forward', ...(k % 3 === 2 ? { maxDepth: 3 } : {}) });
      questions.push({ kind: batch.kind, id: batch.key, direction: 'backward' });
    }
    let compared = 0;
    let changed = 0;
    let previous = new Map<string, TraceResult>();
    const compareAll = async () => {
      const answers = new Map<string, TraceResult>();
      for (const q of questions) {
        const want = await reference.traceNow(q);
        // Twice: the second answer comes from the cache when nothing was written in between.
        // Then once with kept closures: kept by an earlier round's trace (and recomputed by the
        // writes since), or walked and kept now.
        for (let i = 0; i < 3; i++) {
          const got = await (i < 2 ? kept : materialised).traceNow(q);
          expect(got.ok).toBe(want.ok);
          if (!got.ok || !want.ok) continue;
          expect(canonical(got.value)).toEqual(canonical(want.value));
          compared++;
          answers.set(JSON.stringify(q), want.value);
        }
        // The route's text, byte for byte what the walk answers now: built (and kept), then
        // read from the kept row (kept by an earlier round, or kept again after the writes).
        if (!want.ok) continue;
        const text = JSON.stringify(want.value);
        const [row] = await rowsOf<ClosureRow>(db.orm, closureSql(q.kind, q.id, q.direction, DEFAULT_MAX_HITS, undefined, q.maxDepth ?? DEFAULT_TRACE_DEPTH));
        // Kept gzip'd (migration 0046): the bytes a client that accepts gzip is sent.
        if (typeof row?.answer === 'string') {
          expect(gunzipSync(Buffer.from(row.answer, 'base64')).toString('utf8')).toBe(text);
          servedKept++;
        }
        for (let i = 0; i < 2; i++) expect(await answering.traceJsonNow(q)).toEqual({ ok: true, value: text });
        const zipped = await answering.traceReplyNow(q, true);
        if (!zipped.ok) throw new Error(zipped.error.message);
        expect((zipped.value.gzip ? gunzipSync(zipped.value.body) : zipped.value.body).toString('utf8')).toBe(text);
        // As the hub runs it (answers held in the process under their kept row's version): both
        // clients, in turn, byte for byte the walk's text now, whatever the writes since.
        for (const gz of [false, true, false, true]) {
          const r = await held.traceReplyNow(q, gz);
          if (!r.ok) throw new Error(r.error.message);
          if (!gz) expect(r.value.gzip).toBe(false);
          expect((r.value.gzip ? gunzipSync(r.value.body) : r.value.body).toString('utf8')).toBe(text);
        }
        const [again] = await rowsOf<ClosureRow>(db.orm, closureSql(q.kind, q.id, q.direction, DEFAULT_MAX_HITS, undefined, q.maxDepth ?? DEFAULT_TRACE_DEPTH));
        // Kept beside every kept closure (one that reaches no node is not kept: nothing to keep).
        // The text is kept for the default depth only (a shallow one is built from the closure).
        expect(again!.answer ? gunzipSync(Buffer.from(again!.answer, 'base64')).toString('utf8') : null).toBe(again!.kept && (q.maxDepth ?? DEFAULT_TRACE_DEPTH) === DEFAULT_TRACE_DEPTH ? text : null);
        if (again!.kept) keptTexts++;
      }
      for (const [k, a] of answers) if (previous.has(k) && JSON.stringify(canonical(previous.get(k)!)) !== JSON.stringify(canonical(a))) changed++;
      previous = answers;
    };
    await compareAll();
    const [{ n: keptClosures }] = (await rowsOf<{ n: number }>(db.orm, sql`select count(*)::int as n from genealogy_closures`)) as [{ n: number }];
    let dropped: KeptClosureRef[] = [];
    let rekept = 0;
    let rekeptAnswers = 0;
    const raise = async (tx: HubQuery) => {
      dropped = await raiseGeneration(tx);
    };
    // After the write commits, the closures it dropped are kept again in the background (as the
    // projector has the hub do), each from the genealogy as it now is.
    const keepAgain = async () => {
      materialised.rekeep(dropped);
      await materialised.rekept();
      for (const d of dropped) {
        const [row] = await rowsOf<{ n: number }>(db.orm, sql`select count(*)::int as n from genealogy_closures where start_id = ${d.startId} and direction = ${d.direction}`);
        expect(row!.n).toBe(1);
        rekept++;
        // The route's answers dropped with it are kept again too, for the same depths.
        const [answers] = await rowsOf<{ depths: string | null }>(db.orm, sql`select string_agg(max_depth::text, ',' order by max_depth) as depths from genealogy_closure_answers where start_id = ${d.startId} and direction = ${d.direction}`);
        expect(answers!.depths).toBe(d.depths?.join(',') ?? null);
        if (d.depths) rekeptAnswers += d.depths.length;
      }
    };

    for (let round = 0; round < 2; round++) {
      // New intake: dispensings from existing containers into existing and new batches, each
      // new batch making an output lot, written in one transaction as the projector does.
      const facts: Facts = { nodes: [], edges: [] };
      for (let k = 0; k < 4; k++) {
        const container = pick('container');
        const dispense = `dispense:k-new-${round}-${k}`;
        const batch = k % 2 === 0 ? pick('batch') : `batch:k-newb-${round}-${k}`;
        const lot = `lot:k-newfg-${round}-${k}`;
        const added = k % 2 === 0 ? [dispense] : [dispense, batch, lot];
        for (const r of added) {
          refs.push(r);
          facts.nodes.push(nodeFact(r, refs.length - 1));
        }
        for (const [a, b] of [[container, dispense], [dispense, batch], ...(k % 2 === 0 ? [] : [[batch, lot]])] as [Ref, Ref][]) {
          facts.nodes.push(nodeFact(a, refs.indexOf(a)), nodeFact(b, refs.indexOf(b)));
          facts.edges.push(edgeFact(a, b));
          edges.add(`${a}|${b}`);
        }
      }
      await db.orm.transaction(async (tx) => {
        await writeFacts(tx, facts);
        await raise(tx);
      });
      await keepAgain();
      await compareAll();

      // A rejected weighing: the batch's consumption is rewritten without one of its
      // dispensings (every dispensing's incoming edges and its edge into the batch are dropped
      // and the kept ones written again).
      // A batch with two dispensings or more, one of them weighed from a container (it has a parent).
      const weighed = (d: Ref) => [...edges].some((e) => e.endsWith(`|${d}`));
      const dispensingsOf = (b: Ref) => [...edges].filter((e) => e.startsWith('dispense:') && e.endsWith(`|${b}`)).map((e) => e.split('|')[0]!);
      const batch = refs.find((r) => r.startsWith('batch:') && dispensingsOf(r).length >= 2 && dispensingsOf(r).some(weighed));
      expect(batch).toBeDefined();
      const dispensings = dispensingsOf(batch!);
      const candidates = dispensings.filter(weighed);
      const rejected = candidates[Math.floor(rand() * candidates.length)]!;
      const keptFacts: Facts = { nodes: [], edges: [] };
      const rejectedFrom = [...edges].filter((e) => e.endsWith(`|${rejected}`)).map((e) => e.split('|')[0]!);
      for (const d of dispensings) {
        const into = [...edges].filter((e) => e.endsWith(`|${d}`)).map((e) => e.split('|')[0]!);
        edges.delete(`${d}|${batch!}`);
        for (const p of into) edges.delete(`${p}|${d}`);
        if (d === rejected) continue;
        for (const [a, b] of [...into.map((p) => [p, d]), [d, batch!]] as [Ref, Ref][]) {
          keptFacts.nodes.push(nodeFact(a, refs.indexOf(a)), nodeFact(b, refs.indexOf(b)));
          keptFacts.edges.push(edgeFact(a, b));
          edges.add(`${a}|${b}`);
        }
      }
      const b = split(batch!);
      const before = await kept.traceNow({ kind: b.kind, id: b.key, direction: 'backward' });
      expect(before.ok && before.value.hits.some((h) => `${h.node.kind}:${h.node.key}` === rejected && h.depth === 1)).toBe(true);
      await db.orm.transaction(async (tx) => {
        await replaceConsumption(tx, b.key, keptFacts);
        await raise(tx);
      });
      await keepAgain();
      // The rejected dispensing no longer goes into the batch, in the kept answer too.
      const after = await kept.traceNow({ kind: b.kind, id: b.key, direction: 'backward' });
      expect(after.ok && after.value.hits.some((h) => `${h.node.kind}:${h.node.key}` === rejected)).toBe(false);
      // Nor is it traced forward from the container it was weighed from (the recall's direction).
      expect(rejectedFrom.length).toBeGreaterThan(0);
      for (const from of rejectedFrom) {
        const f = split(from);
        const forward = await kept.traceNow({ kind: f.kind, id: f.key, direction: 'forward' });
        expect(forward.ok && forward.value.hits.some((h) => `${h.node.kind}:${h.node.key}` === rejected)).toBe(false);
        questions.push({ kind: f.kind, id: f.key, direction: 'forward' });
      }
      questions.push({ kind: b.kind, id: b.key, direction: 'backward' });
      await compareAll();
    }
    // The comparison covered real work, and the writes changed answers the cache had kept.
    expect(compared).toBeGreaterThan(60);
    expect(changed).toBeGreaterThan(3);
    // Closures were kept, and the writes dropped some of them, kept again after the commit.
    expect(keptClosures).toBeGreaterThan(3);
    expect(rekept).toBeGreaterThan(0);
    // Kept answers were served, and dropped ones kept again.
    expect(keptTexts).toBeGreaterThan(20);
    expect(servedKept).toBeGreaterThan(10);
    expect(rekeptAnswers).toBeGreaterThan(0);
    // 1.6-4.4 s quiet; 24-28 s on PGlite at load 20-34 (session 8).
  }, 90_000);

  it('FR-10 a label holding the closure separator is traced by the depth-bounded walk, with the same answer', async () => {
    await db.orm.transaction(async (tx) => {
      await writeFacts(tx, {
        nodes: [
          { kind: 'lot', key: 'SEP-1', label: 'SEP-1', attrs: { quantity: '2.000 kg' } },
          { kind: 'container', key: 'SEP-C1', label: 'drum\u001fone, "quoted"', attrs: {} },
          { kind: 'dispense', key: 'SEP-D1', label: 'SEP-D1', attrs: { net: '1.500 kg' } },
          { kind: 'batch', key: 'SEP-B1', label: 'SEP-B1', attrs: {} },
        ],
        edges: [edgeFact('lot:SEP-1', 'container:SEP-C1'), edgeFact('container:SEP-C1', 'dispense:SEP-D1'), edgeFact('dispense:SEP-D1', 'batch:SEP-B1')],
      });
      await raiseGeneration(tx);
    });
    const q = { kind: 'lot' as const, id: 'SEP-1', direction: 'forward' as const };
    const got = await new TraceService(deps()).traceNow(q);
    const want = await new TraceService({ ...deps(), closure: false }).traceNow(q);
    expect(got.ok && want.ok).toBe(true);
    if (!got.ok || !want.ok) return;
    expect(canonical(got.value)).toEqual(canonical(want.value));
    expect(got.value.hits.map((h) => [h.node.label, h.depth, h.total])).toEqual([
      ['drum\u001fone, "quoted"', 1, '1.500 kg'],
      ['SEP-D1', 2, null],
      ['SEP-B1', 3, '1.500 kg'],
    ]);
    // The closure's columns split by the separator disagree in count, and are refused.
    expect(nodeColumns({ node_count: 2, ids: '1,2', kinds: 'lot,container', keys: 'a\u001fb', labels: 'a\u001fb\u001fc', attrs_list: '{},{}' })).toBeNull();
    expect(nodeColumns({ node_count: 2, ids: '1,2', kinds: 'lot,container', keys: 'a\u001fb', labels: 'A, "x"\u001fB', attrs_list: '{"net": "1 g"},{}' })).toEqual({
      ids: [1, 2],
      kinds: ['lot', 'container'],
      keys: ['a', 'b'],
      labels: ['A, "x"', 'B'],
      attrs: [{ net: '1 g' }, {}],
    });
  });

  it('FR-10 a node in a kept closure that gains a label or attributes drops that closure, and the next trace shows them', async () => {
    await db.orm.transaction(async (tx) => {
      await writeFacts(tx, {
        nodes: [nodeFact('lot:LBL-1', 1), nodeFact('container:LBL-C1', 2), nodeFact('dispense:LBL-D1', 3), nodeFact('batch:LBL-B1', 4)],
        edges: [edgeFact('lot:LBL-1', 'container:LBL-C1'), edgeFact('container:LBL-C1', 'dispense:LBL-D1'), edgeFact('dispense:LBL-D1', 'batch:LBL-B1')],
      });
      await raiseGeneration(tx);
    });
    const traces = new TraceService({ ...deps(), keepClosuresFrom: 1 });
    const q = { kind: 'lot' as const, id: 'LBL-1', direction: 'forward' as const };
    await traces.traceNow(q);
    const [kept] = await rowsOf<ClosureRow>(db.orm, closureSql('lot', 'LBL-1', 'forward', 1000));
    expect(kept!.kept).toBe(true);
    // The same facts again change nothing: the closure stays.
    expect(await db.orm.transaction(async (tx) => (await writeFacts(tx, { nodes: [nodeFact('container:LBL-C1', 2)], edges: [] }), raiseGeneration(tx)))).toEqual([]);
    // The container's scan names it (a label where there was its key) and brings an attribute.
    const dropped = await db.orm.transaction(async (tx) => {
      await writeFacts(tx, { nodes: [{ kind: 'container', key: 'LBL-C1', label: 'Drum 1 of lot LBL-1', attrs: { tare: '2.1 kg' } }], edges: [] });
      return raiseGeneration(tx);
    });
    expect(dropped).toEqual([{ startId: Number(kept!.id), direction: 'forward' }]);
    const after = await traces.traceNow(q);
    expect(after.ok && after.value.hits.find((h) => h.node.key === 'LBL-C1')?.node).toMatchObject({ label: 'Drum 1 of lot LBL-1', attrs: { tare: '2.1 kg' } });
  });

  it('FR-10 a closure walked before a write is not kept after it: the keeping reader checks the generation under its lock', async () => {
    const lot = { kind: 'lot' as const, key: 'GEN-1' };
    await db.orm.transaction(async (tx) => {
      await writeFacts(tx, {
        nodes: [nodeFact('lot:GEN-1', 1), nodeFact('container:GEN-C1', 2), nodeFact('dispense:GEN-D1', 3), nodeFact('batch:GEN-B1', 4)],
        edges: [edgeFact('lot:GEN-1', 'container:GEN-C1'), edgeFact('container:GEN-C1', 'dispense:GEN-D1'), edgeFact('dispense:GEN-D1', 'batch:GEN-B1')],
      });
      await raiseGeneration(tx);
    });
    const keptRows = async () => rowsOf<{ n: number }>(db.orm, sql`select count(*)::int as n from genealogy_closures k join genealogy_nodes s on s.id = k.start_id where s.key = 'GEN-1'`);
    // The walk, as the trace runs it; then a write (a new dispensing from the lot's container) commits.
    const [walked] = await rowsOf<ClosureRow>(db.orm, closureSql(lot.kind, lot.key, 'forward', 1000));
    expect(walked!.kept).toBe(false);
    await db.orm.transaction(async (tx) => {
      await writeFacts(tx, { nodes: [nodeFact('container:GEN-C1', 2), nodeFact('dispense:GEN-D2', 5)], edges: [edgeFact('container:GEN-C1', 'dispense:GEN-D2')] });
      await raiseGeneration(tx);
    });
    // Keeping what was walked before the write keeps nothing (it would lack GEN-D2 for good).
    await db.orm.execute(keepClosureSql(Number(walked!.id), 'forward', String(walked!.generation), walked!));
    expect((await keptRows())[0]!.n).toBe(0);
    // A trace now keeps the current closure, and the next trace reads it: GEN-D2 among the hits.
    const traces = new TraceService({ ...deps(), keepClosuresFrom: 1 });
    const q = { kind: lot.kind, id: lot.key, direction: 'forward' as const };
    await traces.traceNow(q);
    expect((await keptRows())[0]!.n).toBe(1);
    const [read] = await rowsOf<ClosureRow>(db.orm, closureSql(lot.kind, lot.key, 'forward', 1000));
    expect(read!.kept).toBe(true);
    const again = await traces.traceNow(q);
    expect(again.ok && again.value.hits.map((h) => h.node.key)).toEqual(['GEN-C1', 'GEN-D1', 'GEN-D2', 'GEN-B1']);
  });
});
