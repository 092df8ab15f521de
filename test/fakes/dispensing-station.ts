/**
 * A station ready to dispense, for engine tests: the real composition root (fixed clock, cheap
 * scrypt, pooled keys), verified demo users, the demo master data, balances on the simulated
 * bench with the day's periodic checks done, and helpers to import orders and restart.
 *
 * Making a station (CA and station keys, users) takes seconds, so each process builds one
 * template database per start time and every test gets its own copy of the file.
 */
import { join } from 'node:path';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createStation, type Station, type StationConfig } from '../../src-main/compose.ts';
import { fixedClock, sequentialIds } from '../../src-core/clock.ts';
import { createDemoUsers, DEMO_PASSWORD } from '../../src-main/demo/seed-demo.ts';
import { DEMO_BOOTH, DEMO_PRODUCT, DEMO_RECIPE, demoMasterData } from '../../src-main/demo/demo-master-data.ts';
import { benchFromMasterData, performDailyChecks } from '../../src-main/dispensing/bench-setup.ts';
import { SimulatedBench } from '../../src-main/dispensing/simulated-bench.ts';
import type { BalancePort } from '../../src-core/order/balance-port.ts';
import type { EngineConfig } from '../../src-main/core/engine/engine-config.ts';
import type { DispensingConfig } from '../../src-main/dispensing/compose-dispensing.ts';
import type { MasterDataChange } from '../../src-shared/master-data/master-data-change.ts';
import type { Mass } from '../../src-shared/mass.ts';
import { unwrap } from '../../src-shared/result.ts';
import type { ScryptParams } from '../../src-core/auth/scrypt-kdf.ts';
import { TEST_SCRYPT_PARAMS } from './test-scrypt-params.ts';
import { keyPool } from './key-pool.ts';
import { TEST_IDENTITY, tempDir } from './test-station.ts';

export const SECRET = 'dispensing-test-secret-0123456789';
export const START = new Date('2026-03-02T01:00:00.000Z');
export { DEMO_PASSWORD, DEMO_BOOTH };

export interface DispensingStation {
  readonly station: Station;
  readonly bench: SimulatedBench;
  clock: ReturnType<typeof fixedClock>;
  dir: string;
  dbPath: string;
  /** Logs a user in; returns the session id. */
  login(username: string): string;
  /** Imports one order for the demo recipe (its effective version). */
  importOrder(batchNumber: string, batchSize?: Mass): void;
  /** Applies master-data changes as the hub's sync would (now as served time). */
  applyMasterData(changes: MasterDataChange[]): void;
  /** A new version of a master-data object with some fields replaced. */
  revise(kind: MasterDataChange['kind'], key: string, patch: Record<string, unknown>): void;
  /** Closes this process's station and opens the same file anew (a restart). */
  restart(): void;
  close(): void;
}

const templates = new Map<string, Promise<string>>();

function baseConfig(dbPath: string, clock: ReturnType<typeof fixedClock>, keysOffset: number, scrypt: ScryptParams): StationConfig {
  // Training: the engine tests weigh on the simulated bench, which production stations do not have.
  return { dbPath, stationSecret: SECRET, clock, ids: sequentialIds(), scrypt, keys: keyPool(keysOffset), identity: TEST_IDENTITY, mode: 'training' };
}

/** A closed database with users, demo master data and the day's balance checks, at `start`. */
async function template(start: Date, scrypt: ScryptParams): Promise<string> {
  const key = `${start.toISOString()} scrypt N=${scrypt.N} r=${scrypt.r} p=${scrypt.p}`;
  let t = templates.get(key);
  if (!t) {
    t = (async () => {
      const dbPath = join(tempDir('batchline-engine-template-'), 'template.db');
      const clock = fixedClock(start);
      const station = unwrap(createStation(baseConfig(dbPath, clock, 0, scrypt)));
      createDemoUsers(station);
      unwrap(station.masterData.applyMasterData(demoMasterData(start), { origin: 'seed', cursor: null, servedAt: start.toISOString(), actorId: null }));
      benchFromMasterData(station.bench!, station);
      const session = unwrap(station.auth.login('op.li', DEMO_PASSWORD)).sessionId;
      unwrap(await performDailyChecks(station, session, station.bench!, ['BAL-A01', 'BAL-P01']));
      station.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      station.close();
      return dbPath;
    })();
    templates.set(key, t);
  }
  return t;
}

/**
 * `inMemoryFs`: put the database on tmpfs (/dev/shm) where fsync costs nothing — for tests of
 * logic that run thousands of commands; durability itself is tested on the real disk.
 * `scrypt`: the cost of the users' password hashes and wrapped signing keys (default
 * TEST_SCRYPT_PARAMS), for tests that sign thousands of times: the checks are the same code at
 * any cost (the production cost is pinned in src-core/auth/password-hash.test.ts).
 */
export async function makeDispensingStation(
  opts: {
    engine?: Partial<EngineConfig>;
    start?: Date;
    inMemoryFs?: boolean;
    labels?: Pick<DispensingConfig, 'labels' | 'labelMode'>;
    scrypt?: ScryptParams;
    /** The station's balances built over the simulated bench (some of them real drivers through driverBalancePort, say). */
    balances?: (bench: SimulatedBench) => BalancePort;
  } = {},
): Promise<DispensingStation> {
  const start = opts.start ?? START;
  const scrypt = opts.scrypt ?? TEST_SCRYPT_PARAMS;
  const dir = opts.inMemoryFs && existsSync('/dev/shm') ? mkdtempSync('/dev/shm/batchline-engine-') : tempDir('batchline-engine-');
  const dbPath = join(dir, 'station.db');
  copyFileSync(await template(start, scrypt), dbPath);
  const clock = fixedClock(start);
  let bench: SimulatedBench | null = opts.balances ? new SimulatedBench() : null;
  const balances = opts.balances && bench ? opts.balances(bench) : null;
  // The bench is the physical world: it survives a restart of the station process.
  const config = (offset: number): StationConfig => ({
    ...baseConfig(dbPath, clock, offset, scrypt),
    dispensing: { engine: { stableTimeoutMs: 50, stationChoices: false, ...opts.engine }, ...(balances ? { balances } : bench ? { balances: bench } : {}), ...opts.labels },
  });
  let station = unwrap(createStation(config(20)));
  bench ??= station.bench!;
  benchFromMasterData(bench, station);
  let restarts = 0;
  const apply = (changes: MasterDataChange[]) =>
    unwrap(station.masterData.applyMasterData(changes, { origin: 'hub', cursor: null, servedAt: clock.now().toISOString(), actorId: null }));
  return {
    get station() {
      return station;
    },
    get bench() {
      return bench!;
    },
    clock,
    dir,
    dbPath,
    login: (username) => unwrap(station.auth.login(username, DEMO_PASSWORD)).sessionId,
    importOrder(batchNumber, batchSize = { amount: '2.000', unit: 'kg' }) {
      unwrap(
        station.orderIntake.importOrders(
          [{ batchNumber, productCode: DEMO_PRODUCT, recipeCode: DEMO_RECIPE, recipeVersion: null, batchSize, erpOrderId: null, plannedStart: null, boothId: null }],
          { kind: 'api', fileName: null },
          null,
        ),
      );
    },
    applyMasterData: apply,
    revise(kind, key, patch) {
      const current = station.masterData.reader.get(kind, key)!;
      apply([{ kind, key, version: current.version + 1, data: { ...(current.data as Record<string, unknown>), ...patch } }]);
    },
    restart() {
      station.close();
      restarts += 1;
      station = unwrap(createStation(config(20 + restarts * 3)));
    },
    close() {
      station.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
