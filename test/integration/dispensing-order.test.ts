/**
 * A whole dispensing order end to end (issue 4): the demo seed on a fresh station — master
 * data, daily balance checks, a B2MML import, and one batch run through the engine's public
 * API with a simulated balance, signatures, co-signatures, a refused scan, a re-weigh and an
 * approved deviation — then `batchline verify`'s check passes and `batchline record --json`
 * gives the batch record with everything a reviewer needs.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { createStation, type Station } from '../../src-main/compose.ts';
import { fixedClock, sequentialIds } from '../../src-core/clock.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { DEMO_IDENTITY, seedDemo } from '../../src-main/demo/seed-demo.ts';
import { DEMO_BATCH } from '../../src-main/demo/seed-dispensing.ts';
import { runCli } from '../fakes/cli-runner.ts';
import type { BatchRecord } from '../../src-shared/orders/batch-record.ts';
import { unwrap } from '../../src-shared/result.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { tempDir } from '../fakes/test-station.ts';

const SECRET = 'integration-dispensing-secret-01';
const dir = tempDir('batchline-dispensing-it-');
const dbPath = join(dir, 'station.db');
const clock = fixedClock(new Date('2026-03-02T00:30:00.000Z'));
let station: Station;
let summary: string;

const cli = (...args: string[]) => runCli(args, { env: { BATCHLINE_STATION_SECRET: SECRET } });

beforeAll(async () => {
  station = unwrap(createStation({ dbPath, stationSecret: SECRET, clock, ids: sequentialIds(), scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(), identity: DEMO_IDENTITY, mode: 'training' }));
  summary = await seedDemo(station);
}, 120_000);
afterAll(() => {
  station.close();
  rmSync(dir, { recursive: true, force: true });
});

test('FR-01 the demo batch completes and the whole ledger verifies', () => {
  expect(summary).toMatch(/batch B2026-0042 dispensed \(\d+ entries, 1 deviation\)/);
  expect(station.engine.view(DEMO_BATCH).status).toBe('complete');
  const verified = verifyLedger({ entries: station.ledger.iterate(), checkpoints: station.ledger.checkpoints() });
  expect(verified.ok && verified.value.signatures).toBeGreaterThanOrEqual(18);
  expect(station.engine.workQueue().map((w) => [w.batchNumber, w.status])).toEqual([
    ['B2026-0043', 'planned'],
    ['B2026-0042', 'complete'],
  ]);
});

test('batchline record --json gives the batch record as data', async () => {
  const r = await cli('record', '--db', dbPath, '--batch', DEMO_BATCH, '--json');
  expect(r.code).toBe(0);
  const record = JSON.parse(r.out) as BatchRecord;
  expect(record).toMatchObject({ batchNumber: DEMO_BATCH, status: 'complete', order: { productCode: 'FG-PARA500', recipeCode: 'PARA-500', recipeVersion: 2 } });
  expect(record.steps.every((s) => s.status === 'done')).toBe(true);
  // the API line: split over two containers of one released lot, each portion citing lot and balance state
  const api = record.steps.find((s) => s.stepId === 'S11')!.material!;
  expect(api.portions.map((p) => [p.containerId, p.outcome, p.lot?.qcStatus, p.balance?.calibrationCertificate])).toEqual([
    ['C-PARA-0001', 'partial', 'released', 'CAL-BAL-P01-2026'],
    ['C-PARA-0002', 'accepted', 'released', 'CAL-BAL-P01-2026'],
  ]);
  expect(api.potencyCorrected).toBe(true);
  expect(api.portions.every((p) => /^T S/.test(p.tare!.raw) && /^S S/.test(p.reading.raw))).toBe(true);
  // every weighing of the co-signed API line carries performed and verified, as manifested (11.50)
  const weighings = record.steps.find((s) => s.stepId === 'S11')!.events.filter((e) => e.type === 'dispense.weighed');
  for (const w of weighings) {
    expect(w.signatures.map((s) => s.meaning)).toEqual(['performed', 'verified']);
    expect(w.signatures[1]!.manifestation).toMatch(/^Wang Fang \(王芳\) \(sup\.wang\) — verified — 2026-03-02 \d\d:\d\d:\d\d \+08:00$/);
  }
  // the MCC re-weigh: the rejected reading is in the record, not counted
  expect(record.steps.find((s) => s.stepId === 'S20')!.material!.portions.map((p) => [p.outcome, p.counted])).toEqual([
    ['out-of-tolerance', false],
    ['accepted', true],
  ]);
  expect(record.deviations).toEqual([expect.objectContaining({ category: 'out-of-tolerance', status: 'approved', stepId: 'S24', code: 'NET_OUT_OF_TOLERANCE' })]);
  expect(record.refusals.map((e) => (e.data as { code: string }).code)).toEqual(['LOT_NOT_RELEASED']);
  expect(record.masterDataUsed).toEqual(expect.arrayContaining([{ kind: 'recipe', key: 'PARA-500@2', version: 2 }, { kind: 'lot', key: 'LOT-PARA-2401', version: 1 }, { kind: 'balance', key: 'BAL-P01', version: 1 }, { kind: 'booth', key: 'BOOTH-1', version: 1 }]));
  expect(record.completed?.summary).toMatch(/Order completed: 16 steps, 7 portions, 1 deviations/);
});

test('P11-17 the printed record manifests every signature; stock and booth follow the batch', async () => {
  const r = await cli('record', '--db', dbPath, '--batch', DEMO_BATCH);
  expect(r.code).toBe(0);
  expect(r.outLines.filter((l) => l.includes('✍')).length).toBeGreaterThanOrEqual(18);
  expect(r.outLines.some((l) => /^Deviation DEV-B2026-0042-001 \(out-of-tolerance, approved\)/.test(l))).toBe(true);
  const md = station.masterData.reader;
  expect(md.containerLeft('C-PARA-0001')).toEqual({ amount: '0.00000', unit: 'kg' });
  expect(md.containerLeft('C-PVP-0001')).toEqual({ amount: '4.9200000', unit: 'kg' });
  // the booth was released by the batch and cleaned after it (demo cleaning log); the next order can start
  expect(md.boothUse('BOOTH-1')?.releasedAt).not.toBeNull();
  expect(md.get('booth', 'BOOTH-1')!.data.cleaning.cleanedAt! >= md.boothUse('BOOTH-1')!.releasedAt!).toBe(true);
  const s = unwrap(station.auth.login('op.li', 'Batchline-demo-1')).sessionId;
  expect((await station.engine.execute(s, 'B2026-0043', { type: 'start-order', boothId: 'BOOTH-1' })).ok).toBe(true);
});

test('the printed record shows every time at the station\'s offset with the zone named, never a raw ISO string (issue 18 item 9)', async () => {
  const r = await cli('record', '--db', dbPath, '--batch', DEMO_BATCH);
  expect(r.code).toBe(0);
  const iso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
  expect(r.outLines.filter((l) => iso.test(l))).toEqual([]);
  // Entry times and the times inside a line (calibration due, check done) alike, at +08:00.
  expect(r.outLines.find((l) => l.includes('Balance BAL-P01'))).toMatch(/^ {2}\[\d+\] \w{3} \d{1,2}, 2026, \d{2}:\d{2}:\d{2} GMT\+8 op\.li: .*due \w{3} \d{1,2}, \d{4}, \d{2}:\d{2}:\d{2} GMT\+8, checked /);
});

test('record refuses an unknown batch', async () => {
  const r = await cli('record', '--db', dbPath, '--batch', 'NOPE');
  expect(r).toMatchObject({ code: 1, errLines: ['ORDER_UNKNOWN: no batch NOPE in ' + dbPath] });
});
