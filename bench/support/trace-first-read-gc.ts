/**
 * A hub process's first reads of kept recall answers, one build per process (FR-134): what the
 * collector does for them, which trace-reply-harness.ts cannot split between two builds sharing
 * one heap. On the 1M-lot database trace-reply-harness.ts generates (tracetail_reply_<lots>, kept
 * answers already there), `--reads N` first reads (a 0-byte trace cache, so each reads the kept
 * row and gunzips it), the starts of the harness in turn, gzip client and not alternating; per
 * read this process's CPU (process.cpuUsage: all, and the system part), its minor page faults
 * (process.resourceUsage: fresh memory touched) and wall time; over all reads the collections by
 * kind (PerformanceObserver: major = mark-compact, minor = scavenge) and their time. Run builds in
 * alternation (`--dir` a worktree), as separate processes, several times each.
 *
 * `node --import tsx bench/support/trace-first-read-gc.ts [--lots N] [--reads N] [--dir DIR] [--clients gzip|plain|both]`.
 */
import { resolve } from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { openHubDb } from '../../src-server/db/open-hub-db.ts';
import { rowsOf } from '../../src-server/quality/db/sql-rows.ts';
import { unwrap } from '../../src-shared/result.ts';
import type { TraceQuery } from '../../src-shared/quality/genealogy-contract.ts';
import type { TraceService as TraceServiceType } from '../../src-server/quality/genealogy/trace-service.ts';
import { excipientLotKey, shapeFor } from './genealogy-generator.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const lots = Number(opt('--lots', '1000000'));
const reads = Number(opt('--reads', '60'));
const dir = resolve(opt('--dir', resolve(import.meta.dirname, '../..')));
/** `--clients gzip|plain|both`: which clients the timed reads are (both: alternating, the default). */
const clients = opt('--clients', 'both');
const acceptsGzip = (i: number) => (clients === 'gzip' ? true : clients === 'plain' ? false : i % 2 === 0);
const PG_ADMIN_URL = process.env.BATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const { TraceService } = (await import(`${dir}/src-server/quality/genealogy/trace-service.ts`)) as { TraceService: typeof TraceServiceType };
const { TraceCache } = (await import(`${dir}/src-server/quality/genealogy/trace-cache.ts`)) as { TraceCache: new (maxBytes?: number) => unknown };
const url = new URL(PG_ADMIN_URL);
url.pathname = `/tracetail_reply_${lots}`;
const db = unwrap(await openHubDb({ databaseUrl: url.toString(), poolSize: 1 }));
try {
  const shape = shapeFor(lots);
  const queries: TraceQuery[] = Array.from({ length: 20 }, (_, i) => ({ kind: 'lot', id: excipientLotKey(shape, i % 3, 7 * i + 1), direction: 'forward' }));
  const catchUp = () => rowsOf(db.orm, sql`select s.station_id from stations s left join quality_projection_cursors c on c.station_id = s.station_id where s.ack_seq > coalesce(c.seq, 0) order by s.station_id`);
  const deps = { db: db.orm, catchUp, decisions: async () => new Map() };
  const first = (q: TraceQuery, gzip: boolean) => new TraceService({ ...deps, cache: new TraceCache(0) } as never).traceReply(q, gzip);
  // Warm-up (untimed): the statement prepared, the code compiled, the pages cached.
  for (const q of queries) unwrap(await first(q, true));
  const gcs = { major: 0, minor: 0, other: 0, ms: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = ((e as unknown as { detail?: { kind?: number } }).detail)?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcs.major++;
      else if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gcs.minor++;
      else gcs.other++;
      gcs.ms += e.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const cpu: number[] = [];
  const sys: number[] = [];
  const faults: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < reads; i++) {
    const f0 = process.resourceUsage().minorPageFault;
    const u0 = process.cpuUsage();
    const t0 = performance.now();
    unwrap(await first(queries[i % queries.length]!, acceptsGzip(i)));
    wall.push(performance.now() - t0);
    const u = process.cpuUsage(u0);
    cpu.push((u.user + u.system) / 1000);
    sys.push(u.system / 1000);
    faults.push(process.resourceUsage().minorPageFault - f0);
  }
  await new Promise((r) => setTimeout(r, 100));
  observer.disconnect();
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const p = (xs: number[], q: number) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `${dir}: ${reads} first reads (${clients} clients), client CPU mean ${mean(cpu).toFixed(1)} p50 ${p(cpu, 0.5).toFixed(1)} ms (system mean ${mean(sys).toFixed(1)}), minor page faults mean ${mean(faults).toFixed(0)}, wall p50 ${p(wall, 0.5).toFixed(1)} p99 ${p(wall, 0.99).toFixed(1)} ms; GC: ${gcs.major} major, ${gcs.minor} minor, ${gcs.other} other, ${gcs.ms.toFixed(0)} ms`,
  );
} finally {
  await db.close();
}
