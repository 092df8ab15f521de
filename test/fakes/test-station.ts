/**
 * A station for tests: the real composition root with a fixed clock, sequential ids, cheap
 * scrypt and a throwaway database file, provisioned as a production station (TEST_IDENTITY),
 * plus the test users (the demo's people, created as a site admin would).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStation, type Station, type StationConfig } from '../../src-main/compose.ts';
import { fixedClock, sequentialIds } from '../../src-core/clock.ts';
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

export function makeTestStation(opts: { dir?: string; withUsers?: boolean; config?: Partial<StationConfig> } = {}): TestStation {
  const dir = opts.dir ?? tempDir();
  const dbPath = join(dir, 'station.db');
  const clock = fixedClock(T0);
  const station = unwrap(
    createStation({ dbPath, stationSecret: TEST_SECRET, clock, ids: sequentialIds(), scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(), identity: TEST_IDENTITY, ...opts.config }),
  );
  if (opts.withUsers ?? true) createTestUsers(station);
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
  };
}

/** Re-opens the same database as a fresh process would (new services, same file). */
export function reopen(t: TestStation): Station {
  return unwrap(createStation({ dbPath: t.dbPath, stationSecret: TEST_SECRET, clock: t.clock, ids: sequentialIds(), scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(12) }));
}

export { DEMO_PASSWORD };
