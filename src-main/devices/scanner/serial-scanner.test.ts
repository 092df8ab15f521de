/**
 * The serial scanner over a real socat pseudo-terminal pair: the test plays the scanner on one
 * end with its own serialport, the SerialScanner under test opens the other end.
 */
import { SerialPort } from 'serialport';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseBarcode } from '../../../src-shared/gs1/parse-barcode.ts';
import { unwrap } from '../../../src-shared/result.ts';
import { SerialScanner, type SerialScannerEvent } from './serial-scanner.ts';
import { removePtyPair, startPtyPair, stopPtyPair, waitUntil, type PtyPair } from './socat-pty-pair.testkit.ts';

let pair: PtyPair;
let device: SerialPort | null = null;
let scanner: SerialScanner | null = null;
let events: SerialScannerEvent[] = [];
let clock = 1_700_000_000_000;

async function openDevice(): Promise<SerialPort> {
  const port = new SerialPort({ path: pair.deviceEnd, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  device = port;
  return port;
}

async function closeDevice(): Promise<void> {
  const port = device;
  device = null;
  if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
}

function send(bytes: string): Promise<void> {
  return new Promise((resolve, reject) => device!.write(Buffer.from(bytes, 'latin1'), (e) => (e ? reject(e) : device!.drain(() => resolve()))));
}

async function startScanner(settings: Parameters<typeof SerialScanner.create>[0]['settings'] = {}): Promise<SerialScanner> {
  events = [];
  scanner = unwrap(SerialScanner.create({ path: pair.stationEnd, settings: { reconnect: { initialDelayMs: 50, maxDelayMs: 200 }, ...settings }, now: () => clock }));
  scanner.on((e) => events.push(e));
  unwrap(await scanner.open());
  return scanner;
}

const scans = () => events.flatMap((e) => (e.type === 'scan' ? [e.scan] : []));
const waitForScans = (n: number) => waitUntil(() => scans().length >= n, 5000, `${n} scans`);

beforeAll(async () => {
  pair = await startPtyPair();
});

afterEach(async () => {
  await scanner?.close();
  scanner = null;
  await closeDevice();
  if (!pair.proc) await startPtyPair(pair);
});

afterAll(async () => {
  await removePtyPair(pair);
});

describe('SerialScanner over a socat pty pair', () => {
  it('turns each CR-terminated line into a ScanEvent stamped by the injected clock', async () => {
    await startScanner();
    await openDevice();
    clock = 1_700_000_000_123;
    await send('0109501101530003\r9501101530003\r');
    await waitForScans(2);
    expect(scans()).toEqual([
      { source: 'serial', deviceId: pair.stationEnd, data: '0109501101530003', receivedAt: 1_700_000_000_123 },
      { source: 'serial', deviceId: pair.stationEnd, data: '9501101530003', receivedAt: 1_700_000_000_123 },
    ]);
    expect(events[0]).toEqual({ type: 'connected', path: pair.stationEnd });
  });

  it('keeps GS (ASCII 29) so a GS1 DataMatrix scan parses', async () => {
    await startScanner();
    await openDevice();
    await send(']d2010950110153000310LOT-7\x1D17260131\r');
    await waitForScans(1);
    const parsed = parseBarcode(scans()[0]!.data, { referenceYear: 2025 });
    expect(parsed.ok && parsed.value).toMatchObject({ gtin: '09501101530003', lot: 'LOT-7', expiry: '2026-01-31' });
  });

  it('reassembles a line that arrives in pieces and splits lines that arrive together', async () => {
    await startScanner({ lineEnding: 'CRLF' });
    await openDevice();
    await send('(01)0950110');
    await new Promise((r) => setTimeout(r, 60));
    await send('1530003\r\nABC\r\nDEF\r\n');
    await waitForScans(3);
    expect(scans().map((s) => s.data)).toEqual(['(01)09501101530003', 'ABC', 'DEF']);
  });

  it('tolerates CR LF from a scanner configured for CR, and ignores blank lines', async () => {
    await startScanner({ lineEnding: 'CR' });
    await openDevice();
    await send('FIRST\r\n\r\nSECOND\r\n');
    await waitForScans(2);
    expect(scans().map((s) => s.data)).toEqual(['FIRST', 'SECOND']);
  });

  it('strips a programmed prefix and suffix (STX ... ETX)', async () => {
    await startScanner({ prefix: '\x02', suffix: '\x03' });
    await openDevice();
    await send('\x02BIN-000123\x03\r');
    await waitForScans(1);
    expect(scans()[0]!.data).toBe('BIN-000123');
  });

  it('refuses a run of bytes without terminator and recovers for the next scan', async () => {
    await startScanner();
    await openDevice();
    await send('X'.repeat(5000));
    await waitUntil(() => events.some((e) => e.type === 'rejected'), 5000, 'rejection');
    expect(events.find((e) => e.type === 'rejected')).toMatchObject({ error: { code: 'SCANNER_LINE_TOO_LONG' } });
    await send('\rGOOD-SCAN\r');
    await waitUntil(() => scans().some((s) => s.data === 'GOOD-SCAN'), 5000, 'scan after overflow');
    expect(scans().every((s) => s.data.length <= 4096)).toBe(true);
  });

  it('reports a pulled cable and reconnects by itself when it is put back', async () => {
    await startScanner();
    await openDevice();
    await send('BEFORE\r');
    await waitForScans(1);
    await closeDevice();
    await stopPtyPair(pair); // the cable is pulled: the pty vanishes
    await waitUntil(() => events.some((e) => e.type === 'disconnected'), 5000, 'disconnected');
    await startPtyPair(pair); // put back on the same path
    await waitUntil(() => events.filter((e) => e.type === 'connected').length >= 2, 10_000, 'reconnected');
    await openDevice();
    await send('AFTER\r');
    await waitUntil(() => scans().some((s) => s.data === 'AFTER'), 5000, 'scan after reconnect');
    expect(events.map((e) => e.type)).toEqual(['connected', 'scan', 'disconnected', 'connected', 'scan']);
  });

  it('refuses a port that does not exist with a typed error', async () => {
    const s = unwrap(SerialScanner.create({ path: `${pair.dir}/missing`, now: () => clock }));
    const r = await s.open();
    await s.close();
    expect(!r.ok && r.error.code).toBe('DEVICE_PORT_OPEN_FAILED');
  });

  it('refuses invalid settings before touching the port', () => {
    const r = SerialScanner.create({ path: pair.stationEnd, settings: { baudRate: 12 }, now: () => clock });
    expect(!r.ok && r.error.code).toBe('DEVICE_SETTINGS_INVALID');
  });
});
