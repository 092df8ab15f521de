/**
 * Trusted time from IT's seat (issue 10 item 3): `batchline sync --once` against a hub whose
 * clock is two minutes ahead of the line PC's records "time not trusted" and says so, with the
 * policy, even though the sync itself went through. Row A11-22.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src-core/clock.ts';
import Database from 'better-sqlite3';
import { makeTestStation, TEST_SECRET, type TestStation } from '../fakes/test-station.ts';
import { enrolStation } from '../hub/support/enrol.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { cli } from './support.ts';

describe('batchline sync --once and trusted time', () => {
  let hub: TestHub;
  let t: TestStation;
  let hubAheadMs = 0;

  beforeAll(async () => {
    const real = systemClock();
    const hubClock: Clock = { now: () => new Date(Date.now() + hubAheadMs), tzOffset: (at) => real.tzOffset(at) };
    hub = await startTestHub({ backend: 'pglite', clock: hubClock });
    const made = makeTestStation({ config: { clock: real, checkpointEvery: 1000 } });
    t = { ...made, clock: real as TestStation['clock'] };
    await enrolStation(t, hub);
    t.close();
  });
  afterAll(async () => {
    await hub?.close();
    t?.cleanup();
  });

  it('A11-22 warns and records "time not trusted" when the station clock is two minutes behind the hub', async () => {
    const agree = await cli({ BATCHLINE_STATION_SECRET: TEST_SECRET }, 'sync', '--db', t.dbPath, '--hub', hub.url, '--once');
    expect(agree.code).toBe(0);
    expect(agree.err).not.toContain('STATION_TIME_UNTRUSTED');

    hubAheadMs = 120_000;
    const behind = await cli({ BATCHLINE_STATION_SECRET: TEST_SECRET }, 'sync', '--db', t.dbPath, '--hub', hub.url, '--once');
    expect(behind.code).toBe(0);
    expect(behind.err).toMatch(/warning: STATION_TIME_UNTRUSTED: the station clock differs from the hub's by -12\d s; GMP work is blocked/);
    const db = new Database(t.dbPath, { readonly: true });
    try {
      const recorded = db.prepare("select payload from ledger_entries where type = 'station.time_untrusted'").all() as { payload: string }[];
      expect(recorded).toHaveLength(1);
      expect((JSON.parse(recorded[0]!.payload) as { driftSeconds: number; policy: string }).policy).toBe('block');
      expect((JSON.parse(recorded[0]!.payload) as { driftSeconds: number }).driftSeconds).toBeLessThan(-110);
    } finally {
      db.close();
    }
  });
});
