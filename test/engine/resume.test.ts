/**
 * Resume after a restart (issue 4, item 4): the station process is restarted after EVERY
 * command of a whole order — at every step boundary and at every point inside a step (after
 * the scan, the balance selection, the tare, an out-of-tolerance weighing, a pending
 * deviation, a performed but not yet verified signature) — and the order ends with the same
 * record as an uninterrupted run. State is a fold over the ledger, so this holds by
 * construction; this test keeps it true.
 */
import { afterEach, expect, test } from 'vitest';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import type { LineScript } from '../../src-main/dispensing/headless-runner.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, runTo, view } from './engine-test-kit.ts';

const B = 'B-RESUME-1';
const SCRIPT: Record<string, LineScript> = { L20: 'overshoot-reweigh', L60: 'overshoot-deviation' };
let d: DispensingStation;
afterEach(() => d?.close());

/** The record without what legitimately differs between runs (entry numbers and hashes). */
function shape(station: DispensingStation['station']) {
  const r = buildBatchRecord(B, station.ledger.query({ batchRef: B }), { user: (id) => station.users.byId(id) });
  return {
    status: r.status,
    steps: r.steps.map((s) => ({ id: s.stepId, status: s.status, events: s.events.map((e) => [e.type, e.by?.username, e.summary, e.signatures.map((x) => x.manifestation)]) })),
    deviations: r.deviations.map((x) => [x.category, x.status, x.reason, x.approval?.manifestation]),
    refusals: r.refusals.length,
  };
}

test('FR-07 a restart after every command ends in the same batch record as an uninterrupted run', async () => {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, undefined, SCRIPT);
  const reference = shape(d.station);
  expect(reference.status).toBe('complete');
  d.close();

  d = await makeDispensingStation();
  d.importOrder(B);
  const phases = new Set<string>();
  let restarts = 0;
  while (view(d, B).status !== 'complete') {
    const v = view(d, B);
    phases.add(`${v.current?.type ?? v.status}:${v.current?.phase ?? ''}`);
    await runTo(d, B, (x) => x.lastSeq > v.lastSeq, SCRIPT);
    d.restart();
    restarts += 1;
    expect(restarts).toBeLessThan(200);
  }
  expect(shape(d.station)).toEqual(reference);
  // every kind of point inside a weigh step was a restart point
  for (const p of ['weigh:need-container', 'weigh:need-balance', 'weigh:need-tare', 'weigh:need-capture', 'weigh:out-of-tolerance', 'weigh:deviation-pending', 'weigh:need-signatures', 'timer:running']) {
    expect(phases).toContain(p);
  }
  const verified = verifyLedger({ entries: d.station.ledger.iterate(), checkpoints: d.station.ledger.checkpoints() });
  expect(verified.ok).toBe(true);
});

test('a signature step whose statement was recorded but not signed resumes at the signature', async () => {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, at('S32'));
  const s = d.login('op.li');
  // A wrong password leaves the statement recorded and unsigned — as a crash between the two would.
  expectRefused(await exec(d, s, B, { type: 'sign-step', stepId: 'S32', username: 'sup.wang', password: 'wrong-password-1' }), 'SIGNATURE_PASSWORD_INVALID');
  d.restart();
  expect(view(d, B).current).toMatchObject({ stepId: 'S32', phase: 'need-signatures' });
  const s2 = d.login('op.li');
  expect((await exec(d, s2, B, { type: 'sign-step', stepId: 'S32', username: 'sup.wang', password: 'Batchline-demo-1' })).ok).toBe(true);
  expect(d.station.ledger.query({ batchRef: B, types: ['step.recorded'] }).filter((e) => (e.payload as { stepId: string }).stepId === 'S32')).toHaveLength(1);
  expect(view(d, B).canComplete).toBe(true);
});

test('the balance keeps its tare across a restart between tare and capture', async () => {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, at('S21', 'need-capture'));
  d.restart();
  expect(view(d, B).current).toMatchObject({ stepId: 'S21', phase: 'need-capture' });
  await runTo(d, B, at('S22'));
  const weighed = d.station.ledger.query({ batchRef: B, types: ['dispense.weighed'] }).at(-1)!.payload as { net: { amount: string }; outcome: string };
  expect(weighed).toMatchObject({ net: { amount: '80.0000' }, outcome: 'accepted' });
});
