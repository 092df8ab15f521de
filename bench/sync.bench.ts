/**
 * Issue #6 benchmark: sync throughput station -> hub over loopback HTTP with full verification
 * at the hub (chain, hash, payload schema, certificates, every e-signature, checkpoints, the
 * station's request signature and the hub's signed answer, one DB transaction per page), on
 * embedded PGlite and on the PostgreSQL server, beside PouchDB replicating the same number of
 * documents (the same entries as JSON) in the same run.
 *
 * The baseline is generous to PouchDB: memory adapter to memory adapter in one process (no
 * HTTP, no disk, no verification), since no CouchDB-compatible server is installed here. Beside
 * it, as information only (the goal stays read on the memory rows): PouchDB replicating from
 * memory into LevelDB on disk (the `pouchdb` package's default Node adapter), a durable target
 * as the hub's database is.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb';
import memory from 'pouchdb-adapter-memory';
import pg from 'pg';
import type { BenchOptions, BenchTable } from './bench-table.ts';
import { createStation, type Station } from '../src-main/compose.ts';
import { fixedClock, sequentialIds, type Clock } from '../src-core/clock.ts';
import { unwrap } from '../src-shared/result.ts';
import { createTestUsers as createDemoUsers } from '../test/fakes/test-users.ts';
import { TEST_IDENTITY } from '../test/fakes/test-station.ts';
import { httpTransport } from '../src-main/sync/hub-transport.ts';
import { SyncService } from '../src-main/sync/sync-service.ts';
import { TEST_SCRYPT_PARAMS } from '../test/fakes/test-scrypt-params.ts';
import { keyPool } from '../test/fakes/key-pool.ts';
import { stationActivity } from '../test/hub/support/station-activity.ts';
import { startTestHub } from '../test/hub/support/test-hub.ts';
import { PG_ADMIN_URL, type BackendName } from '../test/hub/support/hub-backends.ts';
import { enrolStation } from '../test/hub/support/enrol.ts';

PouchDB.plugin(memory);
const SECRET = 'test-station-secret-0123456789';
const PAGE = 500;

function open(path: string, clock: Clock): Station {
  return unwrap(createStation({ dbPath: path, stationSecret: SECRET, clock, ids: sequentialIds(), scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(), checkpointEvery: 100, identity: TEST_IDENTITY }));
}

export default async function run({ quick }: BenchOptions): Promise<BenchTable[]> {
  const n = quick ? 1_000 : 5_000;
  const dir = mkdtempSync(join(tmpdir(), 'batchline-sync-bench-'));
  const clock = fixedClock(new Date('2026-03-02T01:00:00.000Z'));
  try {
    const base = open(join(dir, 'base.db'), clock);
    createDemoUsers(base);
    // Generating the ledger is not what is measured: no fsync per append while it is written.
    base.db.sqlite.pragma('synchronous = OFF');
    stationActivity(base).record(n);
    const docs = [...base.ledger.iterate()].map((e) => ({ _id: `e${String(e.seq).padStart(10, '0')}`, ...e }));
    const signatures = docs.filter((d) => d.type === 'signature.applied').length;
    base.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    base.close();

    const rows: (string | number)[][] = [];
    // Every system runs twice, each time into a fresh target (a new hub and a new copy of the
    // station; a new PouchDB pair): the first round in this process (cold: code not yet compiled
    // by V8, PGlite's WASM not yet warm) and the second (warm), as a hub runs after its first minutes.
    const pouchCold = await pouchReplication(docs);
    const pouch = await pouchReplication(docs);
    const pouchDiskCold = await pouchReplication(docs, join(dir, 'pouch-leveldb-1'));
    const pouchDisk = await pouchReplication(docs, join(dir, 'pouch-leveldb-2'));
    const round = async (backend: BackendName, name: string): Promise<{ pushed: number; seconds: number; cpu: number; server: number | null }> => {
      const path = join(dir, `${backend}-${name}.db`);
      copyFileSync(join(dir, 'base.db'), path);
      const station = open(path, clock);
      const hub = await startTestHub({ backend, clock });
      try {
        await enrolStation(station, hub);
        const sync = new SyncService({ station, stationSecret: SECRET, transport: httpTransport(hub.url, { keepAlive: true }), pageSize: PAGE });
        settleGarbage();
        const profiling = await startProfile();
        const gc = gcWatch();
        const server = await serverCpu(hub.backend.databaseUrl);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const r = unwrap(await sync.runOnce());
        const result = { pushed: r.pushed, seconds: (performance.now() - t0) / 1000, cpu: cpuSeconds(c0), server: await server.seconds() };
        await profiling?.stop(`sync-${backend}-${name}`);
        gc?.report(`${backend} ${name}`, result.cpu);
        return result;
      } finally {
        station.close();
        await hub.close();
      }
    };
    // BATCHLINE_BENCH_BACKENDS=postgres (comma-separated): only these, in this order; and
    // BATCHLINE_BENCH_EXTRA_ROUNDS=n: n more rounds of each after its second, as rows of their own
    // (does a round cost more the more rounds ran before it? issue 16 item 4).
    const backends = (process.env.BATCHLINE_BENCH_BACKENDS?.split(',') ?? ['pglite', 'postgres']) as BackendName[];
    const extra = Number(process.env.BATCHLINE_BENCH_EXTRA_ROUNDS ?? 0);
    for (const backend of backends) {
      const label = `Batchline hub on ${backend === 'pglite' ? 'PGlite' : 'PostgreSQL'} (verified)`;
      if (backend === 'postgres' && !(await postgresReachable())) {
        rows.push([label, '-', '-', 'server not reachable', '-', '-', '-', '-']);
        continue;
      }
      const cold = await round(backend, 'cold');
      const warm = await round(backend, 'warm');
      rows.push([`${label}, first round`, cold.pushed, cold.seconds, cold.pushed / cold.seconds, cold.pushed / cold.seconds / pouchCold.perSecond, cold.cpu, cold.pushed / cold.cpu / pouchCold.perCpuSecond, cold.server ?? '-']);
      rows.push([`${label}, second round`, warm.pushed, warm.seconds, warm.pushed / warm.seconds, warm.pushed / warm.seconds / pouch.perSecond, warm.cpu, warm.pushed / warm.cpu / pouch.perCpuSecond, warm.server ?? '-']);
      for (let k = 0; k < extra; k++) {
        const more = await round(backend, `warm${k + 2}`);
        rows.push([`${label}, round ${k + 3}`, more.pushed, more.seconds, more.pushed / more.seconds, more.pushed / more.seconds / pouch.perSecond, more.cpu, more.pushed / more.cpu / pouch.perCpuSecond, more.server ?? '-']);
      }
    }
    rows.push(['PouchDB replicate, memory -> memory (unverified), first round in the process', docs.length, pouchCold.seconds, pouchCold.perSecond, 1, pouchCold.cpu, 1, '-']);
    rows.push(['PouchDB replicate, memory -> memory (unverified), second round', docs.length, pouch.seconds, pouch.perSecond, 1, pouch.cpu, 1, '-']);
    // Information beside the baseline: a durable PouchDB target, compared with the memory rows of the same rank.
    rows.push(['PouchDB replicate, memory -> LevelDB on disk (unverified, information), first round (runs after both memory rounds: PouchDB\'s code already warm)', docs.length, pouchDiskCold.seconds, pouchDiskCold.perSecond, pouchDiskCold.perSecond / pouchCold.perSecond, pouchDiskCold.cpu, pouchDiskCold.perCpuSecond / pouchCold.perCpuSecond, '-']);
    rows.push(['PouchDB replicate, memory -> LevelDB on disk (unverified, information), second round', docs.length, pouchDisk.seconds, pouchDisk.perSecond, pouchDisk.perSecond / pouch.perSecond, pouchDisk.cpu, pouchDisk.perCpuSecond / pouch.perCpuSecond, '-']);
    return [
      {
        title: `Sync station -> hub over loopback, ${n.toLocaleString('en-US')}+ entries (${signatures} e-signatures), pages of ${PAGE}`,
        columns: ['system', 'entries / docs', 'seconds', 'per second', 'vs PouchDB', 'process CPU s', 'vs PouchDB per CPU s', 'PostgreSQL backends CPU s'],
        rows,
        notes: [
          'Batchline: every entry re-verified at the hub (hash chain, schema, certificates at signing time, each signature, checkpoints), stored and acknowledged per page in one transaction, countersigned; signed requests and answers.',
          'PouchDB: the same entries as JSON documents, replicated in-process between memory adapters (no HTTP, no durability, no verification): an upper bound for plain replication.',
          'PouchDB into LevelDB (information only; the goal stays read on the memory rows): the same replication into the `pouchdb` package\'s default Node adapter (leveldown, files in the bench\'s temporary directory), a durable target as the hub\'s database is, still in-process, without HTTP or verification. Its "vs PouchDB" columns compare it with the memory round of the same rank: above 1, the LevelDB target replicated faster than the memory one (pouchdb-adapter-memory is memdown, a sorted tree in JavaScript; leveldown is native), and Batchline\'s ratio against it is lower by that factor. LevelDB writes without an fsync per batch (leveldown\'s default), where the hub commits each page to PostgreSQL; it compacts on its own threads, and what it does after `replicate` returns is not in the window.',
          'Each system runs twice in the one process, each time into a fresh target (a new hub and a new copy of the station; a new PouchDB pair): the first round pays warm-up (V8 compiling the code, PGlite\'s WASM; PostgreSQL\'s first round comes after PGlite\'s two, so the shared JS is warm by then), the second is as a running hub works; each is compared with PouchDB\'s round of the same rank. The goal (≥ 3×) is read on the second round.',
          'Before every timed window, PouchDB\'s as well as Batchline\'s, a full garbage collection (outside the window) frees what earlier rounds left, so no round pays for another system\'s garbage (the PGlite hubs\' WASM memory, once collected inside PostgreSQL\'s window); each round\'s own garbage is collected inside its window as usual. BATCHLINE_BENCH_SETTLE_GC=0 turns this off.',
          'Process CPU (user + system of this process: station, HTTP, hub and, for PGlite, the database; the PostgreSQL server\'s own CPU is not in it) is the steadier figure on a shared, loaded machine, where wall time mostly measures the neighbours. Beside it, not in the ratio: the CPU of the PostgreSQL server processes serving the hub\'s connections in the same window (/proc/PID/schedstat of every backend connected to the hub\'s database; background writer, WAL writer and checkpointer not included).',
        ],
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * BATCHLINE_BENCH_PROFILE=dir: a V8 CPU profile of each timed window only (`sync.runOnce()`),
 * written as dir/sync-<backend>-<round>.cpuprofile (summarise with a profile viewer). The
 * profiler's own cost is in the window then: read the table of a profiled run as indicative.
 */
async function startProfile(): Promise<{ stop(name: string): Promise<void> } | null> {
  const dir = process.env.BATCHLINE_BENCH_PROFILE;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stop(name) {
      const { profile } = (await post('Profiler.stop')) as { profile: object };
      session.disconnect();
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

/**
 * A full collection before EVERY system's timed window (outside it), Batchline's and PouchDB's
 * alike, so a round does not pay for collecting what the rounds before it left: without it
 * PostgreSQL's second round paid the major collection that freed both PGlite hubs' WASM memory
 * (~145 MB external, freed inside that window: issue 16 item 4), and which round pays for whose
 * garbage depended on the order the systems ran in. A round's own garbage is still collected
 * inside its window. BATCHLINE_BENCH_SETTLE_GC=0: off (the table as it was read before).
 */
function settleGarbage(): void {
  if (process.env.BATCHLINE_BENCH_SETTLE_GC === '0') return;
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * BATCHLINE_BENCH_GC=1: the garbage collector's pauses inside each timed window, on stderr
 * (how much of a round's CPU is collecting what earlier rounds left; issue 16 item 4).
 */
function gcWatch(): { report(name: string, cpu: number): void } | null {
  if (!process.env.BATCHLINE_BENCH_GC) return null;
  const pauses: { kind: number; ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ kind: ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0), ms: e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  const heap0 = process.memoryUsage();
  return {
    report(name, cpu) {
      observer.disconnect();
      const heap = process.memoryUsage();
      const sum = (k: number) => pauses.filter((p) => p.kind === k).reduce((a, p) => a + p.ms, 0).toFixed(0);
      // kinds: 1 minor (scavenge), 2 major (mark-compact), 4 incremental marking, 8 weak callbacks
      process.stderr.write(
        `gc ${name}: cpu ${cpu.toFixed(3)} s; pauses ${pauses.length}, ${pauses.reduce((a, p) => a + p.ms, 0).toFixed(0)} ms (minor ${sum(1)}, major ${sum(2)}, incremental ${sum(4)}); heap used ${(heap0.heapUsed / 1e6).toFixed(0)} -> ${(heap.heapUsed / 1e6).toFixed(0)} MB, external ${(heap0.external / 1e6).toFixed(0)} -> ${(heap.external / 1e6).toFixed(0)} MB, rss ${(heap.rss / 1e6).toFixed(0)} MB\n`,
      );
    },
  };
}

/**
 * The CPU the PostgreSQL backends serving the hub's database spend from now until `seconds()`
 * (/proc/PID/schedstat, ns on CPU, of each backend connected to it; one that connects within the
 * window counts from 0, one that left before its end is missed). Null for PGlite (in the process
 * CPU already) or where /proc cannot be read. Not in the ratio: information beside it.
 */
async function serverCpu(databaseUrl: string | null): Promise<{ seconds(): Promise<number | null> }> {
  if (databaseUrl === null) return { seconds: async () => null };
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const read = async (): Promise<Map<number, number> | null> => {
    const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [name]);
    const out = new Map<number, number>();
    for (const r of rows) {
      try {
        out.set(r.pid, Number(readFileSync(`/proc/${r.pid}/schedstat`, 'utf8').split(' ')[0]));
      } catch {
        return null;
      }
    }
    return out;
  };
  const before = await read();
  return {
    async seconds() {
      try {
        const after = await read();
        if (before === null || after === null) return null;
        let ns = 0;
        for (const [pid, t] of after) ns += t - (before.get(pid) ?? 0);
        return ns / 1e9;
      } finally {
        await admin.end();
      }
    },
  };
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

/** `diskPath`: the target in LevelDB at that path (the default Node adapter) instead of in memory. */
async function pouchReplication(docs: object[], diskPath?: string): Promise<{ seconds: number; perSecond: number; cpu: number; perCpuSecond: number }> {
  const source = new PouchDB(`bench-src-${process.pid}`, { adapter: 'memory' });
  const target = diskPath === undefined ? new PouchDB(`bench-dst-${process.pid}`, { adapter: 'memory' }) : new PouchDB(diskPath, { adapter: 'leveldb' });
  try {
    for (let i = 0; i < docs.length; i += PAGE) await source.bulkDocs(docs.slice(i, i + PAGE));
    settleGarbage();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await PouchDB.replicate(source, target, { batch_size: PAGE });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(c0);
    if (r.docs_written !== docs.length) throw new Error(`PouchDB wrote ${r.docs_written} of ${docs.length}`);
    return { seconds, perSecond: docs.length / seconds, cpu, perCpuSecond: docs.length / cpu };
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
