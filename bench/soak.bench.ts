/**
 * Issue 16, item 5: an 8-hour shift, compressed. One station (training mode, the demo's users
 * and master data, cheap scrypt) runs on an injected clock:
 *   - a balance streaming at 10 Hz: MT-SICS lines through the in-process simulated line, the
 *     real framer, codec and driver, each reading published on the live bus to a subscriber
 *     that serialises it as the web station's socket does;
 *   - an order every 5 minutes (4 weighed lines, signed, through the headless runner);
 *   - a sync every minute to a `batchline hub` process on PostgreSQL (signed requests; the
 *     requests carry real time, the ledger the compressed time).
 * Every 10 simulated minutes, after a forced GC: RSS, heap, active handles, listeners. Passes
 * when RSS stays under 250 MB, its slope over the second half is flat, and handle and
 * listener counts end where they were after warm-up. The RSS curve is printed as a table and
 * written to bench-output/soak-rss.csv and .svg. Full: 8 hours; `--quick`: 1 hour.
 * The baseline in the same run is the same process's state right after warm-up.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BenchOptions, BenchTable } from './bench-table.ts';
import { createStation, type Station } from '../src-main/compose.ts';
import { DEMO_IDENTITY, DEMO_PASSWORD } from '../src-main/demo/seed-demo.ts';
import { createTestUsers } from '../test/fakes/test-users.ts';
import { DEMO_BOOTH, demoMasterData } from '../src-main/demo/demo-master-data.ts';
import { benchFromMasterData, performDailyChecks } from '../src-main/dispensing/bench-setup.ts';
import { runOrder } from '../src-main/dispensing/headless-runner.ts';
import { SimulatedBench } from '../src-main/dispensing/simulated-bench.ts';
import { createInProcessBalance } from '../src-main/devices/simulator/in-process-balance.ts';
import { LiveBus } from '../src-main/shell/live-bus.ts';
import { fixedClock, sequentialIds, systemClock } from '../src-core/clock.ts';
import { httpTransport } from '../src-main/sync/hub-transport.ts';
import { SyncService } from '../src-main/sync/sync-service.ts';
import type { Recipe } from '../src-shared/recipe/recipe.ts';
import { unwrap } from '../src-shared/result.ts';
import { enrolStation } from '../test/hub/support/enrol.ts';
import type { TestHub } from '../test/hub/support/test-hub.ts';
import { TEST_SECRET } from '../test/fakes/test-station.ts';
import { postgresReachable, startHubCluster, type HubCluster } from './support/hub-process.ts';

const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
const MATERIALS = ['EXC-MCC', 'EXC-PVP', 'EXC-CROS', 'EXC-MGST'];
const LIMIT_MB = 250;
const OUT_DIR = new URL('../bench-output/', import.meta.url);

interface Sample {
  minute: number;
  rssMb: number;
  heapMb: number;
  handles: number;
  listeners: number;
  entries: number;
}

export default async function soak({ quick }: BenchOptions): Promise<BenchTable[]> {
  const hours = process.env.BATCHLINE_SOAK_HOURS ? Number(process.env.BATCHLINE_SOAK_HOURS) : quick ? 1 : 8;
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const dir = mkdtempSync(join(tmpdir(), 'batchline-soak-'));
  // From the real time on (the hub's certificates are issued now), compressed from there.
  const clock = fixedClock(new Date(Math.ceil(Date.now() / 1000) * 1000));
  let cluster: HubCluster | null = null;
  const station = prepare(dir, clock);
  const { driver, line, dispose } = createInProcessBalance('mt-sics', { serialNumber: 'SOAK-1' });
  try {
    unwrap(await driver.connect());
    const bus = new LiveBus();
    let published = 0;
    let socketBytes = 0;
    const offBus = bus.subscribe((event) => {
      socketBytes += JSON.stringify(event).length;
      published++;
    });
    const offDriver = driver.on((e) => {
      if (e.type === 'reading') bus.publish({ type: 'balance.reading', balanceId: 'BAL-SOAK', net: { amount: e.reading.mass.amount, unit: e.reading.mass.unit }, stable: e.reading.stable, at: clock.now().getTime() } as never);
    });

    let sync: SyncService | null = null;
    let syncs = 0;
    let syncErrors = 0;
    let firstSyncError = "";
    if (await postgresReachable()) {
      cluster = await startHubCluster('batchline_soak_bench', 1);
      const live = { ...station, clock: systemClock() };
      await enrolStation(live, { url: cluster.procs[0]!.url, api: cluster.api } as TestHub, httpTransport(cluster.procs[0]!.url));
      sync = new SyncService({ station: live, stationSecret: TEST_SECRET, transport: httpTransport(cluster.procs[0]!.url, { keepAlive: true }), pageSize: 500 });
    }

    const samples: Sample[] = [];
    let orders = 0;
    const sample = (minute: number) => {
      gc();
      const m = process.memoryUsage();
      const proc = process as unknown as { _getActiveHandles(): unknown[] };
      const listeners = process.eventNames().reduce((n, e) => n + process.listenerCount(e), 0) + bus.size;
      samples.push({ minute, rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20, handles: proc._getActiveHandles().length, listeners, entries: station.ledger.count() });
    };
    const t0 = performance.now();
    for (let minute = 0; minute < hours * 60; minute++) {
      // 10 Hz for one minute: 600 lines through the driver to the bus.
      for (let i = 0; i < 600; i++) {
        clock.advance(100);
        line.frontEnd.output?.(`S S ${(12.3 + (i % 50) / 1000).toFixed(4).padStart(10)} g\r\n`);
        if (i % 60 === 59) await new Promise((r) => setImmediate(r));
      }
      if (minute % 5 === 0) {
        orders++;
        runSoakOrder(station, `SOAK-${orders}`, clock);
        await completeOrder(station, `SOAK-${orders}`, clock);
      }
      if (sync) {
        syncs++;
        const r = await sync.runOnce();
        if (!r.ok) {
          if (syncErrors === 0) firstSyncError = `${r.error.code}: ${r.error.message}`;
          syncErrors++;
        }
      }
      if (minute % 10 === 0) sample(minute);
    }
    sample(hours * 60);
    const seconds = (performance.now() - t0) / 1000;
    offDriver();
    offBus();

    const warm = samples[1] ?? samples[0]!;
    const last = samples.at(-1)!;
    const half = samples.slice(Math.floor(samples.length / 2));
    const slope = slopePerHour(half.map((s) => [s.minute / 60, s.rssMb]));
    const heapSlope = slopePerHour(half.map((s) => [s.minute / 60, s.heapMb]));
    const peak = Math.max(...samples.map((s) => s.rssMb));
    writeCurve(samples);
    const verdict = peak < LIMIT_MB && slope < 2 && last.handles <= warm.handles && last.listeners <= warm.listeners ? 'pass' : 'FAIL';
    const every = Math.max(1, Math.floor(samples.length / 12));
    return [
      {
        title: `Soak: a ${hours}-hour shift compressed into ${seconds.toFixed(0)} s (balance at 10 Hz, an order every 5 min, sync every minute) — ${verdict}`,
        columns: ['measure', 'after warm-up (baseline)', 'end of shift', 'limit'],
        rows: [
          ['RSS MB', warm.rssMb, last.rssMb, `< ${LIMIT_MB}, peak ${peak.toFixed(0)}`],
          ['RSS slope over the second half, MB/hour', '', slope, '< 2 (flat)'],
          ['heap used MB (slope MB/hour)', warm.heapMb, `${last.heapMb.toFixed(1)} (${heapSlope.toFixed(2)})`, ''],
          ['active handles', warm.handles, last.handles, 'no growth'],
          ['process + bus listeners', warm.listeners, last.listeners, 'no growth'],
          ['ledger entries', warm.entries, last.entries, ''],
        ],
        notes: [
          `${(hours * 36_000).toLocaleString('en-US')} balance lines, ${published.toLocaleString('en-US')} readings published (${(socketBytes / 2 ** 20).toFixed(1)} MB serialised), ${orders} orders, ${syncs} syncs (${syncErrors} failed${firstSyncError ? `, first: ${firstSyncError}` : ""})${sync ? '' : ' — PostgreSQL not reachable: no sync in this run'}.`,
          `RSS curve (simulated minute: MB): ${samples.filter((_, i) => i % every === 0 || i === samples.length - 1).map((s) => `${s.minute}: ${s.rssMb.toFixed(0)}`).join(', ')}. Full curve: bench-output/soak-rss.csv and soak-rss.svg.`,
          'Each sample is taken after a forced GC, so it shows memory held, not garbage not yet collected.',
        ],
      },
    ];
  } finally {
    await dispose();
    station.close();
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function soakRecipe(): Recipe {
  const materialLines = MATERIALS.map((m, i) => ({ lineId: `L${i + 1}`, materialCode: m, quantity: { amount: '50.00', unit: 'g' as const }, tolerance: { type: 'percent' as const, minus: '1', plus: '1' }, compensatesFor: null }));
  return {
    recipeCode: 'SOAK-4',
    version: 1,
    status: 'effective',
    name: 'Soak formula, 4 lines',
    product: { code: 'FG-SOAK', name: 'Soak product' },
    baseBatchSize: { amount: '10.000', unit: 'kg' },
    materialLines,
    unitProcedures: [{ unitProcedureId: 'U1', name: 'Dispense', operations: [{ operationId: 'O1', name: 'Dispense', steps: materialLines.map((l, i) => ({ stepId: `W${i + 1}`, type: 'weigh' as const, name: `Line ${i + 1}`, instruction: 'Dispense into a tared bag.', signatures: { performed: true, verified: i === 0 }, lineId: l.lineId, method: 'net' as const })) }] }],
  };
}

function prepare(dir: string, clock: ReturnType<typeof fixedClock>): Station {
  // A production station (a hub takes no training ledger), its balances the simulated bench
  // handed in as if they were real drivers.
  const simulated = new SimulatedBench();
  const station = unwrap(createStation({ dbPath: join(dir, 'station.db'), stationSecret: TEST_SECRET, clock, ids: sequentialIds(), scrypt: CHEAP_SCRYPT, identity: { ...DEMO_IDENTITY, stationId: 'ST-SOAK-01' }, mode: 'production', dispensing: { balances: simulated } }));
  createTestUsers(station);
  const now = clock.now();
  const containers = MATERIALS.map((m, i) => ({ kind: 'container' as const, key: `SOAK-C${i}`, version: 1, data: { containerId: `SOAK-C${i}`, lotId: demoMasterData(now).find((c) => c.kind === 'lot' && (c.data as { materialCode: string }).materialCode === m)!.key, materialCode: m, quantity: { amount: '1000.000', unit: 'kg' }, tare: { amount: '1.000', unit: 'kg' } } }));
  unwrap(
    station.masterData.applyMasterData(
      [
        ...demoMasterData(now).filter((c) => c.kind !== 'container' || !MATERIALS.some((m) => c.key.includes(m.slice(4)))),
        ...containers,
        { kind: 'recipe', key: 'SOAK-4@1', version: 1, data: soakRecipe() as unknown as Record<string, unknown> },
        { kind: 'training', key: 'op.li/SOAK-4', version: 1, data: { username: 'op.li', recipeCode: 'SOAK-4', trainedOn: '2026-01-01', validUntil: '2027-01-01' } },
      ],
      { origin: 'seed', cursor: null, servedAt: now.toISOString(), actorId: null },
    ),
  );
  benchFromMasterData(simulated, station, DEMO_BOOTH);
  return Object.assign(station, { bench: simulated });
}

let checkedDay = '';
/** The station's calendar day (Asia/Shanghai, +08:00): daily balance checks are per day. */
const stationDay = (clock: ReturnType<typeof fixedClock>) => new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
let boothVersion = 1;
function runSoakOrder(station: Station, batchNumber: string, clock: ReturnType<typeof fixedClock>): void {
  clock.advance(1000);
  if (checkedDay !== '') {
    // The booth is cleaned between orders (master data from the hub in a plant).
    const booth = demoMasterData(clock.now()).find((c) => c.kind === 'booth' && c.key === DEMO_BOOTH)!;
    const data = booth.data as { cleaning: Record<string, unknown> };
    unwrap(station.masterData.applyMasterData([{ ...booth, version: ++boothVersion, data: { ...data, cleaning: { ...data.cleaning, cleanedAt: clock.now().toISOString() } } }], { origin: 'seed', cursor: null, servedAt: clock.now().toISOString(), actorId: null }));
    clock.advance(1000);
  }
  unwrap(station.orderIntake.importOrders([{ batchNumber, productCode: 'FG-SOAK', recipeCode: 'SOAK-4', recipeVersion: 1, batchSize: { amount: '10.000', unit: 'kg' }, erpOrderId: null, plannedStart: null, boothId: null }], { kind: 'api', fileName: null }, null));
}

async function completeOrder(station: Station, batchNumber: string, clock: ReturnType<typeof fixedClock>): Promise<void> {
  if (checkedDay !== stationDay(clock)) {
    const session = unwrap(station.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    unwrap(await performDailyChecks(station, session, station.bench!, ['BAL-A01', 'BAL-P01']));
    checkedDay = stationDay(clock);
  }
  const run = unwrap(
    await runOrder(station, {
      batchNumber,
      boothId: DEMO_BOOTH,
      operator: { username: 'op.li', password: DEMO_PASSWORD },
      supervisor: { username: 'sup.wang', password: DEMO_PASSWORD },
      bench: station.bench!,
      wait: async (ms) => clock.advance(ms),
    }),
  );
  if (run.view.status !== 'complete') throw new Error(`soak order ${batchNumber} ended ${run.view.status}`);
}

/** Least-squares slope of y over x, per unit of x. */
function slopePerHour(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const num = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

function writeCurve(samples: Sample[]): void {
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(new URL('soak-rss.csv', OUT_DIR), ['minute,rss_mb,heap_mb,handles,listeners,entries', ...samples.map((s) => `${s.minute},${s.rssMb.toFixed(1)},${s.heapMb.toFixed(1)},${s.handles},${s.listeners},${s.entries}`)].join('\n') + '\n');
  const w = 600;
  const h = 240;
  const maxX = Math.max(...samples.map((s) => s.minute), 1);
  const maxY = Math.max(LIMIT_MB, ...samples.map((s) => s.rssMb));
  const pt = (x: number, y: number) => `${((x / maxX) * (w - 60) + 50).toFixed(1)},${(h - 30 - (y / maxY) * (h - 50)).toFixed(1)}`;
  const poly = (f: (s: Sample) => number) => samples.map((s) => pt(s.minute, f(s))).join(' ');
  writeFileSync(
    new URL('soak-rss.svg', OUT_DIR),
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="11">
<rect width="${w}" height="${h}" fill="white"/>
<line x1="50" y1="${h - 30}" x2="${w - 10}" y2="${h - 30}" stroke="black"/><line x1="50" y1="20" x2="50" y2="${h - 30}" stroke="black"/>
<polyline points="${pt(0, LIMIT_MB)} ${pt(maxX, LIMIT_MB)}" stroke="red" stroke-dasharray="4" fill="none"/><text x="52" y="${pt(0, LIMIT_MB).split(',')[1]}" fill="red">${LIMIT_MB} MB limit</text>
<polyline points="${poly((s) => s.rssMb)}" stroke="navy" stroke-width="2" fill="none"/>
<polyline points="${poly((s) => s.heapMb)}" stroke="teal" fill="none"/>
<text x="${w / 2}" y="${h - 8}" text-anchor="middle">simulated minutes of the shift (RSS navy, heap teal)</text>
<text x="4" y="14">MB</text>
</svg>
`,
  );
}
