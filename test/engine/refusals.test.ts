/**
 * Every refusal of issue 4, item 5, through the engine's public API on a real station: a
 * precise, typed code the UI can translate, nothing accepted, and the attempt recorded.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, refusalsOf, runTo, view } from './engine-test-kit.ts';

const B = 'B-REF-1';
let d: DispensingStation;
afterEach(() => d?.close());

async function atApiScan(engine = {}): Promise<string> {
  d = await makeDispensingStation({ engine });
  d.importOrder(B);
  await runTo(d, B, at('S11', 'need-container'));
  return d.login('op.li');
}

const scan = (containerId: string, extra: Record<string, unknown> = {}) => ({ type: 'scan-container' as const, stepId: 'S11', scan: { containerId, ...extra } });

describe('material identity and status (COMPLIANCE auditor scenario 9)', () => {
  test.each([
    ['C-MCC-0002', 'WRONG_MATERIAL'],
    ['C-PARA-0003', 'LOT_NOT_RELEASED'],
    ['C-PARA-0004', 'LOT_NOT_RELEASED'],
    ['C-PARA-0005', 'LOT_NOT_RELEASED'],
    ['C-PARA-0006', 'LOT_EXPIRED'],
    ['C-PARA-0007', 'LOT_PAST_RETEST'],
    ['C-NOPE-0001', 'CONTAINER_UNKNOWN'],
  ])('scanning %s is refused with %s and the attempt is recorded', async (containerId, code) => {
    const s = await atApiScan();
    expectRefused(await exec(d, s, B, scan(containerId)), code);
    expect(view(d, B).current).toMatchObject({ stepId: 'S11', phase: 'need-container' });
    expect(refusalsOf(d, B).at(-1)).toMatchObject({ command: 'scan-container', stepId: 'S11', code });
  });

  test('the QC status is named for quarantine, rejected and on-hold lots', async () => {
    const s = await atApiScan();
    const statuses = [];
    for (const c of ['C-PARA-0003', 'C-PARA-0004', 'C-PARA-0005']) {
      const r = await exec(d, s, B, scan(c));
      statuses.push(r.ok ? null : r.error.details?.qcStatus);
    }
    expect(statuses).toEqual(['quarantine', 'rejected', 'on-hold']);
  });

  test('a label whose lot number disagrees with master data is refused', async () => {
    const s = await atApiScan();
    expectRefused(await exec(d, s, B, scan('C-PARA-0002', { lotNumber: 'PARA-9999' })), 'CONTAINER_LABEL_MISMATCH');
    expectRefused(await exec(d, s, B, scan('C-PARA-0002', { gtin: '04012345000020' })), 'CONTAINER_LABEL_MISMATCH');
  });

  test('an empty container is refused', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S20', 'need-container'));
    expectRefused(await exec(d, d.login('op.li'), B, { type: 'scan-container', stepId: 'S20', scan: { containerId: 'C-MCC-0001' } }), 'CONTAINER_EMPTY');
  });

  test('a short container is refused unless the operator takes it for a partial portion', async () => {
    const s = await atApiScan();
    const short = await exec(d, s, B, scan('C-PARA-0001'));
    expectRefused(short, 'CONTAINER_SHORT');
    const partial = await exec(d, s, B, { ...scan('C-PARA-0001'), acceptPartial: true });
    expect(partial.ok).toBe(true);
    expect(view(d, B).current?.weigh?.container).toMatchObject({ containerId: 'C-PARA-0001', partial: true });
  });
});

describe('balances (COMPLIANCE auditor scenario 10, DI-05, 11.10(h))', () => {
  async function atApiBalance(engine = {}): Promise<string> {
    const s = await atApiScan(engine);
    expect((await exec(d, s, B, scan('C-PARA-0002'))).ok).toBe(true);
    return s;
  }
  const select = (balanceId: string) => ({ type: 'select-balance' as const, stepId: 'S11', balanceId });

  test('DI-05 calibration overdue', async () => {
    const s = await atApiBalance();
    d.revise('balance', 'BAL-P01', { calibration: { certificateId: 'CAL-OLD', dueAt: new Date(d.clock.now().getTime() - 60_000).toISOString() } });
    expectRefused(await exec(d, s, B, select('BAL-P01')), 'BALANCE_CALIBRATION_OVERDUE');
  });

  test('periodic check missing after its validity, and failed', async () => {
    const s0 = await atApiBalance({ maxMasterDataAgeMinutes: 7 * 24 * 60 });
    d.clock.advance(25 * 3_600_000);
    const s = d.login('op.li');
    expectRefused(await exec(d, s, B, select('BAL-P01')), 'BALANCE_CHECK_MISSING');
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', { amount: '5001.00', unit: 'g' });
    expect((await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', 'F1 5 kg #P11')).ok).toBe(true);
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', { amount: '500.00', unit: 'g' });
    const check = await d.station.balanceChecks.readTestWeight(s, 'BAL-P01', 'F1 500 g #P04');
    expect(check.ok && check.value.recorded?.passed).toBe(false);
    expectRefused(await exec(d, s, B, select('BAL-P01')), 'BALANCE_CHECK_FAILED');
    expect(s0).not.toBe(s);
  });

  test('target below the minimum weight, above the capacity', async () => {
    const s = await atApiBalance();
    expectRefused(await exec(d, s, B, select('BAL-A01')), 'BALANCE_ABOVE_CAPACITY');
    d.close();
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S23', 'need-balance'));
    expectRefused(await exec(d, d.login('op.li'), B, { type: 'select-balance', stepId: 'S23', balanceId: 'BAL-P01' }), 'BALANCE_BELOW_MINIMUM_WEIGHT');
  });

  test('a net below the minimum weight is not recorded as a weighing', async () => {
    const s = await atApiBalance();
    expect((await exec(d, s, B, select('BAL-P01'))).ok).toBe(true);
    expect((await exec(d, s, B, { type: 'tare', stepId: 'S11' })).ok).toBe(true);
    d.bench.place('BAL-P01', { amount: '10.00', unit: 'g' });
    expectRefused(await exec(d, s, B, { type: 'capture', stepId: 'S11', partial: true }), 'BALANCE_BELOW_MINIMUM_WEIGHT');
    expect(d.station.ledger.query({ batchRef: B, types: ['dispense.weighed'] })).toHaveLength(0);
  });

  test('P11-11 a balance in another booth, and a balance answering with another serial number', async () => {
    const s = await atApiBalance();
    expectRefused(await exec(d, s, B, select('BAL-P02')), 'BALANCE_UNKNOWN');
    d.bench.balance('BAL-P01').serialNumber = 'B000000000';
    expectRefused(await exec(d, s, B, select('BAL-P01')), 'BALANCE_SERIAL_MISMATCH');
  });

  test('an unstable reading is refused at tare and at capture; a pulled cable too', async () => {
    const s = await atApiBalance();
    expect((await exec(d, s, B, select('BAL-P01'))).ok).toBe(true);
    d.bench.balance('BAL-P01').unstable = true;
    expectRefused(await exec(d, s, B, { type: 'tare', stepId: 'S11' }), 'READING_NOT_STABLE');
    d.bench.balance('BAL-P01').unstable = false;
    expect((await exec(d, s, B, { type: 'tare', stepId: 'S11' })).ok).toBe(true);
    d.bench.place('BAL-P01', { amount: '1004.00', unit: 'g' });
    d.bench.balance('BAL-P01').unstable = true;
    expectRefused(await exec(d, s, B, { type: 'capture', stepId: 'S11' }), 'READING_NOT_STABLE');
    d.bench.balance('BAL-P01').unstable = false;
    d.bench.balance('BAL-P01').unplugged = true;
    expectRefused(await exec(d, s, B, { type: 'capture', stepId: 'S11' }), 'DEVICE_DISCONNECTED');
    expect(d.station.ledger.query({ batchRef: B, types: ['dispense.weighed'] })).toHaveLength(0);
    expect(refusalsOf(d, B).map((r) => r.code)).toEqual(['READING_NOT_STABLE', 'READING_NOT_STABLE', 'DEVICE_DISCONNECTED']);
  });

  test('an out-of-tolerance weighing is recorded with NET_OUT_OF_TOLERANCE and not accepted', async () => {
    const s = await atApiBalance();
    await exec(d, s, B, select('BAL-P01'));
    await exec(d, s, B, { type: 'tare', stepId: 'S11' });
    d.bench.place('BAL-P01', { amount: '1100.00', unit: 'g' });
    const r = await exec(d, s, B, { type: 'capture', stepId: 'S11' });
    expectRefused(r, 'NET_OUT_OF_TOLERANCE');
    expect(r.ok ? null : r.error.details?.verdict).toBe('above');
    expect(view(d, B).current).toMatchObject({ stepId: 'S11', phase: 'out-of-tolerance' });
    expect(view(d, B).pendingSignatures).toEqual([]);
  });
});

describe('booth, master data, training, sequence, roles', () => {
  test('a dirty booth, and a booth held by another order', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    d.importOrder('B-REF-2');
    const s = d.login('op.li');
    expectRefused(await exec(d, s, B, { type: 'start-order', boothId: 'BOOTH-2' }), 'BOOTH_NOT_CLEARED');
    expectRefused(await exec(d, s, B, { type: 'start-order', boothId: 'BOOTH-9' }), 'BOOTH_UNKNOWN');
    expect((await exec(d, s, B, { type: 'start-order', boothId: 'BOOTH-1' })).ok).toBe(true);
    expectRefused(await exec(d, s, 'B-REF-2', { type: 'start-order', boothId: 'BOOTH-1' }), 'BOOTH_IN_USE');
  });

  test('a booth must be cleaned again after an order released it', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    d.importOrder('B-REF-2');
    await runTo(d, B);
    const s = d.login('op.li');
    const r = await exec(d, s, 'B-REF-2', { type: 'start-order', boothId: 'BOOTH-1' });
    expectRefused(r, 'BOOTH_NOT_CLEARED');
    expect(r.ok ? null : r.error.details?.reason).toBe('not-cleaned-after-use');
    d.clock.advance(1000);
    const booth = d.station.masterData.reader.get('booth', 'BOOTH-1')!.data;
    d.revise('booth', 'BOOTH-1', { cleaning: { ...booth.cleaning, cleanedAt: d.clock.now().toISOString() } });
    expect((await exec(d, s, 'B-REF-2', { type: 'start-order', boothId: 'BOOTH-1' })).ok).toBe(true);
  });

  test('master data older than the limit blocks start and scans', async () => {
    const s0 = await atApiScan({ maxMasterDataAgeMinutes: 60 });
    d.clock.advance(61 * 60_000);
    const s = d.login('op.li');
    expectRefused(await exec(d, s, B, scan('C-PARA-0002')), 'MASTER_DATA_STALE');
    d.applyMasterData([]);
    expect((await exec(d, s, B, scan('C-PARA-0002'))).ok).toBe(true);
    expect(s0).not.toBe(s);
  });

  test('P11-12 an operator whose training expired can neither start nor continue the order', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    const smith = d.login('op.smith');
    expectRefused(await exec(d, smith, B, { type: 'start-order', boothId: 'BOOTH-1' }), 'OPERATOR_NOT_TRAINED');
    await runTo(d, B, at('S11', 'need-container'));
    expectRefused(await exec(d, smith, B, scan('C-PARA-0002')), 'OPERATOR_NOT_TRAINED');
  });

  test('P11-08 steps run in sequence (11.10(f))', async () => {
    const s = await atApiScan();
    expectRefused(await exec(d, s, B, { type: 'capture', stepId: 'S11' }), 'STEP_OUT_OF_SEQUENCE');
    expectRefused(await exec(d, s, B, { type: 'scan-container', stepId: 'S20', scan: { containerId: 'C-MCC-0002' } }), 'STEP_OUT_OF_SEQUENCE');
    expectRefused(await exec(d, s, B, { type: 'acknowledge', stepId: 'S10' }), 'STEP_OUT_OF_SEQUENCE');
    expectRefused(await exec(d, s, B, { type: 'acknowledge', stepId: 'S11' }), 'STEP_COMMAND_INVALID');
    expectRefused(await exec(d, s, B, { type: 'acknowledge', stepId: 'S99' }), 'STEP_UNKNOWN');
    expectRefused(await exec(d, s, B, { type: 'complete-order' }), 'ORDER_NOT_COMPLETE');
  });

  test('P11-09 roles: QA cannot dispense; a recipe version that is not effective cannot run', async () => {
    const s = await atApiScan();
    expectRefused(await exec(d, d.login('qa.chen'), B, scan('C-PARA-0002')), 'AUTH_ROLE_REQUIRED');
    expect(s).toBeTruthy();
    const draft = d.station.orderIntake.importOrders([{ batchNumber: 'B-DRAFT', productCode: 'FG-PARA500', recipeCode: 'PARA-500', recipeVersion: 3, batchSize: { amount: '1', unit: 'kg' }, erpOrderId: null, plannedStart: null, boothId: null }], { kind: 'api', fileName: null }, null);
    expect(draft.ok).toBe(true);
    expectRefused(await exec(d, s, 'B-DRAFT', { type: 'start-order', boothId: 'BOOTH-1' }), 'RECIPE_NOT_EFFECTIVE');
    const retired = d.station.orderIntake.importOrders([{ batchNumber: 'B-OLD', productCode: 'FG-PARA500', recipeCode: 'PARA-500', recipeVersion: 1, batchSize: { amount: '1', unit: 'kg' }, erpOrderId: null, plannedStart: null, boothId: null }], { kind: 'api', fileName: null }, null);
    expectRefused(retired, 'RECIPE_NOT_EFFECTIVE');
  });
});

describe('signatures: the person who performed cannot verify (Annex 11 §14, 11.10(g))', () => {
  async function weighedBy(username: string): Promise<{ s: string; seq: number }> {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S11', 'need-container'));
    const s = d.login(username);
    await exec(d, s, B, { ...scan('C-PARA-0002') });
    await exec(d, s, B, { type: 'select-balance', stepId: 'S11', balanceId: 'BAL-P01' });
    await exec(d, s, B, { type: 'tare', stepId: 'S11' });
    const target = view(d, B).current!.weigh!.container!.portionWindow.target;
    d.bench.place('BAL-P01', { amount: (Number(target.amount) * 1000).toFixed(2), unit: 'g' });
    const r = await exec(d, s, B, { type: 'capture', stepId: 'S11' });
    if (!r.ok) throw new Error(r.error.message);
    return { s, seq: r.value.appended[0]!.seq };
  }
  const sign = (meaning: string, username: string, targetSeq?: number) => ({ type: 'sign' as const, meaning: meaning as 'verified', username, password: 'Batchline-demo-1', ...(targetSeq ? { targetSeq } : {}) });

  test('a supervisor who weighed cannot verify his own weighing', async () => {
    const { s, seq } = await weighedBy('sup.wang');
    expect((await exec(d, s, B, sign('performed', 'sup.wang', seq))).ok).toBe(true);
    expectRefused(await exec(d, s, B, sign('verified', 'sup.wang', seq)), 'SIGNATURE_SAME_USER');
    expect(view(d, B).current?.stepId).toBe('S11');
  });

  test('P11-25 another operator cannot sign as performer; verification waits for the performer', async () => {
    const { s, seq } = await weighedBy('op.li');
    expectRefused(await exec(d, s, B, sign('performed', 'op.smith', seq)), 'SIGNATURE_NOT_PERFORMER');
    expectRefused(await exec(d, s, B, sign('verified', 'sup.wang', seq)), 'STEP_OUT_OF_SEQUENCE');
    expectRefused(await exec(d, s, B, sign('approved', 'sup.wang')), 'SIGNATURE_NOT_EXPECTED');
    expect((await exec(d, s, B, sign('performed', 'op.li'))).ok).toBe(true);
    expectRefused(await exec(d, s, B, sign('verified', 'op.li')), 'SIGNATURE_ROLE_REQUIRED');
    expect((await exec(d, s, B, sign('verified', 'sup.wang'))).ok).toBe(true);
    expect(view(d, B).current?.stepId).toBe('S12');
  });
});
