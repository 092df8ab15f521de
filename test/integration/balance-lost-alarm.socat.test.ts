/**
 * The lost-balance alarm wired in the running station (issue 13 gap 4), not only the unit: the
 * station runtime both shells start (startStationRuntime), on a production database, with an
 * MT-SICS balance on a socat pty whose other end is the simulator as its own process. The balance
 * delivers readings, is unplugged (the simulator stops answering; the pty stays), and the
 * station's alarm API (`alarms.list`, as the banner asks) shows one warning alarm for it; plugged
 * back, its readings return and the alarm is cleared (left on the open list, unacknowledged, as
 * the lifecycle keeps a condition nobody acknowledged).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation } from '../../src-main/compose.ts';
import { resolveSerialSettings } from '../../src-main/devices/balance/serial-settings.ts';
import { startStationRuntime, type StationRuntime } from '../../src-main/shell/station-runtime.ts';
import type { StationAlarmView } from '../../src-shared/alarm/alarm-contract.ts';
import { unwrap } from '../../src-shared/result.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { DEMO_PASSWORD, TEST_IDENTITY } from '../fakes/test-station.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { createTestUsers } from '../fakes/test-users.ts';
import { killAll, makePtyDir, removeDir, startSimulator, startSocat, waitUntil, type PtyPair, type SimulatorProcess } from '../devices/socat-harness.ts';

const SECRET = 'balance-alarm-test-secret-0123456789';
const BALANCE = 'BAL-PTY-01';

describe('the lost-balance alarm in the running station (socat pty, simulator process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'batchline-balance-alarm-'));
  let pair: PtyPair;
  let sim: SimulatorProcess;
  let runtime: StationRuntime;
  let session: string;

  beforeAll(async () => {
    pair = makePtyDir();
    await startSocat(pair);
    sim = await startSimulator('mt-sics', pair.balanceEnd);
    const dbPath = join(dir, 'station.db');
    const seeding = unwrap(createStation({ dbPath, stationSecret: SECRET, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(), identity: TEST_IDENTITY }));
    createTestUsers(seeding);
    seeding.close();
    const started = await startStationRuntime({
      dbPath,
      shell: 'web',
      balances: [{ id: BALANCE, label: 'MT-SICS on a pty', protocol: 'mt-sics', port: pair.stationEnd, serial: unwrap(resolveSerialSettings('mt-sics', { baudRate: 9600, handshake: 'none' })) }],
      env: { BATCHLINE_STATION_SECRET: SECRET },
      stationConfig: { scrypt: TEST_SCRYPT_PARAMS, keys: keyPool() },
      log: () => undefined,
    });
    if (!started.ok) throw new Error(started.error.message);
    runtime = started.value;
    const login = await runtime.api('auth.login', { username: 'sup.wang', password: DEMO_PASSWORD }, { sessionId: null });
    session = (login as { ok: true; value: { sessionId: string } }).value.sessionId;
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
    await killAll();
    if (pair) removeDir(pair);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The station's alarm API, as the banner asks it. */
  const balanceAlarms = async (open: boolean): Promise<StationAlarmView[]> => {
    const r = await runtime.api('alarms.list', { open }, { sessionId: session });
    expect(r.ok).toBe(true);
    return (r as { ok: true; value: StationAlarmView[] }).value.filter((a) => a.kind === 'balance-lost');
  };
  let seen: StationAlarmView[] = [];
  const alarmsUntil = async (open: boolean, cond: (a: StationAlarmView[]) => boolean, what: string) => {
    const deadline = Date.now() + 8000;
    for (;;) {
      seen = await balanceAlarms(open);
      if (cond(seen) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(cond(seen), `${what}: ${JSON.stringify(seen)}`).toBe(true);
  };
  const status = () => runtime.balances.status().find((b) => b.id === BALANCE)!;

  it('FR-83 D25-05 a balance delivering readings, unplugged, raises one warning alarm on the alarm API; plugged back, its readings clear it', async () => {
    await sim.control('place 12.5 g');
    await waitUntil(() => status().state === 'connected' && status().lastReading !== null, 8000, `a streaming balance (${JSON.stringify(status())})`);
    expect(await balanceAlarms(true)).toEqual([]);

    await sim.control('unplug');
    await alarmsUntil(true, (a) => a.length === 1, 'the lost balance on the open list');
    expect(seen[0]).toMatchObject({ source: 'equipment', kind: 'balance-lost', severity: 'warning', subject: BALANCE, messageKey: 'balance-lost', params: { balance: BALANCE }, state: 'active', clearedAt: null });
    const alarmId = seen[0]!.alarmId;

    await sim.control('plug');
    await alarmsUntil(false, (a) => a.length === 1 && a[0]!.clearedAt !== null, 'the alarm cleared by the readings coming back');
    expect(seen[0]).toMatchObject({ alarmId, state: 'cleared-unacknowledged' });
    expect(status().state).toBe('connected');
    // Recorded once each, in the ledger (signed, synced like any entry).
    const entries = runtime.station.ledger.query({ types: ['alarm.raised', 'alarm.cleared'], limit: 100 }).filter((e) => (e.payload as { alarmId: string }).alarmId === alarmId);
    expect(entries.map((e) => e.type)).toEqual(['alarm.raised', 'alarm.cleared']);
  }, 30_000);
});
