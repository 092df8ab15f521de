/**
 * Same-data A/B harness for the trace ROUTE's kept answers (issue 16 item 3, FR-134): on the
 * bench's generated genealogy (genealogy-generator.ts), the recall starts of trace.bench.ts, one
 * process, two builds of TraceService interleaved start by start (each build's code imported from
 * its worktree: `--a DIR --b DIR`, default both this one), beside the plain recursive count:
 *
 *   first   a hub process's first read of a kept answer (a 0-byte trace cache: every call reads
 *           the kept row), through traceReply with the projector's catch-up check as the hub
 *           runs it (its query against stations and the projection cursors), gzip client and not;
 *   held    the answer held by the hub process (default cache), both clients, through traceReply.
 *
 * Per call: wall time, this process's CPU (process.cpuUsage) and the PostgreSQL backend's CPU
 * (/proc/PID/schedstat; the pool has one connection), and which runs first alternates (A, B,
 * plain in rotating order), so no build reads only pages another just brought in.
 *
 * `node --import tsx bench/support/trace-reply-harness.ts [--lots N] [--rounds N] [--a DIR] [--b DIR] [--only first|held] [--verify] [--profile FILE]`.
 * PostgreSQL only; the generated database is kept between runs (tracetail_reply_<lots>).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import pg from 'pg';
import { and, eq, sql } from 'drizzle-orm';
import { openHubDb, type HubDb } from '../../src-server/db/open-hub-db.ts';
import { genealogyNodes } from '../../src-server/quality/db/quality-schema.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { reachableCountSql } from '../../src-server/quality/genealogy/trace-sql.ts';
import { unwrap } from '../../src-shared/result.ts';
import type { TraceQuery } from '../../src-shared/quality/genealogy-contract.ts';
import type { TraceService as TraceServiceType } from '../../src-server/quality/genealogy/trace-service.ts';
import { excipientLotKey, generatorStatements, shapeFor } from './genealogy-generator.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const lots = Number(opt('--lots', '20000'));
const rounds = Number(opt('--rounds', '2'));
const here = resolve(import.meta.dirname, '../..');
const dirs = { A: resolve(opt('--a', here)), B: resolve(opt('--b', here)) };
const profileFile = opt('--profile', '');
const verify = args.includes('--verify');
const PG_ADMIN_URL = process.env.BATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function open(): Promise<HubDb> {
  const name = `tracetail_reply_${lots}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
  if (!exists) await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = unwrap(await openHubDb({ databaseUrl: url.toString(), poolSize: 1 }));
  if (!exists) {
    const t0 = performance.now();
    await db.orm.execute(sql.raw('alter table genealogy_edges set unlogged'));
    await db.orm.execute(sql.raw('alter table genealogy_nodes set unlogged'));
    await db.orm.transaction(async (tx) => {
      for (const s of ["set local maintenance_work_mem = '1GB'", 'set local synchronous_commit = off']) await tx.execute(sql.raw(s));
      for (const s of generatorStatements(shapeFor(lots))) await tx.execute(s);
    });
    for (const t of ['genealogy_nodes', 'genealogy_edges']) await db.orm.execute(sql.raw(`vacuum analyze ${t}`));
    console.log(`generated ${lots} lots in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  return db;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

type Build = { TraceService: typeof TraceServiceType; TraceCache: new (maxBytes?: number) => unknown };
const load = async (dir: string): Promise<Build> => ({
  TraceService: ((await import(`${dir}/src-server/quality/genealogy/trace-service.ts`)) as { TraceService: typeof TraceServiceType }).TraceService,
  TraceCache: ((await import(`${dir}/src-server/quality/genealogy/trace-cache.ts`)) as { TraceCache: Build['TraceCache'] }).TraceCache,
});

const db = await open();
try {
  const shape = shapeFor(lots);
  const queries: TraceQuery[] = Array.from({ length: 20 }, (_, i) => ({ kind: 'lot', id: excipientLotKey(shape, i % 3, 7 * i + 1), direction: 'forward' }));
  const ids = new Map<string, number>();
  for (const q of queries) {
    const [s] = await db.orm.select({ id: genealogyNodes.id }).from(genealogyNodes).where(and(eq(genealogyNodes.kind, q.kind), eq(genealogyNodes.key, q.id)));
    ids.set(q.id, Number(s!.id));
  }
  // The projector's catch-up check as the hub runs it (quality-projector.ts, catchUp): nothing is
  // behind here, so it is that one query.
  const catchUp = () => rowsOf(db.orm, sql`select s.station_id from stations s left join quality_projection_cursors c on c.station_id = s.station_id where s.ack_seq > coalesce(c.seq, 0) order by s.station_id`);
  const deps = { db: db.orm, catchUp, decisions: async () => new Map() };
  const builds = { A: await load(dirs.A), B: await load(dirs.B) };
  // Answers kept once (either build keeps the same row: no migration between them).
  const keeper = new builds.A.TraceService(deps as never);
  for (const q of queries) unwrap(await keeper.traceReplyNow(q, true));
  const hubs = { A: new builds.A.TraceService({ ...deps, cache: new builds.A.TraceCache() } as never), B: new builds.B.TraceService({ ...deps, cache: new builds.B.TraceCache() } as never) };
  // The hub processes hold every answer before the "held" rows (their first read untimed).
  for (const q of queries) for (const h of [hubs.A, hubs.B]) unwrap(await h.traceReply(q, true));
  const only = opt('--only', '');
  const backend = Number((await rowsOf<{ pid: number }>(db.orm, sql`select pg_backend_pid() as pid`))[0]!.pid);
  const serverMs = () => Number(readFileSync(`/proc/${backend}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  const clientMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  // Garbage collections (start, duration), to tell a slow sample that waited on the collector.
  const gcs: { start: number; ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, ms: e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  type Sample = { wall: number[]; client: number[]; server: number[]; gc: number[] };
  const sample = (): Sample => ({ wall: [], client: [], server: [], gc: [] });
  const calls: { into: Sample; t0: number; t1: number }[] = [];
  const timed = async (into: Sample, f: () => Promise<unknown>) => {
    const k0 = clientMs();
    const s0 = serverMs();
    const t0 = performance.now();
    const result = await f();
    const t1 = performance.now();
    into.wall.push(t1 - t0);
    into.client.push(clientMs() - k0);
    into.server.push(serverMs() - s0);
    calls.push({ into, t0, t1 });
    // `--verify`: what trace.bench.ts did after every call before FR-134 (untimed): the body
    // gunzipped and parsed, to count its hits; its garbage is collected during later timed calls.
    if (verify && result !== null && typeof result === 'object' && 'body' in result) {
      const r = result as { body: Buffer; gzip: boolean };
      (JSON.parse((r.gzip ? gunzipSync(r.body) : r.body).toString('utf8')) as { hits: unknown[] }).hits.length.toFixed();
    }
  };
  // GC time inside each call's window, once the observer has delivered its entries.
  const settleGc = async () => {
    await new Promise((r) => setTimeout(r, 50));
    for (const c of calls.splice(0)) c.into.gc.push(gcs.filter((g) => g.start >= c.t0 && g.start < c.t1).reduce((a, g) => a + g.ms, 0));
  };
  const session = new Session();
  if (profileFile) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  for (const row of ['first, gzip client', 'first, client without gzip', 'held, gzip client', 'held, client without gzip'] as const) {
    if (!row.startsWith(only)) continue;
    const gzip = row.includes('gzip client');
    const s = { A: sample(), B: sample(), plain: sample() };
    let n = 0;
    for (let r = 0; r < rounds; r++) {
      for (const q of queries) {
        const steps: [keyof typeof s, () => Promise<unknown>][] = [
          ['A', async () => unwrap(await (row.startsWith('first') ? new builds.A.TraceService({ ...deps, cache: new builds.A.TraceCache(0) } as never) : hubs.A).traceReply(q, gzip))],
          ['B', async () => unwrap(await (row.startsWith('first') ? new builds.B.TraceService({ ...deps, cache: new builds.B.TraceCache(0) } as never) : hubs.B).traceReply(q, gzip))],
          ['plain', () => rowsOf(db.orm, reachableCountSql(ids.get(q.id)!, 'forward'))],
        ];
        // Rotating order: each of the three runs first on a third of the calls, and A before B as often as B before A.
        const order = [[0, 1, 2], [1, 0, 2], [2, 0, 1], [2, 1, 0], [0, 2, 1], [1, 2, 0]][n++ % 6]!;
        for (const i of order) await timed(s[steps[i]![0]], steps[i]![1]);
      }
    }
    await settleGc();
    const f = (x: number) => x.toFixed(1);
    const line = (k: keyof typeof s) => {
      const m = s[k];
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const slowest = m.wall.indexOf(Math.max(...m.wall));
      return `${k.padEnd(5)} wall p50 ${f(pct(m.wall, 50)).padStart(6)} p99 ${f(pct(m.wall, 99)).padStart(6)} | client CPU mean ${f(mean(m.client)).padStart(5)} | server CPU mean ${f(mean(m.server)).padStart(5)} | GC in calls ${f(m.gc.reduce((a, b) => a + b, 0)).padStart(6)} ms, in the slowest ${f(m.gc[slowest] ?? 0)}`;
    };
    console.log(`${lots} lots, recall (${queries.length} starts × ${rounds}), ${row}:`);
    for (const k of ['A', 'B', 'plain'] as const) console.log(`  ${line(k)}${k === 'plain' ? '' : `  ratio p50 ${(pct(s[k].wall, 50) / pct(s.plain.wall, 50)).toFixed(2)} p99 ${(pct(s[k].wall, 99) / pct(s.plain.wall, 99)).toFixed(2)}`}`);
  }
  if (profileFile) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    session.disconnect();
  }
} finally {
  await db.close();
}
