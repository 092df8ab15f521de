/**
 * Exceptions (issue 4, item 6): an out-of-tolerance weighing is never accepted as it is — the
 * operator re-weighs, or raises a deviation that needs a supervisor's approval signature and a
 * reason; the same holds for IPC results out of limits, overrun timers and stale master data.
 * Deviations appear in the batch record.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, OPERATOR, runTo, signAs, SUPERVISOR, view, weighPortion } from './engine-test-kit.ts';

const B = 'B-DEV-1';
let d: DispensingStation;
afterEach(() => d?.close());

const record = () => buildBatchRecord(B, d.station.ledger.query({ batchRef: B }), { user: (id) => d.station.users.byId(id) });

/** Over-weighs the povidone line (S21, 80 g ± 1 %) on the analytical balance. */
async function overweighed(): Promise<{ s: string; seq: number }> {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, at('S21', 'need-container'));
  const s = d.login('op.li');
  const r = await weighPortion(d, s, B, 'S21', { containerId: 'C-PVP-0001', balanceId: 'BAL-A01', grams: '81.5000' });
  expectRefused(r, 'NET_OUT_OF_TOLERANCE');
  return { s, seq: r.ok ? 0 : (r.error.details?.recordedSeq as number) };
}

describe('out of tolerance', () => {
  test('cannot be signed, skipped or completed as it is', async () => {
    const { s, seq } = await overweighed();
    expectRefused(await exec(d, s, B, signAs('performed', OPERATOR, seq)), 'SIGNATURE_NOT_EXPECTED');
    expectRefused(await exec(d, s, B, { type: 'scan-container', stepId: 'S22', scan: { containerId: 'C-CROS-0001' } }), 'STEP_OUT_OF_SEQUENCE');
    expectRefused(await exec(d, s, B, { type: 'complete-order' }), 'ORDER_NOT_COMPLETE');
    expect(view(d, B).current).toMatchObject({ stepId: 'S21', phase: 'out-of-tolerance' });
  });

  test('DI-06 re-weighing brings it into tolerance; the rejected reading stays in the record, uncounted', async () => {
    const { s } = await overweighed();
    d.bench.remove('BAL-A01', { amount: '1.5000', unit: 'g' });
    const again = await exec(d, s, B, { type: 'capture', stepId: 'S21' });
    expect(again.ok).toBe(true);
    expect((await exec(d, s, B, signAs('performed', OPERATOR))).ok).toBe(true);
    expect(view(d, B).current?.stepId).toBe('S22');
    const line = record().steps.find((x) => x.stepId === 'S21')!.material!;
    expect(line.portions.map((p) => [p.net.amount, p.outcome, p.counted])).toEqual([
      ['81.5000', 'out-of-tolerance', false],
      ['80.0000', 'accepted', true],
    ]);
    expect(line.totalNet).toEqual({ amount: '0.0800000', unit: 'kg' });
  });

  test('a deviation needs a reason and a supervisor approval by someone else', async () => {
    const { s, seq } = await overweighed();
    expectRefused(await exec(d, s, B, { type: 'raise-deviation', category: 'out-of-tolerance', reason: 'oops' }), 'DEVIATION_REASON_MISSING');
    expectRefused(await exec(d, s, B, { type: 'raise-deviation', category: 'ipc-out-of-limits', reason: 'no IPC is out of limits here' }), 'DEVIATION_NOT_ALLOWED');
    const raised = await exec(d, s, B, { type: 'raise-deviation', category: 'out-of-tolerance', reason: 'Binder over-dispensed by 1.5 g; within the validated range of the granulation' });
    expect(raised.ok).toBe(true);
    expectRefused(await exec(d, s, B, { type: 'raise-deviation', category: 'out-of-tolerance', targetSeq: seq, reason: 'the same deviation a second time' }), 'DEVIATION_PENDING');
    expect(view(d, B).current?.phase).toBe('deviation-pending');
    const devSeq = raised.ok ? raised.value.appended[0]!.seq : 0;
    expectRefused(await exec(d, s, B, signAs('approved', OPERATOR, devSeq)), 'SIGNATURE_ROLE_REQUIRED');
    expectRefused(await exec(d, s, B, signAs('performed', OPERATOR, seq)), 'SIGNATURE_NOT_EXPECTED');
    expect((await exec(d, s, B, signAs('approved', SUPERVISOR, devSeq))).ok).toBe(true);
    expect(view(d, B).current).toMatchObject({ stepId: 'S21', phase: 'need-signatures' });
    expect((await exec(d, s, B, signAs('performed', OPERATOR, seq))).ok).toBe(true);
    expect(view(d, B).current?.stepId).toBe('S22');

    const r = record();
    expect(r.deviations).toHaveLength(1);
    expect(r.deviations[0]).toMatchObject({ category: 'out-of-tolerance', status: 'approved', code: 'NET_OUT_OF_TOLERANCE', targetSeq: seq });
    expect(r.deviations[0]!.approval?.manifestation).toMatch(/^Wang Fang \(王芳\) \(sup\.wang\) — approved — \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00$/);
    const portion = r.steps.find((x) => x.stepId === 'S21')!.material!.portions[0]!;
    expect(portion).toMatchObject({ outcome: 'out-of-tolerance', counted: true, deviationId: r.deviations[0]!.deviationId });
  });

  test('a supervisor cannot approve the deviation he raised himself', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S21', 'need-container'));
    const sup = d.login('sup.wang');
    await weighPortion(d, sup, B, 'S21', { containerId: 'C-PVP-0001', balanceId: 'BAL-A01', grams: '79.0000' });
    const raised = await exec(d, sup, B, { type: 'raise-deviation', category: 'out-of-tolerance', reason: 'Under-dispensed, container nearly empty at the bottom' });
    expect(raised.ok).toBe(true);
    expectRefused(await exec(d, sup, B, signAs('approved', SUPERVISOR)), 'SIGNATURE_SAME_USER');
    expect(view(d, B).deviations[0]?.status).toBe('pending');
  });
});

describe('other exceptions', () => {
  test('an IPC result out of limits: recorded, then re-tested or deviated', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S30'));
    const s = d.login('op.li');
    expectRefused(await exec(d, s, B, { type: 'record-ipc', stepId: 'S30', value: '35' }), 'PARAMETER_OUT_OF_LIMITS');
    expect(view(d, B).current?.phase).toBe('out-of-limits');
    expectRefused(await exec(d, s, B, { type: 'record-ipc', stepId: 'S30', value: '5.5' }), 'INPUT_INVALID');
    expectRefused(await exec(d, s, B, { type: 'record-ipc', stepId: 'S30', value: '8' }), 'PARAMETER_OUT_OF_LIMITS');
    expect((await exec(d, s, B, { type: 'raise-deviation', category: 'ipc-out-of-limits', reason: 'Door seal of booth 1 replaced; pressure re-checked by facilities' })).ok).toBe(true);
    expect((await exec(d, s, B, signAs('approved', SUPERVISOR))).ok).toBe(true);
    expect((await exec(d, s, B, signAs('performed', OPERATOR))).ok).toBe(true);
    expect(view(d, B).current?.stepId).toBe('S31');
  });

  test('a parameter outside its limits is refused outright', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S03'));
    const s = d.login('op.li');
    expectRefused(await exec(d, s, B, { type: 'enter-parameter', stepId: 'S03', value: '26.0' }), 'PARAMETER_OUT_OF_LIMITS');
    expectRefused(await exec(d, s, B, { type: 'enter-parameter', stepId: 'S03', value: '21.25' }), 'INPUT_INVALID');
    expect((await exec(d, s, B, { type: 'enter-parameter', stepId: 'S03', value: '25.0' })).ok).toBe(true);
  });

  test('a timer cannot be stopped early; overrunning its maximum needs a deviation', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S05'));
    const s = d.login('op.li');
    expect((await exec(d, s, B, { type: 'start-timer', stepId: 'S05' })).ok).toBe(true);
    d.clock.advance(1000);
    expectRefused(await exec(d, s, B, { type: 'stop-timer', stepId: 'S05' }), 'TIMER_NOT_ELAPSED');
    d.clock.advance(3_600_000);
    const s2 = d.login('op.li');
    expect((await exec(d, s2, B, { type: 'stop-timer', stepId: 'S05' })).ok).toBe(true);
    expect(view(d, B).current).toMatchObject({ stepId: 'S05', phase: 'out-of-limits' });
    expect((await exec(d, s2, B, { type: 'raise-deviation', category: 'timer-exceeded', reason: 'Operator called away to a spill in the corridor' })).ok).toBe(true);
    expect((await exec(d, s2, B, signAs('approved', SUPERVISOR))).ok).toBe(true);
    expect(view(d, B).current?.stepId).toBe('S10');
  });

  test('stale master data: a supervisor-approved deviation lets the order run for a limited time', async () => {
    d = await makeDispensingStation({ engine: { maxMasterDataAgeMinutes: 60, staleOverrideMinutes: 30 } });
    d.importOrder(B);
    const s = d.login('op.li');
    expectRefused(await exec(d, s, B, { type: 'raise-deviation', category: 'master-data-stale', reason: 'Hub unreachable since the network outage this morning' }), 'DEVIATION_NOT_ALLOWED');
    d.clock.advance(2 * 3_600_000);
    const s2 = d.login('op.li');
    expectRefused(await exec(d, s2, B, { type: 'start-order', boothId: 'BOOTH-1' }), 'MASTER_DATA_STALE');
    expect((await exec(d, s2, B, { type: 'raise-deviation', category: 'master-data-stale', reason: 'Hub unreachable since the network outage this morning' })).ok).toBe(true);
    expectRefused(await exec(d, s2, B, { type: 'start-order', boothId: 'BOOTH-1' }), 'MASTER_DATA_STALE');
    expect((await exec(d, s2, B, signAs('approved', SUPERVISOR))).ok).toBe(true);
    const started = await exec(d, s2, B, { type: 'start-order', boothId: 'BOOTH-1' });
    expect(started.ok).toBe(true);
    expect(d.station.ledger.query({ batchRef: B, types: ['order.started'] })[0]!.payload).toMatchObject({ prechecks: { staleOverrideSeq: expect.any(Number) } });
    d.clock.advance(31 * 60_000);
    await runTo(d, B, at('S02')).catch(() => undefined);
    const s3 = d.login('op.li');
    expectRefused(await exec(d, s3, B, { type: 'checklist', stepId: 'S02', answers: [{ itemId: 'E1', confirmed: true }, { itemId: 'E2', confirmed: true }] }), 'MASTER_DATA_STALE');
  });

  test('an order cannot complete while a deviation awaits approval', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, (v) => v.status === 'in-progress' && v.current === null);
    const s = d.login('op.li');
    expect((await exec(d, s, B, { type: 'raise-deviation', category: 'other', reason: 'Label printer jammed once, labels reprinted' })).ok).toBe(true);
    expectRefused(await exec(d, s, B, { type: 'complete-order' }), 'DEVIATION_PENDING');
    expect((await exec(d, s, B, signAs('approved', SUPERVISOR))).ok).toBe(true);
    expect((await exec(d, s, B, { type: 'complete-order' })).ok).toBe(true);
    expect(record().status).toBe('complete');
  });
});
