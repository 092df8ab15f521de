/**
 * DI-14: the station takes GMP input only from enrolled devices. A serial scanner is enrolled
 * with its USB identity; while its port holds another device, scans from it reach no screen and
 * each attempt is recorded. Once an admin enrols the device (a settings change with a reason),
 * its scans count. The scanner is played on a real socat pty; the OS port list is replaced by a
 * function the test controls (a pty has no USB identity).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStationRuntime, type StationRuntime } from '../../src-main/shell/station-runtime.ts';
import { createStation } from '../../src-main/compose.ts';
import { createTestUsers } from '../fakes/test-users.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_IDENTITY } from '../fakes/test-station.ts';
import { killAll, makePtyDir, removeDir, startSocat, waitUntil, type PtyPair } from '../devices/socat-harness.ts';
import { unwrap } from '../../src-shared/result.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import type { UsbIdentity } from '../../src-main/devices/scanner/usb-identity.ts';
import { changeSetting } from '../fakes/change-setting.ts';

const SECRET = 'enrolled-devices-secret-0123456789';
const ENROLLED = { vendorId: '05e0', productId: '1200', serialNumber: 'S-ENROLLED-1' };
const dir = mkdtempSync(join(tmpdir(), 'batchline-di14-'));
let pair: PtyPair;
let runtime: StationRuntime;
let device: SerialPort;
let onPort: UsbIdentity | null = { vendorId: '0c2e', productId: '0b61', serialNumber: 'UNKNOWN-7' };
const published: string[] = [];

function scan(data: string): Promise<void> {
  return new Promise((resolve, reject) => device.write(Buffer.from(`${data}\r\n`, 'latin1'), (e) => (e ? reject(e) : device.drain(() => resolve()))));
}
const refusals = () => runtime.station.ledger.query({ types: ['device.input_refused'], limit: 100 });

beforeAll(async () => {
  pair = makePtyDir();
  await startSocat(pair);
  const made = unwrap(createStation({ dbPath: join(dir, 'station.db'), stationSecret: SECRET, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(), identity: TEST_IDENTITY }));
  createTestUsers(made);
  made.close();
  const started = await startStationRuntime({
    dbPath: join(dir, 'station.db'),
    shell: 'web',
    env: { BATCHLINE_STATION_SECRET: SECRET },
    stationConfig: { scrypt: TEST_SCRYPT_PARAMS, keys: keyPool() },
    usbIdentity: async () => onPort,
    log: () => undefined,
  });
  if (!started.ok) throw new Error(started.error.message);
  runtime = started.value;
  runtime.bus.subscribe((e) => {
    if (e.type === 'scanner.scan') published.push(e.data);
  });
  changeSetting(runtime.station, 'scanners', [{ id: 'SCAN-02', kind: 'serial', port: pair.stationEnd, baudRate: 9600, usb: ENROLLED }], 'enrol the line 1 scanner', runtime.settings);
  await waitUntil(() => runtime.scanners.state('SCAN-02') === 'listening', 5000, 'scanner listening');
  device = new SerialPort({ path: pair.balanceEnd, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => device.open((e) => (e ? reject(e) : resolve())));
}, 60_000);

afterAll(async () => {
  if (device?.isOpen) await new Promise<void>((r) => device.close(() => r()));
  await runtime?.close();
  await killAll();
  if (pair) removeDir(pair);
  rmSync(dir, { recursive: true, force: true });
});

describe('only enrolled devices give GMP input', () => {
  it('DI-14 scans from another device on the enrolled port reach no screen and each attempt is recorded', async () => {
    await scan('C-PARA-0003');
    await waitUntil(() => refusals().length === 1, 5000, 'the refused scan recorded');
    expect(published).toEqual([]);
    const entry = refusals()[0]!;
    expect(entry.actor).toBeNull();
    expect(entry.payload).toEqual({ deviceKind: 'scanner', deviceId: 'SCAN-02', port: pair.stationEnd, expected: ENROLLED, found: onPort, data: 'C-PARA-0003' });
    const en = renderRecordLine(describeEntry(entry.type, entry.payload), 'en');
    expect(en).toBe(`Input from scanner SCAN-02 on ${pair.stationEnd} ignored: the device there (USB 0c2e:0b61 S/N UNKNOWN-7) is not the enrolled one (USB 05e0:1200 S/N S-ENROLLED-1); data C-PARA-0003`);
    expect(renderRecordLine(describeEntry(entry.type, entry.payload), 'zh-CN')).toContain('不是已登记的设备');
  });

  it('DI-14 the same model with another serial number is another device; once an admin enrols it, its scans count', async () => {
    onPort = { ...ENROLLED, serialNumber: 'S-OTHER-2' };
    // Re-applying the settings re-identifies the port: still not the enrolled serial number.
    changeSetting(runtime.station, 'scanners', [{ id: 'SCAN-02', kind: 'serial', port: pair.stationEnd, baudRate: 9600, usb: ENROLLED, maxInterKeyMs: 50 }], 're-read the port', runtime.settings);
    await waitUntil(() => runtime.scanners.state('SCAN-02') === 'listening', 5000, 'scanner listening');
    await scan('C-PARA-0004');
    await waitUntil(() => refusals().length === 2, 5000, 'the second refused scan');
    expect(published).toEqual([]);
    changeSetting(runtime.station, 'scanners', [{ id: 'SCAN-02', kind: 'serial', port: pair.stationEnd, baudRate: 9600, usb: { ...ENROLLED, serialNumber: 'S-OTHER-2' } }], 'replacement scanner S-OTHER-2 enrolled, CR-2026-114', runtime.settings);
    await waitUntil(() => runtime.scanners.state('SCAN-02') === 'listening', 5000, 'scanner listening');
    await scan('C-PARA-0005');
    await waitUntil(() => published.length === 1, 5000, 'the scan published');
    expect(published).toEqual(['C-PARA-0005']);
    expect(refusals()).toHaveLength(2);
  });
});
