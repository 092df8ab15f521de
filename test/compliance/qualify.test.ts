/**
 * `batchline qualify` end to end (issue 11): a fresh station with its balance on a socat pty
 * and the simulator answering as the master data says, then the same with a dropped trigger
 * and with a balance answering with another serial number. The OQ's temporary station uses
 * the test key pool and cheap scrypt (the same functional set, in seconds, not minutes).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src-cli/cli-io.ts';
import { runQualify, type QualifyOptions } from '../../src-cli/commands/qualify.ts';
import { runVerify } from '../../src-cli/commands/ledger.ts';
import { installChecks } from '../../src-cli/qualify/iq-install.ts';
import { demoMasterData, DEMO_BALANCES } from '../../src-main/demo/demo-master-data.ts';
import { unwrap } from '../../src-shared/result.ts';
import { systemClock } from '../../src-core/clock.ts';
import { makeTestStation, tempDir, TEST_SECRET, DEMO_PASSWORD, type TestStation } from '../fakes/test-station.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { LOOP_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { killAll, makePtyDir, removeDir, startSocat, waitUntil, type PtyPair } from '../devices/socat-harness.ts';
import { PortSimulator } from '../../src-main/devices/simulator/port-simulator.ts';
import { SimulatedBalance } from '../../src-main/devices/simulator/simulated-balance.ts';
import { createFrontEnd } from '../../src-main/devices/simulator/create-front-end.ts';
import { hostFixture, type HostFixture } from '../fakes/host-fixture.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
let station: TestStation;
let out: string;
let manifest: string;
let right: PtyPair;
let wrong: PtyPair;
const socats: ChildProcess[] = [];
const simulators: PortSimulator[] = [];
let serial: string;
/** A hardened line PC around the database (encrypted disk, USB storage blocked): the host IQ checks pass. */
let host: HostFixture;

/** The balance simulator in this process (a child process starts too slowly on a loaded machine). */
async function simulateBalance(link: string, serialNumber: string): Promise<void> {
  let ready = false;
  const frontEnd = createFrontEnd('mt-sics', new SimulatedBalance({ serialNumber, settlingMs: 50 }), { streamIntervalMs: 50 });
  const sim = new PortSimulator(frontEnd, link, 9600, { ready: () => (ready = true), lost: () => undefined });
  simulators.push(sim);
  sim.start();
  await waitUntil(() => ready, 10_000, `simulator on ${link}`);
}

async function qualify(dbPath: string, port: string, extra: Partial<QualifyOptions> = {}) {
  const lines: string[] = [];
  const errs: string[] = [];
  const io: CliIo = { out: (l) => lines.push(l), err: (l) => errs.push(l), env: { BATCHLINE_STATION_SECRET: TEST_SECRET, BATCHLINE_USER: 'qa.chen', BATCHLINE_PASSWORD: DEMO_PASSWORD } };
  const dir = tempDir('batchline-qualify-out-');
  const code = await runQualify(
    { db: dbPath, out: dir, lang: 'en', manifest, host: { root: host.root }, balance: [`${DEMO_BALANCES.analytical}=mt-sics:${port}`], oq: { station: { keys: keyPool(30), scrypt: LOOP_SCRYPT_PARAMS } }, ...extra },
    io,
  );
  const files = readdirSync(dir);
  const html = readFileSync(join(dir, files.find((f) => f.endsWith('.html'))!), 'utf8');
  const pdf = readFileSync(join(dir, files.find((f) => f.endsWith('.pdf'))!));
  rmSync(dir, { recursive: true, force: true });
  return { code, out: lines.join('\n'), err: errs.join('\n'), html, pdf };
}

beforeAll(async () => {
  // Today's clock: passwords set at the fixtures' T0 would have expired by now, and qualify
  // rightly refuses to sign with an expired password.
  station = makeTestStation({ config: { clock: systemClock() } });
  const now = new Date();
  unwrap(station.masterData.applyMasterData(demoMasterData(now), { origin: 'seed', cursor: null, servedAt: now.toISOString(), actorId: null }));
  serial = station.masterData.reader.get('balance', DEMO_BALANCES.analytical)!.data.serialNumber;
  station.close();
  host = hostFixture(station.dbPath);
  out = tempDir('batchline-qualify-');
  manifest = join(out, 'release-manifest.json');
  const io: CliIo = { out: () => undefined, err: () => undefined, env: {} };
  expect(await runQualify({ writeManifest: manifest, out, lang: 'en' }, io)).toBe(0);
  right = makePtyDir();
  wrong = makePtyDir();
  socats.push(await startSocat(right), await startSocat(wrong));
  await simulateBalance(right.balanceEnd, serial);
  await simulateBalance(wrong.balanceEnd, 'B000000001');
}, 120_000);

afterAll(async () => {
  for (const sim of simulators) await sim.stop();
  await killAll();
  for (const p of [right, wrong]) if (p) removeDir(p);
  rmSync(out, { recursive: true, force: true });
  host?.cleanup();
  rmSync(station.dir, { recursive: true, force: true });
});

describe('batchline qualify (FR-15)', () => {
  it('A11-01 P11-01 on a fresh station: every IQ and OQ check passes, the report says qualified and is signed in the ledger', async () => {
    const r = await qualify(station.dbPath, right.stationEnd);
    expect(r.out.split('\n').filter((l) => /^(FAIL|NOT)/.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^QUALIFIED: 0 failed of \d+ checks/m);
    expect(r.out).toContain(`pass IQ-15.1  Balance ${DEMO_BALANCES.analytical}: model`);
    expect(r.out).toMatch(/pass OQ-01 +A full order: B2026-0042 complete/);
    expect(r.out).toMatch(/signed by Chen Jing \(陈静\) \(qa\.chen\), approved/);
    expect(r.html).toContain('<strong>QUALIFIED</strong>');
    expect(r.html).not.toContain('NOT QUALIFIED');
    expect(r.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Off a terminal its progress is plain lines on stderr, the last one at 6 of 6 stages.
    expect(r.err.split('\n').filter((l) => l.startsWith('qualify ')).at(-1)).toBe('qualify (IQ, OQ on a temporary training station, report): 6/6 (100%)');
    // The signed report is part of the station's record, and the record still verifies.
    const db = new Database(station.dbPath, { readonly: true });
    const recorded = db.prepare("select seq, payload from ledger_entries where type = 'qualification.recorded'").all() as { seq: number; payload: string }[];
    const signature = db.prepare("select payload from ledger_entries where type = 'signature.applied' order by seq desc limit 1").get() as { payload: string };
    db.close();
    expect(recorded).toHaveLength(1);
    const hash = /report SHA-256 ([0-9a-f]{64})/.exec(r.out)![1];
    expect(JSON.parse(recorded[0]!.payload)).toMatchObject({ reportSha256: hash, verdict: 'qualified', ranBy: 'qa.chen' });
    expect(JSON.parse(signature.payload)).toMatchObject({ targetSeq: recorded[0]!.seq, meaning: 'approved', username: 'qa.chen' });
    const verify: string[] = [];
    expect(runVerify({ db: station.dbPath }, { out: (l) => verify.push(l), err: (l) => verify.push(l), env: {} })).toBe(0);
  }, 240_000);

  it('A11-01 a dropped append-only trigger makes the report say not qualified, naming the trigger', async () => {
    const copy = join(out, 'no-trigger.db');
    copyFileSync(station.dbPath, copy);
    const raw = new Database(copy);
    raw.exec('drop trigger ledger_entries_no_delete');
    raw.close();
    const r = await qualify(copy, right.stationEnd);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL IQ-06 +Append-only triggers on the ledger tables: MISSING: ledger_entries_no_delete$/m);
    expect(r.out).toMatch(/^NOT QUALIFIED: 1 failed of/m);
    expect(r.html).toContain('NOT QUALIFIED');
  }, 240_000);

  it('A11-01 a balance answering with another serial number fails IQ; the report renders in Chinese', async () => {
    const r = await qualify(station.dbPath, wrong.stationEnd, { lang: 'zh-CN' });
    expect(r.code).toBe(1);
    // FR-155: the console lines in the report's language, the observed value as measured.
    expect(r.out).toMatch(new RegExp(`^不通过 IQ-15\\.1 +.*${DEMO_BALANCES.analytical}：model .*serial number B000000001$`, 'm'));
    expect(r.out).toMatch(/^确认不合格：\d+ 项检查中 1 项不通过/m);
    expect(r.html).toContain('确认不合格');
    expect(r.html).toContain(`answers with serial number ${serial}`);
    expect(existsSync(join(ROOT, 'release-manifest.json'))).toBe(false);
  }, 240_000);

  it('A11-01 a shipped file that differs from the release manifest fails IQ, naming the file', () => {
    const edited = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string; files: Record<string, string> };
    edited.files['bin/batchline.mjs'] = '0'.repeat(64);
    delete edited.files['package.json'];
    const other = join(out, 'edited-manifest.json');
    writeFileSync(other, JSON.stringify(edited));
    const iq02 = installChecks(ROOT, other).find((c) => c.id === 'IQ-02')!;
    expect(iq02.outcome).toBe('fail');
    expect(iq02.observed).toContain('2 differ: changed: bin/batchline.mjs; not in the release: package.json');
    expect(installChecks(ROOT, join(out, 'none.json')).find((c) => c.id === 'IQ-02')!.observed).toContain('no release manifest at');
  });
});
