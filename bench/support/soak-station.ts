/**
 * The station side of bench/soak.bench.ts, in a process of its own so that its memory is the
 * station's alone (the hub and the bench harness live in the parent). Arguments: hours, the
 * hub URL ('-' for none) and IT's token in BATCHLINE_SOAK_TOKEN; prints its samples as JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createStation, type Station } from '../../src-main/compose.ts';
import { DEMO_IDENTITY, DEMO_PASSWORD } from '../../src-main/demo/seed-demo.ts';
import { createTestUsers } from '../../test/fakes/test-users.ts';
import { DEMO_BOOTH, demoMasterData } from '../../src-main/demo/demo-master-data.ts';
import { benchFromMasterData, performDailyChecks } from '../../src-main/dispensing/bench-setup.ts';
import { runOrder } from '../../src-main/dispensing/headless-runner.ts';
import { SimulatedBench } from '../../src-main/dispensing/simulated-bench.ts';
import { createInProcessBalance } from '../../src-main/devices/simulator/in-process-balance.ts';
import { LiveBus } from '../../src-main/shell/live-bus.ts';
import { fixedClock, sequentialIds, systemClock } from '../../src-core/clock.ts';
import { TimeTrust } from '../../src-main/core/station/time-trust.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { SyncService } from '../../src-main/sync/sync-service.ts';
import type { Recipe } from '../../src-shared/recipe/recipe.ts';
import { unwrap } from '../../src-shared/result.ts';
import { enrolStation } from '../../test/hub/support/enrol.ts';
import type { TestHub } from '../../test/hub/support/test-hub.ts';
import { TEST_SECRET } from '../../test/fakes/test-station.ts';
import { adminApi } from './hub-process.ts';

const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
const MATERIALS = ['EXC-MCC', 'EXC-PVP', 'EXC-CROS', 'EXC-MGST'];

export interface Sample {
  minute: number;
  rssMb: number;
  heapMb: number;
  handles: number;
  listeners: number;
  entries: number;
}

export interface SoakResult {
  hours: number;
  seconds: number;
  samples: Sample[];
  published: number;
  socketBytes: number;
  orders: number;
  syncs: number;
  syncErrors: number;
  firstSyncError: string;
  synced: boolean;
}

async function shift(hours: number, hubUrl: string | null, token: string): Promise<SoakResult> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const dir = mkdtempSync(join(tmpdir(), 'batchline-soak-'));
  // From the real time on (the hub's certificates are issued now), compressed from there.
  const clock = fixedClock(new Date(Math.ceil(Date.now() / 1000) * 1000));
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
    if (hubUrl) {
      // The shift runs on a compressed clock, hours ahead of the hub's within a minute: the
      // sync's clock comparison (A11-22) is made against real time, as on a plant PC whose
      // clock agrees with the hub; the compressed clock would (rightly) block GMP work.
      const live = { ...station, clock: systemClock(), timeTrust: new TimeTrust(station.ledger, systemClock(), () => station.settings.current().time) };
      await enrolStation(live, { url: hubUrl, api: adminApi(hubUrl, token) } as TestHub, httpTransport(hubUrl));
      sync = new SyncService({ station: live, stationSecret: TEST_SECRET, transport: httpTransport(hubUrl, { keepAlive: true }), pageSize: 500 });
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

    return { hours, seconds, samples, published, socketBytes, orders, syncs, syncErrors, firstSyncError, synced: sync !== null };
  } finally {
    await dispose();
    station.close();
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

const [hoursArg, hubArg] = process.argv.slice(2);
const result = await shift(Number(hoursArg), hubArg && hubArg !== '-' ? hubArg : null, process.env.BATCHLINE_SOAK_TOKEN ?? '');
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
