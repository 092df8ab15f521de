/**
 * Same-data harness for the walked trace (issue 16): on the bench's generated genealogy
 * (genealogy-generator.ts), on PostgreSQL or PGlite,
 *
 *   answers FILE   writes JSON.stringify of TraceService.traceNow (walked, no kept closures) for
 *                  a fixed list of starts, directions and depths, one line each, so two builds'
 *                  answers can be compared byte for byte (`cmp`); `--again`: the second answers
 *                  of one service (each start traced before: its node data held);
 *   time           times, start by start and back to back, the walked trace, its statement
 *                  alone and the plain recursive count, and prints p50/p99 and ratios;
 *   profile FILE   a CPU profile (node:inspector) around the timed loop of `time`;
 *   split          where a walked trace's CPU goes beside the plain count's (issue 16 item 3):
 *                  per call, the process's CPU and (PostgreSQL) the backend's, for the whole
 *                  trace, its closure statement alone, the same statement without the node data
 *                  (ids only: what any copy of the labels and attributes nearer the walk could at
 *                  best save) and the plain count, the four in rotating order start by start;
 *   explain        EXPLAIN (ANALYZE, BUFFERS) of the closure statement (prepared), the same without
 *                  the node data and the plain count, warm, for one start of each workload
 *                  (`--full-plan` for the whole plans).
 *
 * `node --import tsx bench/support/trace-harness.ts answers|time|profile|split|explain [FILE] --pg|--pglite [--lots N] [--rounds N] [--db NAME]`.
 * On PostgreSQL the generated database is kept between runs (traceback_harness_<lots>; `--db` names
 * another, a copy with another index say).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { openHubDb, type HubDb } from '../../src-server/db/open-hub-db.ts';
import { genealogyNodes } from '../../src-server/quality/db/quality-schema.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { TraceService } from '../../src-server/quality/genealogy/trace-service.ts';
import { closureSql, reachableCountSql } from '../../src-server/quality/genealogy/trace-sql.ts';
import { preparedRows } from '../../src-server/db/prepared-statement.ts';
import { unwrap } from '../../src-shared/result.ts';
import type { TraceQuery } from '../../src-shared/quality/genealogy-contract.ts';
import { apiLotKey, excipientLotKey, generatorStatements, shapeFor, type GenealogyShape } from './genealogy-generator.ts';

const args = process.argv.slice(2);
const mode = args[0] as 'answers' | 'time' | 'profile' | 'split' | 'explain';
const file = args[1] && !args[1].startsWith('--') ? args[1] : '';
const onPg = args.includes('--pg');
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const lots = opt('--lots', onPg ? 20_000 : 10_000);
const rounds = opt('--rounds', 5);
const onlyOurs = args.includes('--only-ours');
/** `--db NAME`: another PostgreSQL database of the same shape (a copy with another index, say) instead of traceback_harness_<lots>. */
const dbName = (() => {
  const i = args.indexOf('--db');
  return i >= 0 ? args[i + 1]! : null;
})();
const PG_ADMIN_URL = process.env.BATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function open(): Promise<HubDb> {
  const shape = shapeFor(lots);
  if (!onPg) {
    const db = unwrap(await openHubDb({}));
    await generate(db, shape);
    return db;
  }
  const name = dbName ?? `traceback_harness_${lots}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
  if (!exists) await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = unwrap(await openHubDb({ databaseUrl: url.toString(), poolSize: 1 }));
  if (!exists) await generate(db, shape);
  return db;
}

async function generate(db: HubDb, shape: GenealogyShape): Promise<void> {
  await db.orm.transaction(async (tx) => {
    for (const s of generatorStatements(shape)) await tx.execute(s);
  });
  for (const t of ['genealogy_nodes', 'genealogy_edges']) await db.orm.execute(sql.raw(`vacuum analyze ${t}`));
}

function starts(s: GenealogyShape): { label: string; queries: TraceQuery[] }[] {
  const lastBatch = s.batches - 1 - ((s.batches - 4) % 4);
  const backward = Array.from({ length: 20 }, (_, i) => `B-${Math.max(3, lastBatch - 4 * ((7919 * i) % Math.max(1, Math.floor(s.batches / 4) - 1)))}`);
  return [
    { label: 'backward from a packed batch', queries: backward.map((id) => ({ kind: 'batch', id, direction: 'backward' })) },
    { label: 'forward from an API lot', queries: Array.from({ length: 20 }, (_, i) => ({ kind: 'lot', id: apiLotKey(s, i % 2, 9973 * i + 11), direction: 'forward' })) },
    { label: 'forward from an excipient lot', queries: Array.from({ length: 2 }, (_, i) => ({ kind: 'lot', id: excipientLotKey(s, i % 3, 7 * i + 1), direction: 'forward' })) },
  ];
}

/** More than the bench asks: other kinds, both directions, depth guards. */
function answerQueries(s: GenealogyShape): TraceQuery[] {
  const out: TraceQuery[] = [];
  for (const w of starts(s)) out.push(...w.queries.slice(0, 6));
  for (const [i, q] of starts(s)[0]!.queries.slice(0, 4).entries()) out.push({ ...q, maxDepth: [1, 2, 3, 5][i]! });
  for (const [i, q] of starts(s)[1]!.queries.slice(0, 4).entries()) out.push({ ...q, maxDepth: [1, 2, 4, 7][i]! });
  out.push({ kind: 'lot', id: 'FG-17', direction: 'backward' }, { kind: 'lot', id: 'FG-17', direction: 'forward' }, { kind: 'container', id: 'C-3', direction: 'forward' });
  out.push({ kind: 'batch', id: 'B-9', direction: 'forward' }, { kind: 'batch', id: 'B-10', direction: 'backward', maxDepth: 4 }, { kind: 'lot', id: 'RM-0', direction: 'backward' });
  out.push({ kind: 'lot', id: 'NO-SUCH', direction: 'forward' }, { kind: 'batch', id: 'B-11', direction: 'forward', maxDepth: 2 });
  return out;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

const db = await open();
const deps = { db: db.orm, catchUp: async () => 0, decisions: async () => new Map() };
const traces = new TraceService({ ...deps, keepClosuresFrom: Infinity });
const shape = shapeFor(lots);
try {
  if (mode === 'answers') {
    const lines: string[] = [];
    // `--again`: every question asked once before, untimed, and the second answers written (a
    // hub process that traced these starts before: node data held, trace-node-data.ts).
    if (args.includes('--again')) for (const q of answerQueries(shape)) await traces.traceNow(q);
    for (const q of answerQueries(shape)) {
      const r = await traces.traceNow(q);
      lines.push(JSON.stringify(q) + '\t' + JSON.stringify(r));
    }
    writeFileSync(file, lines.join('\n') + '\n');
    console.log(`${lines.length} answers written to ${file}`);
  } else if (mode === 'split') {
    await split();
  } else if (mode === 'explain') {
    await explain();
  } else {
    const session = new Session();
    const work = starts(shape).filter((w) => !w.label.includes('excipient'));
    const ids = new Map<string, number>();
    for (const w of work) {
      for (const q of w.queries) {
        const [s] = await db.orm.select({ id: genealogyNodes.id }).from(genealogyNodes).where(and(eq(genealogyNodes.kind, q.kind), eq(genealogyNodes.key, q.id)));
        ids.set(q.id, Number(s!.id));
        unwrap(await traces.traceNow(q));
        await rowsOf(db.orm, reachableCountSql(Number(s!.id), q.direction));
      }
    }
    if (args.includes('--keep')) {
      // As the bench does before its later rows: a recall's closures kept (genealogy_closures no longer empty).
      const keeping = new TraceService(deps);
      for (const q of starts(shape)[2]!.queries) unwrap(await keeping.traceNow(q));
      if (onPg && args.includes('--analyze')) await db.orm.execute(sql.raw('analyze genealogy_closures; analyze genealogy_closure_nodes'));
    }
    if (mode === 'profile') {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 50 });
      await session.post('Profiler.start');
    }
    const cpu0 = process.cpuUsage();
    // CPU per call, less disturbed by the neighbours than wall time: this process's (user + system)
    // and, on PostgreSQL, the one backend's (/proc/PID/schedstat, ns on CPU; the pool has one connection).
    const backend = onPg ? Number((await rowsOf<{ pid: number }>(db.orm, sql`select pg_backend_pid() as pid`))[0]!.pid) : 0;
    const serverNs = () => (onPg ? Number(readFileSync(`/proc/${backend}/schedstat`, 'utf8').split(' ')[0]) : 0);
    const clientMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const cpuNow = () => clientMs() + serverNs() / 1e6;
    let clientOurs = 0;
    let clientPlain = 0;
    for (const w of work) {
      const ours: number[] = [];
      const plain: number[] = [];
      const oursCpu: number[] = [];
      const plainCpu: number[] = [];
      for (let r = 0; r < rounds; r++) {
        for (const q of w.queries) {
          const k0 = clientMs();
          const c0 = cpuNow();
          const t0 = performance.now();
          unwrap(await traces.traceNow(q));
          const t1 = performance.now();
          const c1 = cpuNow();
          const k1 = clientMs();
          if (!onlyOurs) await rowsOf(db.orm, reachableCountSql(ids.get(q.id)!, q.direction));
          const t2 = performance.now();
          const c2 = cpuNow();
          const k2 = clientMs();
          clientOurs += k1 - k0;
          clientPlain += k2 - k1;
          ours.push(t1 - t0);
          plain.push(t2 - t1);
          oursCpu.push(c1 - c0);
          plainCpu.push(c2 - c1);
        }
      }
      const f = (x: number) => x.toFixed(3);
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      console.log(
        `${onPg ? 'PostgreSQL' : 'PGlite'} ${lots} ${w.label}: wall ours p50 ${f(pct(ours, 50))} p99 ${f(pct(ours, 99))} | plain p50 ${f(pct(plain, 50))} p99 ${f(pct(plain, 99))} | ratio p50 ${(pct(ours, 50) / pct(plain, 50)).toFixed(2)} p99 ${(pct(ours, 99) / pct(plain, 99)).toFixed(2)} min ${(Math.min(...ours) / Math.min(...plain)).toFixed(2)}`,
      );
      console.log(`   CPU ms/call (client+server) ours p50 ${f(pct(oursCpu, 50))} mean ${f(sum(oursCpu) / oursCpu.length)} | plain p50 ${f(pct(plainCpu, 50))} mean ${f(sum(plainCpu) / plainCpu.length)} | ratio mean ${(sum(oursCpu) / sum(plainCpu)).toFixed(2)}; client part ours ${f(clientOurs / ours.length)} plain ${f(clientPlain / ours.length)}`);
      clientOurs = 0;
      clientPlain = 0;
    }
    const cpu = process.cpuUsage(cpu0);
    // Whether the trace's named statement runs on a generic plan (planning time ~0) or is planned again on each call.
    const { PgDialect } = await import('drizzle-orm/pg-core');
    const { closureSql } = await import('../../src-server/quality/genealogy/trace-sql.ts');
    const { statementName } = await import('../../src-server/db/prepared-statement.ts');
    for (const w of work) {
      const q = w.queries[0]!;
      const text = new PgDialect().sqlToQuery(closureSql(q.kind, q.id, q.direction, 500_000, 4 * 500_002, null));
      const plan = await rowsOf<{ 'QUERY PLAN': string }>(db.orm, sql.raw(`explain (analyze, costs off, timing off) execute ${statementName(text.sql)}(${text.params.map((p) => (p === null ? 'null' : `'${String(p)}'`)).join(',')})`)).catch((e: unknown) => [{ 'QUERY PLAN': String(e) }]);
      console.log(`   ${w.label}: ${plan.map((r) => r['QUERY PLAN']).filter((l) => /Planning|Execution|rror/.test(l)).join(' / ')}`);
    }
    console.log(`process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`);
    if (mode === 'profile') {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    }
  }
} finally {
  await db.close();
}

/** The closure statement's walk and edges without the node columns: ids only (a bound, not an answer). */
function closureWithoutNodeData(kind: string, key: string, direction: TraceQuery['direction']): SQL {
  const [from, to] = direction === 'forward' ? [sql.raw('parent_id'), sql.raw('child_id')] : [sql.raw('child_id'), sql.raw('parent_id')];
  return sql`
    with recursive start as (select id, kind, key, label, attrs from genealogy_nodes where kind = ${kind} and key = ${key}),
    walk(node, via) as (
      select e.${to}, e.${from} from genealogy_edges e join start s on e.${from} = s.id
      union
      select e.${to}, e.${from} from (select distinct node from walk) w join genealogy_edges e on e.${from} = w.node
    ),
    reached as (select distinct node from walk limit 500002),
    used as (select via, node from walk limit 2000009)
    select s.id, s.kind, s.key, s.label, s.attrs, x.node_count, x.ids, y.edges, y.edge_count from start s
    cross join lateral (select count(*) as node_count, string_agg(r.node::text, ',') as ids from reached r) x
    cross join lateral (select string_agg(via || '>' || node, ',') as edges, count(*) as edge_count from used) y`;
}

async function split(): Promise<void> {
  const work = starts(shape).filter((w) => !w.label.includes('excipient'));
  const backend = onPg ? Number((await rowsOf<{ pid: number }>(db.orm, sql`select pg_backend_pid() as pid`))[0]!.pid) : 0;
  const serverMs = () => (onPg ? Number(readFileSync(`/proc/${backend}/schedstat`, 'utf8').split(' ')[0]) / 1e6 : 0);
  const clientMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  for (const w of work) {
    const ids = new Map<string, number>();
    for (const q of w.queries) {
      const [s] = await db.orm.select({ id: genealogyNodes.id }).from(genealogyNodes).where(and(eq(genealogyNodes.kind, q.kind), eq(genealogyNodes.key, q.id)));
      ids.set(q.id, Number(s!.id));
    }
    const parts: [string, (q: TraceQuery) => Promise<unknown>][] = [
      ['trace', async (q) => unwrap(await traces.traceNow(q))],
      ['closure statement', (q) => preparedRows(db.orm, closureSql(q.kind, q.id, q.direction, 500_000, 4 * 500_002))],
      ['the same, no node data', (q) => preparedRows(db.orm, closureWithoutNodeData(q.kind, q.id, q.direction))],
      ['plain count', (q) => rowsOf(db.orm, reachableCountSql(ids.get(q.id)!, q.direction))],
    ];
    const seen = parts.map(() => ({ client: 0, server: 0, wall: [] as number[] }));
    // Round 0 warms (plans, JIT); which part runs first rotates start by start.
    for (let r = 0; r <= rounds; r++) {
      for (const [i, q] of w.queries.entries()) {
        for (let k = 0; k < parts.length; k++) {
          const p = (k + i + r) % parts.length;
          const c0 = clientMs();
          const s0 = serverMs();
          const t0 = performance.now();
          await parts[p]![1](q);
          const t1 = performance.now();
          if (r === 0) continue;
          seen[p]!.client += clientMs() - c0;
          seen[p]!.server += serverMs() - s0;
          seen[p]!.wall.push(t1 - t0);
        }
      }
    }
    const plain = seen[parts.length - 1]!;
    const cpu = (x: (typeof seen)[number]) => (x.client + x.server) / x.wall.length;
    console.log(`${onPg ? 'PostgreSQL' : 'PGlite'} ${lots} ${w.label} (${w.queries.length} starts x ${rounds} rounds), CPU ms per call (client + server), wall p50 / p99 ms:`);
    for (const [p, x] of seen.entries()) {
      console.log(
        `   ${parts[p]![0].padEnd(24)} ${(x.client / x.wall.length).toFixed(3)} + ${(x.server / x.wall.length).toFixed(3)} = ${cpu(x).toFixed(3)} (${(cpu(x) / cpu(plain)).toFixed(2)}x the count) | wall ${pct(x.wall, 50).toFixed(3)} / ${pct(x.wall, 99).toFixed(3)}`,
      );
    }
  }
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the closure statement (prepared, as the service runs it), the same
 * without the node data and the plain count, for the first start of each workload, each run once
 * before to warm the caches; prints the plan lines that name buffers, scans and times.
 */
async function explain(): Promise<void> {
  const { PgDialect } = await import('drizzle-orm/pg-core');
  const { statementName } = await import('../../src-server/db/prepared-statement.ts');
  const dialect = new PgDialect();
  const literal = (p: unknown) => (p === null ? 'null' : `'${String(p).replace(/'/g, "''")}'`);
  for (const w of starts(shape).filter((x) => !x.label.includes('excipient'))) {
    const q = w.queries[0]!;
    const [s] = await db.orm.select({ id: genealogyNodes.id }).from(genealogyNodes).where(and(eq(genealogyNodes.kind, q.kind), eq(genealogyNodes.key, q.id)));
    const statements: [string, SQL, boolean][] = [
      ['closure statement', closureSql(q.kind, q.id, q.direction, 500_000, 4 * 500_002), true],
      ['no node data', closureWithoutNodeData(q.kind, q.id, q.direction), true],
      ['plain count', reachableCountSql(Number(s!.id), q.direction), false],
    ];
    for (const [label, statement, prepared] of statements) {
      const text = dialect.sqlToQuery(statement);
      for (let i = 0; i < 7; i++) await (prepared ? preparedRows(db.orm, statement) : rowsOf(db.orm, statement));
      const target = prepared ? `execute ${statementName(text.sql)}(${text.params.map(literal).join(',')})` : dialect.sqlToQuery(statement).sql.replace(/\$(\d+)/g, (_, n: string) => literal(text.params[Number(n) - 1]));
      const plan = await rowsOf<{ 'QUERY PLAN': string }>(db.orm, sql.raw(`explain (analyze, buffers, costs off) ${target}`));
      console.log(`--- ${w.label} (${q.id}): ${label}`);
      const lines = plan.map((r) => r['QUERY PLAN']);
      console.log(args.includes('--full-plan') ? lines.join('\n') : lines.filter((l) => /Buffers|Scan|Execution|Planning|Heap Fetches/.test(l)).join('\n'));
    }
  }
}
