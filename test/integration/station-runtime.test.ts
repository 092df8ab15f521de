/**
 * The runtime both shells run, in-process, on a training database seeded explicitly with the
 * demo (a missing database is never seeded at start); built-in simulated balances mirror their
 * training master data (SIM- serial number, capacity), so the engine's device checks hold; the web server answers the API, refuses foreign hosts and pushes
 * live readings over its WebSocket; a settings change of the balances re-wires them; every
 * change of the alarms is told over the same feed (FR-131).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStationRuntime, type StationRuntime } from '../../src-main/shell/station-runtime.ts';
import { startWebServer, type WebServer } from '../../src-main/web/web-server.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { killAll, makePtyDir, removeDir, startSocat, type PtyPair } from '../devices/socat-harness.ts';
import { SerialPort } from 'serialport';
import { createStation } from '../../src-main/compose.ts';
import { DEMO_IDENTITY, seedDemo } from '../../src-main/demo/seed-demo.ts';
import { unwrap } from '../../src-shared/result.ts';

type WsClient = { on(event: string, f: (...a: unknown[]) => void): void; close(): void };
const WebSocketClient = createRequire(import.meta.url)('ws') as new (url: string) => WsClient;

const dir = mkdtempSync(join(tmpdir(), 'batchline-runtime-'));
let runtime: StationRuntime;
let server: WebServer;

const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
  const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { code: string } } };
};

let pair: PtyPair;
let seedSummary = '';

beforeAll(async () => {
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  pair = makePtyDir();
  await startSocat(pair);
  const seeding = unwrap(createStation({ dbPath: join(dir, 'station.db'), stationSecret: 'runtime-test-secret-0123456789', scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(), identity: DEMO_IDENTITY, mode: 'training' }));
  seedSummary = await seedDemo(seeding);
  seeding.close();
  const started = await startStationRuntime({
    dbPath: join(dir, 'station.db'),
    shell: 'web',
    simulateOtherBalances: true,
    scanners: [{ id: 'SCAN-02', kind: 'serial', port: pair.stationEnd }],
    env: { BATCHLINE_STATION_SECRET: 'runtime-test-secret-0123456789' },
    stationConfig: { scrypt: TEST_SCRYPT_PARAMS, keys: keyPool() },
    log: () => undefined,
  });
  if (!started.ok) throw new Error(started.error.message);
  runtime = started.value;
  server = await startWebServer({ runtime, uiDir: dir, port: 0 });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await runtime?.close();
  await killAll();
  removeDir(pair);
  rmSync(dir, { recursive: true, force: true });
});

describe('station runtime', () => {
  it('runs a training database seeded explicitly with the demo', () => {
    expect(runtime.station.mode).toBe('training');
    expect(seedSummary).toMatch(/6 users, .* batch B2026-0042 dispensed/);
    expect(runtime.station.engine.workQueue().map((r) => r.status)).toEqual(expect.arrayContaining(['complete', 'planned']));
  });

  it('runs a simulated balance per master-data balance, identified as its master data says', async () => {
    expect(runtime.balances.ids()).toEqual(['BAL-A01', 'BAL-P01', 'BAL-P02']);
    const driver = runtime.balances.driver('BAL-P01')!;
    await expect.poll(() => driver.state).toBe('connected');
    const id = await driver.identify();
    expect(id.ok && id.value.serialNumber).toBe('SIM-B771204518');
  });

  it('answers the API over HTTP, refuses other hosts and origins', async () => {
    const info = await post('/api/station.info', { input: {} });
    expect(info.json.value?.shell).toBe('web');
    // DNS rebinding: the browser would send the attacker's host name.
    const foreign = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/station.info', method: 'POST', headers: { host: `evil.example:${server.port}`, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{"input":{}}');
    });
    expect(foreign).toBe(403);
    const csrf = await post('/api/auth.login', { input: { username: 'op.li', password: 'Batchline-demo-1' } }, { origin: 'http://evil.example' });
    expect(csrf.json.error?.code).toBe('API_SENDER_REFUSED');
    const unknown = await post('/api/nope.nope', { input: {} });
    expect(unknown.json.error?.code).toBe('API_METHOD_UNKNOWN');
  });

  it('pushes live readings over the WebSocket and re-wires balances on a settings change', async () => {
    // Node 20 has no global WebSocket; `ws` is what @fastify/websocket itself runs on.
    const ws = new WebSocketClient(`${server.url.replace('http', 'ws')}/live`);
    const readings: { balanceId: string; net: { amount: string } }[] = [];
    ws.on('message', (data: unknown) => {
      const e = JSON.parse(String(data));
      if (e.type === 'balance.reading') readings.push(e);
    });
    await new Promise((r) => ws.on('open', r));
    const opLogin = await post('/api/auth.login', { input: { username: 'op.li', password: 'Batchline-demo-1' } });
    (ws as unknown as { send(s: string): void }).send(JSON.stringify({ session: String(opLogin.json.value?.sessionId) }));
    expect(runtime.balances.simulate('BAL-A01', 'place 12.5 g').ok).toBe(true);
    await expect.poll(() => readings.some((r) => r.balanceId === 'BAL-A01' && r.net.amount === '12.5000'), { timeout: 10_000 }).toBe(true);
    ws.close();
    const login = await post('/api/auth.login', { input: { username: 'admin', password: 'Batchline-demo-1' } });
    const session = String(login.json.value?.sessionId);
    const proposed = await post(
      '/api/settings.propose',
      { input: { key: 'balances', value: [{ id: 'BAL-A01', label: 'Bench A', protocol: 'mt-sics', port: 'simulated', serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, handshake: 'xon-xoff', lineEnding: 'CRLF' } }], reason: 'bench A moved to booth 1' } },
      { 'x-batchline-session': session },
    );
    expect(proposed.json.ok).toBe(true);
    // A11-17: in force only once QA approves it with an e-signature.
    const qa = await post('/api/auth.login', { input: { username: 'qa.chen', password: 'Batchline-demo-1' } });
    const set = await post(
      '/api/settings.approve',
      { input: { proposalSeq: Number(proposed.json.value?.seq), username: 'qa.chen', password: 'Batchline-demo-1' } },
      { 'x-batchline-session': String(qa.json.value?.sessionId) },
    );
    expect(set.json.ok).toBe(true);
    await expect.poll(() => runtime.balances.status().find((b) => b.id === 'BAL-A01')?.label).toBe('Bench A');
  });

  it('P11-05 the live feed is bound to a session: none, a made-up one, or a logged-out one gets nothing', async () => {
    const url = `${server.url.replace('http', 'ws')}/live`;
    const feed = async (hello: unknown, after?: () => Promise<void>) => {
      const ws = new WebSocketClient(url) as WsClient & { send(s: string): void };
      const got: unknown[] = [];
      let closedWith: number | null = null;
      ws.on('message', (d: unknown) => got.push(JSON.parse(String(d))));
      ws.on('close', (code: unknown) => (closedWith = code as number));
      await new Promise((r) => ws.on('open', r));
      ws.send(JSON.stringify(hello));
      await after?.();
      runtime.balances.simulate('BAL-A01', 'place 1 g');
      await expect.poll(() => closedWith, { timeout: 10_000 }).toBe(4401);
      return got;
    };
    expect(await feed({})).toEqual([]);
    expect(await feed({ session: 'session-guessed' })).toEqual([]);
    const login = await post('/api/auth.login', { input: { username: 'op.smith', password: 'Batchline-demo-1' } });
    const sid = String(login.json.value?.sessionId);
    const afterLogout = await feed({ session: sid }, async () => {
      await new Promise((r) => setTimeout(r, 200));
      await post('/api/auth.logout', { input: {} }, { 'x-batchline-session': sid });
    });
    expect(afterLogout.filter((e) => (e as { type: string }).type === 'balance.reading' && (e as { at: number }).at > Date.now() - 100).length).toBe(0);
  });

  it('turns a line from a serial scanner into the same scan event a wedge scan becomes', async () => {
    const scans: string[] = [];
    const off = runtime.bus.subscribe((e) => e.type === 'scanner.scan' && scans.push(`${e.scannerId}:${e.data}`));
    await expect.poll(() => runtime.scanners.state('SCAN-02')).toBe('listening');
    const scanner = new SerialPort({ path: pair.balanceEnd, baudRate: 9600 });
    await new Promise((r) => scanner.on('open', r));
    scanner.write('(01)04012345000016(10)PARA-2401(21)C-PARA-0002\r');
    await expect.poll(() => scans, { timeout: 5000 }).toEqual(['SCAN-02:(01)04012345000016(10)PARA-2401(21)C-PARA-0002']);
    off();
    await new Promise((r) => scanner.close(r));
  });

  it('FR-131 tells every screen over its live feed when the alarms changed: a balance lost, back, and its alarm acknowledged; nothing for other entries', async () => {
    const ws = new WebSocketClient(`${server.url.replace('http', 'ws')}/live`) as WsClient & { send(s: string): void };
    const events: { type: string; balanceId?: string }[] = [];
    ws.on('message', (d: unknown) => events.push(JSON.parse(String(d))));
    await new Promise((r) => ws.on('open', r));
    const op = await post('/api/auth.login', { input: { username: 'op.li', password: 'Batchline-demo-1' } });
    ws.send(JSON.stringify({ session: String(op.json.value?.sessionId) }));
    const notices = () => events.filter((e) => e.type === 'alarms.changed').length;
    const lost = () => runtime.station.alarms.list({ open: true }).find((a) => a.kind === 'balance-lost' && a.subject === 'BAL-P02');
    await expect.poll(() => runtime.balances.driver('BAL-P02')?.state).toBe('connected');
    // Heard from the feed before the cable is pulled (a reading), so the notice cannot be missed.
    expect(runtime.balances.simulate('BAL-P02', 'place 5 g').ok).toBe(true);
    await expect.poll(() => events.some((e) => e.type === 'balance.reading' && e.balanceId === 'BAL-P02'), { timeout: 10_000 }).toBe(true);
    expect(notices()).toBe(0);
    expect(runtime.balances.simulate('BAL-P02', 'unplug').ok).toBe(true);
    await expect.poll(() => lost() !== undefined, { timeout: 30_000 }).toBe(true);
    await expect.poll(notices, { timeout: 10_000 }).toBe(1);
    expect(runtime.balances.simulate('BAL-P02', 'plug').ok).toBe(true);
    await expect.poll(() => lost()?.clearedAt ?? null, { timeout: 30_000 }).not.toBeNull();
    await expect.poll(notices, { timeout: 10_000 }).toBe(2);
    // Another person signs in and out (ledger entries, not alarms): no notice. A reading after
    // them shows the feed has caught up before counting.
    const sup = await post('/api/auth.login', { input: { username: 'sup.wang', password: 'Batchline-demo-1' } });
    const supSession = String(sup.json.value?.sessionId);
    const readingsBefore = events.filter((e) => e.type === 'balance.reading').length;
    expect(runtime.balances.simulate('BAL-P02', 'place 1 g').ok).toBe(true);
    await expect.poll(() => events.filter((e) => e.type === 'balance.reading').length, { timeout: 10_000 }).toBeGreaterThan(readingsBefore);
    expect(notices()).toBe(2);
    const ack = await post('/api/alarms.acknowledge', { input: { alarmId: lost()!.alarmId, comment: 'cable pushed back in, balance reads again' } }, { 'x-batchline-session': supSession });
    expect(ack.json.ok).toBe(true);
    await expect.poll(notices, { timeout: 10_000 }).toBe(3);
    ws.close();
  });
});
