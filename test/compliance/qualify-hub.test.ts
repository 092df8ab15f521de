/**
 * `batchline qualify --hub URL` (issue 11 item 4): the station under qualification is enrolled
 * at an in-process hub; OQ runs one sync round with it and reports the hub's acknowledgement and
 * countersignature. Its balance answers on a socat pty as master data says, so a run against the
 * right hub is qualified, and one against a hub it is not enrolled at is not.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src-cli/cli-io.ts';
import { runQualify } from '../../src-cli/commands/qualify.ts';
import { demoMasterData, DEMO_BALANCES } from '../../src-main/demo/demo-master-data.ts';
import { unwrap } from '../../src-shared/result.ts';
import { systemClock } from '../../src-core/clock.ts';
import { makeTestStation, tempDir, TEST_SECRET, DEMO_PASSWORD, type TestStation } from '../fakes/test-station.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { LOOP_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { hostFixture, type HostFixture } from '../fakes/host-fixture.ts';
import { killAll, makePtyDir, removeDir, startSocat, waitUntil, type PtyPair } from '../devices/socat-harness.ts';
import { PortSimulator } from '../../src-main/devices/simulator/port-simulator.ts';
import { SimulatedBalance } from '../../src-main/devices/simulator/simulated-balance.ts';
import { createFrontEnd } from '../../src-main/devices/simulator/create-front-end.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { enrolStation } from '../hub/support/enrol.ts';

let station: TestStation;
let hub: TestHub;
let host: HostFixture;
let pty: PtyPair;
let sim: PortSimulator;
let manifest: string;
let out: string;
const socats: ChildProcess[] = [];

async function qualify(hubUrl: string) {
  const lines: string[] = [];
  const io: CliIo = { out: (l) => lines.push(l), err: () => undefined, env: { BATCHLINE_STATION_SECRET: TEST_SECRET, BATCHLINE_USER: 'qa.chen', BATCHLINE_PASSWORD: DEMO_PASSWORD } };
  const dir = tempDir('batchline-qualify-hub-out-');
  const code = await runQualify(
    { db: station.dbPath, hub: hubUrl, out: dir, lang: 'en', manifest, host: { root: host.root }, balance: [`${DEMO_BALANCES.analytical}=mt-sics:${pty.stationEnd}`], oq: { station: { keys: keyPool(30), scrypt: LOOP_SCRYPT_PARAMS } } },
    io,
  );
  const html = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.html'))!), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return { code, out: lines.join('\n'), html };
}

beforeAll(async () => {
  station = makeTestStation({ config: { clock: systemClock() } });
  const now = new Date();
  unwrap(station.masterData.applyMasterData(demoMasterData(now), { origin: 'seed', cursor: null, servedAt: now.toISOString(), actorId: null }));
  const serial = station.masterData.reader.get('balance', DEMO_BALANCES.analytical)!.data.serialNumber;
  hub = await startTestHub({ backend: 'pglite' });
  // makeTestStation's `clock` is its fixed T0 even when the station runs on today's clock.
  await enrolStation({ ...station, clock: systemClock() }, hub);
  station.close();
  host = hostFixture(station.dbPath);
  out = tempDir('batchline-qualify-hub-');
  manifest = join(out, 'release-manifest.json');
  expect(await runQualify({ writeManifest: manifest, out, lang: 'en' }, { out: () => undefined, err: () => undefined, env: {} })).toBe(0);
  pty = makePtyDir();
  socats.push(await startSocat(pty));
  let ready = false;
  sim = new PortSimulator(createFrontEnd('mt-sics', new SimulatedBalance({ serialNumber: serial, settlingMs: 50 }), { streamIntervalMs: 50 }), pty.balanceEnd, 9600, { ready: () => (ready = true), lost: () => undefined });
  sim.start();
  await waitUntil(() => ready, 10_000, 'balance simulator');
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await killAll();
  if (pty) removeDir(pty);
  await hub?.close();
  host?.cleanup();
  rmSync(out, { recursive: true, force: true });
  rmSync(station.dir, { recursive: true, force: true });
});

describe('batchline qualify --hub (FR-15)', () => {
  it('FR-08 FR-15 OQ syncs the station with its hub: every entry acknowledged, the tree head countersigned, the record verifies; qualified', async () => {
    const r = await qualify(hub.url);
    expect(r.out.split('\n').filter((l) => /^(FAIL|NOT)/.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^pass IQ-11 +Enrolment at the hub: enrolled at ${hub.url.replace(/[.]/g, '\\.')}`, 'm'));
    expect(r.out).toMatch(/^pass IQ-14 +Clock drift against the hub/m);
    const pushed = /^pass OQ-11 +Sync to the hub: pushed (\d+) entries, pulled \d+ changes in [\d.]+ s; the hub acknowledged up to entry (\d+) of (\d+)$/m.exec(r.out);
    expect(pushed).not.toBeNull();
    expect(Number(pushed![1])).toBeGreaterThan(0);
    expect(r.out).toMatch(/^pass OQ-12 +The hub's verification: countersigned tree head: countersigned tree size \d+/m);
    expect(r.out).toMatch(/^pass OQ-13 +The record verifies after the sync/m);
    expect(r.html).toContain('<strong>QUALIFIED</strong>');
    // The hub holds what the station pushed: its sync health shows the acknowledged head.
    const stations = await hub.api<{ stationId: string; ackSeq?: number }[] | { stations: { stationId: string }[] }>('GET', '/api/v1/admin/stations');
    expect(JSON.stringify(stations.body)).toContain(station.stationId);
  }, 240_000);

  it('FR-15 against a hub the station is not enrolled at, the sync check fails and the report says not qualified', async () => {
    const other = 'http://127.0.0.1:9';
    const r = await qualify(other);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`^FAIL OQ-11 +Sync to the hub: enrolled at ${hub.url.replace(/[.]/g, '\\.')}, not at http://127\\.0\\.0\\.1:9$`, 'm'));
    expect(r.out).toMatch(/^FAIL IQ-11 /m);
    expect(r.out).toMatch(/^NOT QUALIFIED/m);
  }, 240_000);
});
