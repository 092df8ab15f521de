/**
 * The sync bench's round with the hub in a child process, so station and hub CPU are measured
 * apart (issue 16 item 3): `node --import tsx bench/support/sync-profile.ts [entries] [pglite|postgres]...`
 * Add `--cpu-prof` to write a V8 CPU profile of the round (only the round) in each process, to
 * BATCHLINE_PROFILE_DIR (default the temp folder): station-<backend>.cpuprofile, hub-<backend>.cpuprofile.
 * Prints, per backend, the station's and the hub's CPU seconds for the round and per entry.
 * Add `--sql` to print the hub's CPU per SQL statement text (the driver's work and, on PGlite, the
 * database's), the statements that cost most first.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStation, type Station } from '../../src-main/compose.ts';
import { fixedClock, sequentialIds, type Clock } from '../../src-core/clock.ts';
import { unwrap } from '../../src-shared/result.ts';
import { createTestUsers } from '../../test/fakes/test-users.ts';
import { TEST_IDENTITY, TEST_SECRET } from '../../test/fakes/test-station.ts';
import { TEST_SCRYPT_PARAMS } from '../../test/fakes/test-scrypt-params.ts';
import { keyPool } from '../../test/fakes/key-pool.ts';
import { stationActivity } from '../../test/hub/support/station-activity.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { SyncService } from '../../src-main/sync/sync-service.ts';
import type { BackendName } from '../../test/hub/support/hub-backends.ts';
import { enrolStation } from '../../test/hub/support/enrol.ts';
import type { TestHub } from '../../test/hub/support/test-hub.ts';
import { adminApi } from './hub-process.ts';

const START = '2026-03-02T01:00:00.000Z';
const PAGE = 500;

type ToChild = { kind: 'cpu'; startProfile?: boolean; stopProfileTo?: string } | { kind: 'close' };
type FromChild = { kind: 'ready'; url: string; token: string } | { kind: 'cpu'; seconds: number; system: number } | { kind: 'closed' };


async function hubChild(backend: BackendName, sqlCpu: boolean): Promise<void> {
  const { startTestHub } = await import('../../test/hub/support/test-hub.ts');
  const perSql = new Map<string, { n: number; ms: number }>();
  if (sqlCpu) {
    // Every drizzle statement goes through queryWithCache (both drivers): its CPU, by text.
    const { PgPreparedQuery } = await import('drizzle-orm/pg-core');
    const proto = PgPreparedQuery.prototype as unknown as { queryWithCache(q: string, p: unknown[], run: () => Promise<unknown>): Promise<unknown> };
    const original = proto.queryWithCache;
    proto.queryWithCache = async function (this: unknown, q: string, p: unknown[], run: () => Promise<unknown>) {
      const c0 = process.cpuUsage();
      try {
        return await original.call(this, q, p, run);
      } finally {
        const u = process.cpuUsage(c0);
        const key = q.replace(/\s+/g, ' ').slice(0, 160);
        const r = perSql.get(key) ?? { n: 0, ms: 0 };
        perSql.set(key, { n: r.n + 1, ms: r.ms + (u.user + u.system) / 1000 });
      }
    };
  }
  const hub = await startTestHub({ backend, clock: fixedClock(new Date(START)) });
  const send = (m: FromChild) => process.send!(m);
  // CPU per route: the station waits for each answer, so a request's CPU is the hub's for it.
  const perRoute = new Map<string, { n: number; ms: number }>();
  let measuring = false;
  let started = 0;
  hub.hub.app.server.prependListener('request', (req: { method?: string; url?: string }, res: NodeJS.EventEmitter) => {
    const c0 = process.cpuUsage();
    res.once('finish', () => {
      if (!measuring) return;
      const u = process.cpuUsage(c0);
      const key = `${req.method} ${(req.url ?? '').split('?')[0]}`;
      const r = perRoute.get(key) ?? { n: 0, ms: 0 };
      perRoute.set(key, { n: r.n + 1, ms: r.ms + (u.user + u.system) / 1000 });
    });
  });
  process.on('message', (m: ToChild) => {
    if (m.kind === 'cpu') {
      void (async () => {
        if (m.stopProfileTo) await profiler.stop(m.stopProfileTo);
        if (measuring) for (const [k, v] of perRoute) console.log(`  hub ${k}: ${v.n} requests, ${v.ms.toFixed(1)} ms CPU`);
        if (measuring) for (const [k, v] of [...perSql].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`  sql ${v.ms.toFixed(1).padStart(7)} ms ${String(v.n).padStart(5)}x ${k}`);
        perSql.clear();
        if (measuring) console.log(`  hub outside requests: ${((process.cpuUsage().user + process.cpuUsage().system) / 1000 - started - [...perRoute.values()].reduce((a, v) => a + v.ms, 0)).toFixed(1)} ms CPU`);
        if (!measuring) started = (process.cpuUsage().user + process.cpuUsage().system) / 1000;
        measuring = !measuring;
        const u = process.cpuUsage();
        send({ kind: 'cpu', seconds: (u.user + u.system) / 1e6, system: u.system / 1e6 });
        if (m.startProfile) await profiler.start();
      })();
    } else {
      void hub.close().then(() => {
        send({ kind: 'closed' });
        process.disconnect();
      });
    }
  });
  send({ kind: 'ready', url: hub.url, token: hub.adminToken });
}

/** The V8 profiler of this process, over the inspector protocol, around exactly what is measured. */
const profiler = (() => {
  const session = new Session();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
  return {
    async start() {
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
    },
    async stop(file: string) {
      const r = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(r.profile));
      session.disconnect();
    },
  };
})();

function open(path: string, clock: Clock): Station {
  return unwrap(createStation({ dbPath: path, stationSecret: TEST_SECRET, clock, ids: sequentialIds(), scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(), checkpointEvery: 100, identity: TEST_IDENTITY }));
}

function ask(child: ChildProcess, m: ToChild, want: FromChild['kind']): Promise<FromChild> {
  return new Promise((resolve) => {
    const on = (r: FromChild) => {
      if (r.kind !== want) return;
      child.off('message', on);
      resolve(r);
    };
    child.on('message', on);
    child.send(m);
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 5000);
  const backends = args.filter((a) => a === 'pglite' || a === 'postgres') as BackendName[];
  const profile = process.argv.includes('--cpu-prof');
  const profileDir = process.env.BATCHLINE_PROFILE_DIR ?? tmpdir();
  const dir = mkdtempSync(join(tmpdir(), 'batchline-sync-profile-'));
  const clock = fixedClock(new Date(START));
  try {
    const base = open(join(dir, 'base.db'), clock);
    createTestUsers(base);
    base.db.sqlite.pragma('synchronous = OFF');
    stationActivity(base).record(n);
    base.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    base.close();
    for (const backend of backends.length > 0 ? backends : (['postgres', 'pglite'] as BackendName[])) {
      const child = fork(fileURLToPath(import.meta.url), ['--hub-child', backend, ...(process.argv.includes('--sql') ? ['--sql'] : [])], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const ready = await new Promise<FromChild>((resolve) => child.once('message', resolve));
      if (ready.kind !== 'ready') throw new Error('hub child did not start');
      const path = join(dir, `${backend}.db`);
      copyFileSync(join(dir, 'base.db'), path);
      const station = open(path, clock);
      try {
        await enrolStation(station, { url: ready.url, api: adminApi(ready.url, ready.token) } as TestHub, httpTransport(ready.url));
        const sync = new SyncService({ station, stationSecret: TEST_SECRET, transport: httpTransport(ready.url, { keepAlive: true }), pageSize: PAGE });
        const hub0 = (await ask(child, { kind: 'cpu', startProfile: profile }, 'cpu')) as { seconds: number; system: number };
        if (profile) await profiler.start();
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const r = unwrap(await sync.runOnce());
        const wall = (performance.now() - t0) / 1000;
        const u = process.cpuUsage(c0);
        const stationCpu = (u.user + u.system) / 1e6;
        if (profile) await profiler.stop(join(profileDir, `station-${backend}.cpuprofile`));
        const hub1 = (await ask(child, { kind: 'cpu', ...(profile ? { stopProfileTo: join(profileDir, `hub-${backend}.cpuprofile`) } : {}) }, 'cpu')) as { seconds: number; system: number };
        const hubCpu = hub1.seconds - hub0.seconds;
        const per = (s: number) => ((s * 1000) / r.pushed).toFixed(3);
        console.log(`${backend}: ${r.pushed} entries in ${wall.toFixed(2)} s wall; station CPU ${stationCpu.toFixed(3)} s (${per(stationCpu)} ms/entry; system ${(u.system / 1e6).toFixed(3)} s), hub CPU ${hubCpu.toFixed(3)} s (${per(hubCpu)} ms/entry; system ${(hub1.system - hub0.system).toFixed(3)} s), together ${(stationCpu + hubCpu).toFixed(3)} s`);
      } finally {
        station.close();
        await ask(child, { kind: 'close' }, 'closed');
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--hub-child') await hubChild(process.argv[3] as BackendName, process.argv.includes('--sql'));
else await main();
