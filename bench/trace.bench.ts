/**
 * Issue 7 benchmark: forward and backward genealogy trace latency (p50/p99), with the path of
 * every hit, measured beside a plain recursive SQL query (reachable set only: no depth, no
 * paths, no labels) over the same data in the same run:
 *   - PostgreSQL server (127.0.0.1:5432) at 1,000,000 lots; with `-- --full` also 10,000,000;
 *   - embedded PGlite at 100,000 lots.
 * `-- --quick` shrinks every size for a smoke run. The genealogy is generated inside the
 * database (bench/support/genealogy-generator.ts); generation time is reported per size.
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { and, count, eq, sql } from 'drizzle-orm';
import type { BenchOptions, BenchTable } from './bench-table.ts';
import { percentile } from './bench-table.ts';
import { openHubDb, type HubDb } from '../src-server/db/open-hub-db.ts';
import { genealogyEdges, genealogyNodes } from '../src-server/quality/db/quality-schema.ts';
import { rowsOf } from '../src-server/quality/db/sql-rows.ts';
import { TraceService } from '../src-server/quality/genealogy/trace-service.ts';
import { TraceCache } from '../src-server/quality/genealogy/trace-cache.ts';
import { reachableCountSql, traceSql } from '../src-server/quality/genealogy/trace-sql.ts';
import { unwrap } from '../src-shared/result.ts';
import { processIo } from '../src-cli/cli-io.ts';
import { startProgress } from '../src-cli/progress.ts';
import type { GenealogyNodeKind, TraceDirection, TraceResult } from '../src-shared/quality/genealogy-contract.ts';
import { apiLotKey, excipientLotKey, generatorStatements, shapeFor, type GenealogyShape } from './support/genealogy-generator.ts';

const PG_ADMIN_URL = process.env.BATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COLUMNS = ['database', 'lots', 'nodes', 'edges', 'trace', 'queries', 'hits (median)', 'Batchline p50 ms', 'Batchline p99 ms', 'plain SQL p50 ms', 'plain SQL p99 ms', 'p50 ratio', 'min ratio'];

export default async function run({ quick }: BenchOptions): Promise<BenchTable[]> {
  const full = process.argv.includes('--full');
  // `--10m`: the 10,000,000-lot PostgreSQL size alone (no 1M, no PGlite), for a run of its own.
  const only10m = process.argv.includes('--10m');
  const pgSizes = only10m ? [10_000_000] : quick ? [20_000] : full ? [1_000_000, 10_000_000] : [1_000_000];
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  for (const lots of pgSizes) await onPostgres(lots, quick, rows, notes);
  if (!only10m) await onPglite(quick ? 10_000 : 100_000, quick, rows, notes);
  notes.push(
    'Kept closures (genealogy_closures, migration 0044): a trace whose closure reaches 1,000 nodes or more keeps it in the database; "first trace keeping its closure" times that first trace (walk, then the closure and its node list written), "closure kept in the database" a later one (one row read instead of the walk, then the same tree, paths and totals in JS; no answer cache). Closures under 1,000 nodes are not kept: those rows walk as the first. A write that changes a kept closure drops it in its own transaction and the hub keeps it again after the commit, in the background (genealogy-store.ts, TraceService.rekeep).',
    '"Route body": what the trace route sends, timed up to the bytes it writes (a JSON text counted with its UTF-8 encoding, as the socket does it). "Built from the kept closure, then JSON.stringify" is the route before kept answers (the closure read, tree, paths and totals built, then serialised). After a first call kept the answer, gzip\'d (level 6; level 1 before session 15), beside the closure (genealogy_closure_answers, migrations 0045 and 0046), TraceService.traceReplyNow: "first read by a hub process" is a process that holds nothing (a 0-byte trace cache): generation read, the row read, its bytes gunzipped (the check, and the text for a client without gzip), timed in FIRST_READ_ROUNDS (5) rounds over the starts (100 samples for the recall, so p99 is not the slowest sample; each round alternates which query runs first), each body compared byte for byte with its text counted once before the row, not parsed after every timed read; "held by the hub process" is the service as the hub runs it (trace-cache.ts, default bound): the trace statement confirms the kept row\'s version (its xmin) and sends no bytes, and the process sends the held gzip bytes as they are (Content-Encoding: gzip: browsers, fetch) or the held text (node:http, curl without --compressed). Closures under 1,000 nodes keep no answer: those rows build and serialise, the same for both clients.',
    '"Asked again (answer kept)": the same starts traced a second time through a TraceService with its cache (trace-cache.ts), as the hub runs it: one read of the genealogy generation, then the answer kept from the first time; the plain query is run again beside it.',
    'Batchline = TraceService.traceNow: start lookup, one recursive CTE over the closure\'s distinct edges returning every node\'s label and attributes, then in JS the shortest-path tree, depth guard, every hit\'s path, quantity and total; plain SQL = `with recursive r(node) as (… union …) select count(*)`, the reachable set alone (no labels, attributes, edges or paths).',
    'Order: each start runs both queries back to back, and which runs first alternates with the start\'s place in its row (the plain query first on the 2nd, 4th, … start; the same rule for every row), so neither reads only pages the other just brought into the caches (with the trace always first, the plain count gained about 20 %).',
    'Fan-out: 3 excipient materials with lots each used in ~2,000 batches, 2 APIs with lots in 5 batches, 2 containers per raw lot, 4 batch levels (output lots of two batches of the level below), dispensed containers as nodes.',
    `${full ? '' : '10,000,000 lots: run `npm run bench -- trace --full` (adds the 10M PostgreSQL size). '}2 cores, ${process.version}.`,
  );
  return [{ title: 'Genealogy trace: forward/backward latency with paths vs a plain recursive query', columns: COLUMNS, rows, notes }];
}

async function onPostgres(lots: number, quick: boolean, rows: (string | number)[][], notes: string[]): Promise<void> {
  const name = `batchline_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const version = ((await admin.query('show server_version')).rows[0] as { server_version: string }).server_version;
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = unwrap(await openHubDb({ databaseUrl: url.toString(), poolSize: 2 }));
  try {
    await db.orm.execute(sql.raw('alter table genealogy_edges set unlogged'));
    await db.orm.execute(sql.raw('alter table genealogy_nodes set unlogged'));
    const gen = await generate(db, lots, ['set maintenance_work_mem = \'1GB\'', 'set max_parallel_maintenance_workers = 2', 'set synchronous_commit = off']);
    notes.push(`PostgreSQL ${version}, ${lots.toLocaleString('en-US')} lots: generated in ${gen.seconds.toFixed(0)} s (${gen.nodes.toLocaleString('en-US')} nodes, ${gen.edges.toLocaleString('en-US')} edges).`);
    await measure(db, 'PostgreSQL', gen, quick, rows);
    notes.push(`PostgreSQL, ${lots.toLocaleString('en-US')} lots: ${await jitNote(db, gen.shape)}`);
  } finally {
    await db.close();
    const drop = new pg.Client({ connectionString: PG_ADMIN_URL });
    await drop.connect();
    await drop.query(`drop database if exists "${name}" with (force)`);
    await drop.end();
  }
}

async function onPglite(lots: number, quick: boolean, rows: (string | number)[][], notes: string[]): Promise<void> {
  const db = unwrap(await openHubDb({}));
  try {
    const gen = await generate(db, lots, []);
    notes.push(`PGlite (in memory), ${lots.toLocaleString('en-US')} lots: generated in ${gen.seconds.toFixed(0)} s (${gen.nodes.toLocaleString('en-US')} nodes, ${gen.edges.toLocaleString('en-US')} edges).`);
    await measure(db, 'PGlite', gen, quick, rows);
  } finally {
    await db.close();
  }
}

interface Generated {
  shape: GenealogyShape;
  lots: number;
  nodes: number;
  edges: number;
  seconds: number;
}

async function generate(db: HubDb, lots: number, settings: string[]): Promise<Generated> {
  const shape = shapeFor(lots);
  const t0 = performance.now();
  const statements = [...generatorStatements(shape)];
  // Generation of the large sizes takes minutes: a bar on a terminal, plain lines in a log.
  const progress = startProgress(processIo, `generating ${shape.lots.toLocaleString('en-US')} lots (statements)`, statements.length + 2);
  await db.orm.transaction(async (tx) => {
    for (const s of settings) await tx.execute(sql.raw(s));
    for (const [i, statement] of statements.entries()) {
      await tx.execute(statement);
      progress.update(i + 1);
    }
  });
  for (const [i, table] of ['genealogy_nodes', 'genealogy_edges'].entries()) {
    await db.orm.execute(sql.raw(`vacuum analyze ${table}`));
    progress.update(statements.length + i + 1);
  }
  progress.stop();
  const seconds = (performance.now() - t0) / 1000;
  const [nodes] = await db.orm.select({ n: count() }).from(genealogyNodes);
  const [edges] = await db.orm.select({ n: count() }).from(genealogyEdges);
  return { shape, lots: shape.lots, nodes: Number(nodes!.n), edges: Number(edges!.n), seconds };
}

interface Workload {
  label: string;
  direction: TraceDirection;
  kind: GenealogyNodeKind;
  keys: string[];
}

/** Why the service turns JIT off: what the planner would do with the trace at this size. */
async function jitNote(db: HubDb, s: GenealogyShape): Promise<string> {
  // The hub's sessions have JIT off (open-hub-db.ts): switched on here to show why.
  const plan = await db.orm.transaction(async (tx) => {
    await tx.execute(sql`set local jit = on`);
    return rowsOf<{ 'QUERY PLAN': string }>(tx, sql`explain ${traceSql('lot', apiLotKey(s, 0, 11), 'forward', 60, 500_000)}`);
  });
  const text = plan.map((r) => r['QUERY PLAN']).join('\n');
  const cost = /cost=[\d.]+\.\.([\d.]+)/.exec(text)?.[1] ?? '?';
  return `with default settings the planner estimates an API-lot trace at cost ${cost} and ${text.includes('JIT:') ? 'would JIT-compile it' : 'would not JIT-compile it'} (jit_above_cost 100000); the hub's sessions run with jit off.`;
}

function workloads(s: GenealogyShape, quick: boolean): Workload[] {
  const n = (big: number, small: number) => (quick ? small : big);
  const lastBatch = s.batches - 1 - ((s.batches - 4) % 4);
  return [
    { label: 'forward from an excipient lot (recall)', direction: 'forward', kind: 'lot', keys: Array.from({ length: n(20, 4) }, (_, i) => excipientLotKey(s, i % 3, 7 * i + 1)) },
    { label: 'forward from an API lot', direction: 'forward', kind: 'lot', keys: Array.from({ length: n(100, 20) }, (_, i) => apiLotKey(s, i % 2, 9973 * i + 11)) },
    { label: 'backward from a packed batch (what went in)', direction: 'backward', kind: 'batch', keys: Array.from({ length: n(100, 20) }, (_, i) => `B-${Math.max(3, lastBatch - 4 * ((7919 * i) % Math.max(1, Math.floor(s.batches / 4) - 1)))}`) },
  ];
}

async function measure(db: HubDb, database: string, gen: Generated, quick: boolean, rows: (string | number)[][]): Promise<void> {
  const deps = { db: db.orm, catchUp: async () => 0, decisions: async () => new Map() };
  // The walk every time (no closure kept), as before kept closures.
  const traces = new TraceService({ ...deps, keepClosuresFrom: Infinity });
  // As the hub runs it: closures of 1,000 nodes and more kept in the database after their first trace.
  const keeping = new TraceService(deps);
  const kept = new TraceService({ ...deps, keepClosuresFrom: Infinity, cache: new TraceCache() });
  // The route as the hub runs it (quality-services.ts): closures kept, answers held in the process
  // (trace-cache.ts, default bound). And a hub process that holds nothing (a cache of 0 bytes):
  // every request is its first read of the kept row (generation read, row read, gunzipped once).
  const hub = new TraceService({ ...deps, cache: new TraceCache() });
  const holdsNothing = new TraceService({ ...deps, cache: new TraceCache(0) });
  for (const w of workloads(gen.shape, quick)) {
    const cold = { ours: [] as number[], plain: [] as number[], hits: [] as number[] };
    const first = { ours: [] as number[], plain: [] as number[], hits: [] as number[] };
    const materialised = { ours: [] as number[], plain: [] as number[], hits: [] as number[] };
    const again = { ours: [] as number[], plain: [] as number[], hits: [] as number[] };
    const routeBuilt = { ours: [] as number[], plain: [] as number[], hits: [] as number[] };
    const routeFirst = { ours: [] as number[], plain: [] as number[], hits: [] as number[] };
    const routeGzip = { ours: [] as number[], plain: [] as number[], hits: [] as number[] };
    const routePlain = { ours: [] as number[], plain: [] as number[], hits: [] as number[] };
    const starts = new Map<string, number>();
    // One untimed round warms the caches for both queries alike.
    for (const [i, key] of [w.keys[0]!, ...w.keys].entries()) {
      const [start] = await db.orm.select({ id: genealogyNodes.id }).from(genealogyNodes).where(and(eq(genealogyNodes.kind, w.kind), eq(genealogyNodes.key, key)));
      starts.set(key, Number(start!.id));
      const timing = await timeBoth(db, traces, w, key, Number(start!.id), i - 1);
      if (i > 0) push(cold, timing);
      // The same question again is answered from the trace cache (filled here, untimed).
      unwrap(await kept.traceNow({ kind: w.kind, id: key, direction: w.direction }));
    }
    // The first trace through the keeping service walks and keeps a large closure (timed: what
    // keeping costs); the next reads the kept closure, no answer cache.
    for (const [i, key] of w.keys.entries()) push(first, await timeBoth(db, keeping, w, key, starts.get(key)!, i));
    for (const [i, key] of w.keys.entries()) push(materialised, await timeBoth(db, keeping, w, key, starts.get(key)!, i));
    for (const [i, key] of w.keys.entries()) push(again, await timeBoth(db, kept, w, key, starts.get(key)!, i));
    // The route's body: before kept answers, the answer built from the kept closure and then
    // serialised (JSON.stringify, as the route's serializer did); now, after one untimed
    // traceReplyNow that builds and keeps the answer: read by a hub process that holds nothing
    // (its first read of the row: bytes read, gunzipped, either client), then held by the hub's
    // process and sent as they are (a client that accepts gzip) or as the held text (one that
    // does not), alternated start by start.
    for (const [i, key] of w.keys.entries()) push(routeBuilt, await timeBoth(db, keeping, w, key, starts.get(key)!, i, 'built'));
    for (const key of w.keys) {
      const reply = unwrap(await keeping.traceReplyNow({ kind: w.kind, id: key, direction: w.direction }, true));
      // The text a client without gzip must be sent, counted here once (untimed): each timed
      // first read is compared with it byte for byte instead of being parsed again (a recall's
      // 3.5 MB parse after every first read left garbage the collector took out of later timed reads).
      const text = reply.gzip ? gunzipSync(reply.body) : reply.body;
      countedBodies.set(`${key}\u0000plain`, { body: text, hits: (JSON.parse(text.toString('utf8')) as TraceResult).hits.length });
    }
    // FIRST_READ_ROUNDS rounds over the starts, so that the row's p99 is not simply its slowest sample.
    for (let round = 0; round < (quick ? 1 : FIRST_READ_ROUNDS); round++) {
      for (const [i, key] of w.keys.entries()) push(routeFirst, await timeBoth(db, holdsNothing, w, key, starts.get(key)!, round + i, 'plain'));
    }
    for (const key of w.keys) unwrap(await hub.traceReplyNow({ kind: w.kind, id: key, direction: w.direction }, true));
    for (const [i, key] of w.keys.entries()) {
      push(routeGzip, await timeBoth(db, hub, w, key, starts.get(key)!, i, 'gzip'));
      push(routePlain, await timeBoth(db, hub, w, key, starts.get(key)!, i, 'plain'));
    }
    const [{ n: keptCount }] = (await rowsOf<{ n: number }>(db.orm, sql`select count(*)::int as n from genealogy_closures`)) as [{ n: number }];
    for (const [label, m] of [
      [w.label, cold],
      [`${w.label}, first trace keeping its closure (${keptCount} kept so far)`, first],
      [`${w.label}, closure kept in the database`, materialised],
      [`${w.label}, asked again (answer kept)`, again],
      [`${w.label}, route body: built from the kept closure, then JSON.stringify`, routeBuilt],
      [`${w.label}, route body: answer kept in the database, first read by a hub process (row read, gunzipped once)`, routeFirst],
      [`${w.label}, route body: answer held by the hub process, to a client that accepts gzip (bytes as sent)`, routeGzip],
      [`${w.label}, route body: answer held by the hub process, to a client without gzip (text as held)`, routePlain],
    ] as const) {
      const p50 = percentile(m.ours, 50);
      // Min over the starts as well as the median: on a loaded, shared machine the fastest run
      // is the one least disturbed by the neighbours.
      const min = Math.min(...m.ours) / Math.min(...m.plain);
      rows.push([database, gen.lots, gen.nodes, gen.edges, label, m.ours.length, percentile(m.hits, 50), p50, percentile(m.ours, 99), percentile(m.plain, 50), percentile(m.plain, 99), `${(p50 / percentile(m.plain, 50)).toFixed(2)}×`, `${min.toFixed(2)}×`]);
    }
  }
}

interface Timing {
  ours: number;
  plain: number;
  hits: number;
}

function push(into: { ours: number[]; plain: number[]; hits: number[] }, t: Timing): void {
  into.ours.push(t.ours);
  into.plain.push(t.plain);
  into.hits.push(t.hits);
}

/**
 * Rounds over the starts of the row "answer kept in the database, first read by a hub process"
 * (5: 100 samples for a recall, so its p99 is the 99th of 100, not the slowest of 20). What each
 * sample times is unchanged.
 */
const FIRST_READ_ROUNDS = 5;

/** Route bodies counted (timeBoth), per start and client, with their hits. */
const countedBodies = new Map<string, { body: Buffer; hits: number }>();

/**
 * The trace and the plain query for one start, back to back; their reach must agree. Which runs
 * first alternates with the start's place in its row (`nth`: the plain query first on the 2nd,
 * 4th, … start, the same rule for every row): the second query reads pages the first just
 * brought into the caches, which gave the plain count, always second before, about 20 %.
 */
async function timeBoth(db: HubDb, traces: TraceService, w: Workload, key: string, startId: number, nth: number, body?: 'built' | 'gzip' | 'plain'): Promise<Timing> {
  const q = { kind: w.kind, id: key, direction: w.direction };
  // The route's body up to the bytes it writes: a text is encoded (as the socket would), a
  // Buffer (kept gzip'd, or gunzipped) goes as it is.
  const bytes = (b: string | Buffer) => (typeof b === 'string' ? Buffer.from(b, 'utf8') : b);
  const ours = async () => {
    const t0 = performance.now();
    const traced =
      body === undefined
        ? unwrap(await traces.traceNow(q))
        : body === 'built'
          ? bytes(JSON.stringify(unwrap(await traces.traceNow(q))))
          : unwrap(await traces.traceReplyNow(q, body === 'gzip'));
    return { traced, ms: performance.now() - t0 };
  };
  const plain = async () => {
    const t0 = performance.now();
    const [reach] = await rowsOf<{ n: string | number }>(db.orm, reachableCountSql(startId, w.direction));
    return { reach, ms: performance.now() - t0 };
  };
  const plainFirst = nth % 2 === 1;
  const p = plainFirst ? await plain() : null;
  const { traced, ms: oursMs } = await ours();
  const { reach, ms: plainMs } = p ?? (await plain());
  if (body === 'gzip' && 'gzip' in traced && !traced.gzip && Number(reach!.n) >= 1000) throw new Error(`${key}: a kept answer was not sent gzip'd`);
  // A route body already counted for this start and client (the same bytes: a held answer is the
  // same Buffer every time) is not gunzipped and parsed again: a recall's 3.5 MB parse per call
  // left garbage that the collector then took out of the next timed call (FR-134).
  const seen = !Buffer.isBuffer(traced) && 'gzip' in traced ? countedBodies.get(`${key}\u0000${body}`) : undefined;
  const same = seen !== undefined && 'gzip' in traced && (seen.body === traced.body || seen.body.equals(traced.body));
  const sent = same ? null : Buffer.isBuffer(traced) ? traced : 'gzip' in traced ? (traced.gzip ? gunzipSync(traced.body) : bytes(traced.body)) : null;
  const hits = same ? seen.hits : (sent === null ? (traced as TraceResult) : (JSON.parse(sent.toString('utf8')) as TraceResult)).hits.length;
  if (!same && !Buffer.isBuffer(traced) && 'gzip' in traced) countedBodies.set(`${key}\u0000${body}`, { body: traced.body, hits });
  if (Number(reach!.n) !== hits) throw new Error(`${key}: trace found ${hits}, plain SQL ${String(reach!.n)}`);
  return { ours: oursMs, plain: plainMs, hits };
}
