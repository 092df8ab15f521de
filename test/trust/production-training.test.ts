/**
 * An auditor's afternoon: can an operator "place 1234.5 g" on a simulator that answers as the
 * real balance, on a production station? (issue 10 item 1; rows P11-11 device checks, DI-01
 * attributable to the device, DI-06 no trial weighings outside the record.) And does a training
 * station's data ever count as GMP data?
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeTestStation, TEST_IDENTITY, type TestStation } from '../fakes/test-station.ts';
import { makeTestApi } from '../fakes/test-api.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { startStationRuntime } from '../../src-main/shell/station-runtime.ts';
import { BalanceHub } from '../../src-main/shell/balance-hub.ts';
import { LiveBus } from '../../src-main/shell/live-bus.ts';
import { hubBalancePort } from '../../src-main/shell/hub-balance-port.ts';
import { simulatedBalanceSetting } from '../../src-main/shell/balance-spec.ts';
import { simulatorSerial } from '../../src-main/shell/runtime-support.ts';
import { createDemoUsers, DEMO_IDENTITY } from '../../src-main/demo/seed-demo.ts';
import { createStation } from '../../src-main/compose.ts';
import { unwrap } from '../../src-shared/result.ts';
import { cli } from './support.ts';

let t: TestStation | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const simulated = { ...simulatedBalanceSetting(0), id: 'BAL-A01' };

describe('production and training stations', () => {
  it('P11-11 a production station runs no simulated balance: not by CLI flag, settings or API', async () => {
    t = makeTestStation();
    t.close();
    const viaFlag = await startStationRuntime({ dbPath: t.dbPath, shell: 'web', simulateOtherBalances: true, env: { BATCHLINE_STATION_SECRET: 'test-station-secret-0123456789' }, stationConfig: { scrypt: TEST_SCRYPT_PARAMS }, log: () => undefined });
    expect(!viaFlag.ok && viaFlag.error.code).toBe('STATION_PRODUCTION_ONLY');
    const viaBalanceFlag = await startStationRuntime({ dbPath: t.dbPath, shell: 'web', balances: [simulated], env: { BATCHLINE_STATION_SECRET: 'test-station-secret-0123456789' }, log: () => undefined });
    expect(!viaBalanceFlag.ok && viaBalanceFlag.error.code).toBe('STATION_PRODUCTION_ONLY');

    const reopened = makeTestStation({ dir: t.dir, withUsers: false });
    try {
      const viaSettings = reopened.settings.propose(reopened.userId('admin'), 'balances', [simulated], 'try the simulator');
      expect(!viaSettings.ok && viaSettings.error.code).toBe('STATION_PRODUCTION_ONLY');
    } finally {
      reopened.close();
    }

    // The API method does not exist on a production station, whatever the shell would do.
    const api = makeTestApi({ devices: { status: () => ({ balances: [], scanners: [], printers: [] }), simulate: () => ({ ok: true, value: 'ok placed 1234.5 g' }) } });
    try {
      const session = await api.login('op.li');
      const placed = await api.call('devices.simulate', { balanceId: 'BAL-A01', command: 'place 1234.5 g' }, session);
      expect(!placed.ok && placed.error.code).toBe('API_METHOD_UNKNOWN');
    } finally {
      api.station.cleanup();
    }
  });

  it('P11-11 even in training the simulator never answers with a real balance\'s serial number', async () => {
    expect(simulatorSerial('B771204518')).toBe('SIM-B771204518');
    expect(simulatorSerial('SIM-B771204518')).toBe('SIM-B771204518');
    const hub = new BalanceHub({ bus: new LiveBus(), allowSimulators: () => false });
    await hub.apply([simulated]);
    expect(hub.status()[0]!.lastError?.code).toBe('STATION_PRODUCTION_ONLY');
    expect(!hub.simulate('BAL-A01', 'place 1 g').ok).toBe(true);
    await hub.close();
  });

  it('DI-01 every reading names the device that produced it (model, serial, firmware) and its port', async () => {
    const hub = new BalanceHub({ bus: new LiveBus(), allowSimulators: () => true });
    try {
      await hub.apply([simulated], new Map([['BAL-A01', { model: 'XPR205', serialNumber: 'SIM-B548912307', software: '2.1.0' }]]));
      await expect.poll(() => hub.status()[0]!.serialNumber, { timeout: 10_000 }).toBe('SIM-B548912307');
      unwrap(hub.simulate('BAL-A01', 'place 12.5 g'));
      const reading = unwrap(await hubBalancePort(hub).readStable('BAL-A01', 5000));
      expect(reading.device).toEqual({ model: 'XPR205', serialNumber: 'SIM-B548912307', firmware: expect.stringContaining('2.1.0'), port: 'simulated', simulated: true });
    } finally {
      await hub.close();
    }
  });

  it('the genesis fixes production or training for good; the demo and its accounts exist only in training', async () => {
    t = makeTestStation({ withUsers: false });
    expect(t.mode).toBe('production');
    expect(t.ledger.bySeq(1)!.payload).toMatchObject({ mode: 'production', checkpointEvery: 100 });
    expect(() => createDemoUsers(t!)).toThrow(/STATION_PRODUCTION_ONLY|production station/);
    // Re-opening with another mode changes nothing: the genesis decides.
    t.close();
    const again = unwrap(createStation({ dbPath: t.dbPath, stationSecret: 'test-station-secret-0123456789', mode: 'training', identity: DEMO_IDENTITY }));
    expect(again.mode).toBe('production');
    again.close();

    // What `batchline demo` makes (the CLI passes DEMO_IDENTITY and training; in-process here
    // with the tests' cheap scrypt, the CLI's real cost takes minutes).
    const demo = unwrap(createStation({ dbPath: join(t.dir, 'demo.db'), stationSecret: 'test-station-secret-0123456789', scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(), identity: DEMO_IDENTITY, mode: 'training' }));
    createDemoUsers(demo);
    demo.close();
    const verified = await cli({}, 'verify', '--db', join(t.dir, 'demo.db'), '--json');
    expect(JSON.parse(verified.out)).toMatchObject({ ok: true, mode: 'training' });
  });

  it('a production station without configured balances has no simulated bench to weigh on', () => {
    t = makeTestStation();
    expect(t.bench).toBeNull();
    const training = unwrap(createStation({ dbPath: join(t.dir, 'training.db'), stationSecret: 'test-station-secret-0123456789', scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(), identity: TEST_IDENTITY, mode: 'training' }));
    expect(training.bench).not.toBeNull();
    training.close();
  });
});
