/**
 * A station for tests: the real composition root with a fixed clock, sequential ids, cheap
 * scrypt and a throwaway database file, provisioned as a production station (TEST_IDENTITY),
 * plus the test users (the demo's people, created as a site admin would).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStation, type Station, type StationConfig } from '../../src-main/compose.ts';
import { fixedClock, sequentialIds, type IdSource } from '../../src-core/clock.ts';
import type { KeySource } from '../../src-core/pki/key-source.ts';
import { unwrap } from '../../src-shared/result.ts';
import { DEMO_PASSWORD } from '../../src-main/demo/seed-demo.ts';
import type { StationIdentity } from '../../src-main/core/station/station-bootstrap.ts';
import { createTestUsers } from './test-users.ts';
import { TEST_SCRYPT_PARAMS } from './test-scrypt-params.ts';
import { keyPool } from './key-pool.ts';

export const TEST_SECRET = 'test-station-secret-0123456789';
export const T0 = new Date('2026-03-02T01:00:00.000Z');
/** What provisioning gives a test station (no station id is built into the product). */
export const TEST_IDENTITY: StationIdentity = { stationId: 'ST-DEMO-01', name: 'Dispensing booth 1', site: 'Demo plant', timeZone: 'Asia/Shanghai' };

export interface TestStation extends Station {
  clock: ReturnType<typeof fixedClock>;
  dir: string;
  dbPath: string;
  userId(username: string): string;
  cleanup(): void;
}

export function tempDir(prefix = 'batchline-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A closed test station's database kept to start others from (`makeTestStation({ from })`), with
 * what its making used of the station's id and key sources, so that a station started from it
 * goes on where that one stopped: the next id and the next pool key are the ones the original
 * station would have handed out next, never one already in the database.
 */
export interface StationTemplate {
  dbPath: string;
  idCounters: ReadonlyMap<string, number>;
  keysUsed: number;
}

/** sequentialIds(), going on from what `counters` holds (prefix -> the last number handed out). */
function continuingIds(counters: Map<string, number>): IdSource {
  return {
    next(prefix) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}-${String(n).padStart(4, '0')}`;
    },
  };
}

export function makeTestStation(opts: { dir?: string; withUsers?: boolean; config?: Partial<StationConfig>; from?: StationTemplate } = {}): TestStation & { template(): Omit<StationTemplate, 'dbPath'> } {
  const dir = opts.dir ?? tempDir();
  const dbPath = join(dir, 'station.db');
  const clock = fixedClock(T0);
  const idCounters = new Map(opts.from?.idCounters ?? []);
  let keysUsed = opts.from?.keysUsed ?? 0;
  const pool = keyPool(keysUsed);
  const keys: KeySource = {
    next: () => {
      keysUsed++;
      return pool.next();
    },
    nextCa: () => pool.nextCa!(),
  };
  if (opts.from) copyFileSync(opts.from.dbPath, dbPath);
  const station = unwrap(createStation({ dbPath, stationSecret: TEST_SECRET, clock, ids: continuingIds(idCounters), scrypt: TEST_SCRYPT_PARAMS, keys, identity: TEST_IDENTITY, ...opts.config }));
  if (!opts.from && (opts.withUsers ?? true)) createTestUsers(station);
  return {
    ...station,
    clock,
    dir,
    dbPath,
    userId: (username) => station.users.byUsername(username)!.userId,
    cleanup() {
      station.close();
      rmSync(dir, { recursive: true, force: true });
    },
    template: () => ({ idCounters: new Map(idCounters), keysUsed }),
  };
}

/** Re-opens the same database as a fresh process would (new services, same file). */
export function reopen(t: TestStation): Station {
  return unwrap(createStation({ dbPath: t.dbPath, stationSecret: TEST_SECRET, clock: t.clock, ids: sequentialIds(), scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(12) }));
}

export { DEMO_PASSWORD };
