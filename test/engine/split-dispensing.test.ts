/**
 * Split dispensing (issue 4, item 4): one material line from several containers, lots (with
 * different potencies) or balances, until the line's total is inside its window; the stock
 * left in each container follows every weighing.
 */
import { afterEach, expect, test } from 'vitest';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { potencyFraction, dividedByFraction } from '../../src-shared/recipe/quantity-math.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, OPERATOR, runTo, signAs, SUPERVISOR, view, weighPortion } from './engine-test-kit.ts';

const B = 'B-SPLIT-1';
let d: DispensingStation;
afterEach(() => d?.close());

const record = () => buildBatchRecord(B, d.station.ledger.query({ batchRef: B }), { user: (id) => d.station.users.byId(id) });
const left = (containerId: string) => d.station.masterData.reader.containerLeft(containerId);

async function signPortion(s: string, verified: boolean): Promise<void> {
  expect((await exec(d, s, B, signAs('performed', OPERATOR))).ok).toBe(true);
  if (verified) expect((await exec(d, s, B, signAs('verified', SUPERVISOR))).ok).toBe(true);
}

test('FR-06 across containers: a short container gives a partial portion, the next completes the line', async () => {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, at('S11', 'need-container'));
  const s = d.login('op.li');
  const first = await weighPortion(d, s, B, 'S11', { containerId: 'C-PARA-0001', balanceId: 'BAL-P01', grams: '600.00', acceptPartial: true });
  expect(first.ok && first.value.view.current?.weigh?.lastWeighing?.outcome).toBe('partial');
  await signPortion(s, true);
  expect(view(d, B).current).toMatchObject({ stepId: 'S11', phase: 'need-container' });
  expect(view(d, B).current?.weigh?.portion).toBe(2);
  expect(left('C-PARA-0001')).toEqual({ amount: '0.00000', unit: 'kg' });
  const target = view(d, B).current!;
  expect(target.weigh!.cumulative.amount).toBe('0.5958072');
  const second = await weighPortion(d, s, B, 'S11', { containerId: 'C-PARA-0002', balanceId: 'BAL-P01', grams: '407.04' });
  expect(second.ok && second.value.view.current?.weigh?.lastWeighing?.outcome).toBe('accepted');
  await signPortion(s, true);
  expect(view(d, B).current?.stepId).toBe('S12');
  expect(left('C-PARA-0002')).toEqual({ amount: '4.59296', unit: 'kg' });
  const line = record().steps.find((x) => x.stepId === 'S11')!.material!;
  expect(line.portions.map((p) => [p.containerId, p.net.amount, p.outcome])).toEqual([
    ['C-PARA-0001', '600.00', 'partial'],
    ['C-PARA-0002', '407.04', 'accepted'],
  ]);
});

test('across lots of different potency: each portion counts its pure substance', async () => {
  d = await makeDispensingStation();
  // Expires after LOT-PARA-2401, so FEFO keeps suggesting 2401's containers: this lot is taken with a reason.
  const expiry = new Date(d.clock.now().getTime() + 1000 * 86_400_000).toISOString().slice(0, 10);
  d.applyMasterData([
    { kind: 'lot', key: 'LOT-PARA-2405', version: 1, data: { lotId: 'LOT-PARA-2405', materialCode: 'API-PARA', lotNumber: 'PARA-2405', qcStatus: 'released', expiryDate: expiry, retestDate: null, assayPercent: '98.0', waterPercent: '0.5' } },
    { kind: 'container', key: 'C-PARA-0008', version: 1, data: { containerId: 'C-PARA-0008', lotId: 'LOT-PARA-2405', materialCode: 'API-PARA', quantity: { amount: '2.000', unit: 'kg' }, tare: { amount: '0.300', unit: 'kg' } } },
  ]);
  d.importOrder(B);
  await runTo(d, B, at('S11', 'need-container'));
  const s = d.login('op.li');
  await weighPortion(d, s, B, 'S11', { containerId: 'C-PARA-0001', balanceId: 'BAL-P01', grams: '600.00', acceptPartial: true });
  await signPortion(s, true);
  expect((await exec(d, s, B, { type: 'scan-container', stepId: 'S11', scan: { containerId: 'C-PARA-0008' }, choiceReason: 'lot 2405 is to be used up for this campaign' })).ok).toBe(true);
  // remaining pure substance 1.000 − 0.5958072 kg, divided by this lot's fraction 0.98 × 0.995
  const fraction = potencyFraction('98.0', '0.5', 'anhydrous');
  expect(fraction).toBe('0.9751');
  const expected = dividedByFraction({ amount: '0.4041928', unit: 'kg' }, fraction);
  expect(view(d, B).current!.weigh!.container!.portionWindow.target).toEqual(expected);
  expect(expected.amount).toBe('0.414514204');
  await exec(d, s, B, { type: 'select-balance', stepId: 'S11', balanceId: 'BAL-P01' });
  d.bench.clear('BAL-P01');
  d.bench.place('BAL-P01', { amount: '50', unit: 'g' });
  await exec(d, s, B, { type: 'tare', stepId: 'S11' });
  d.bench.place('BAL-P01', { amount: '414.51', unit: 'g' });
  const r = await exec(d, s, B, { type: 'capture', stepId: 'S11' });
  expect(r.ok).toBe(true);
  const weighed = d.station.ledger.query({ batchRef: B, types: ['dispense.weighed'] }).at(-1)!.payload as { contribution: { amount: string }; cumulative: { amount: string }; outcome: string };
  expect(weighed).toMatchObject({ contribution: { amount: '0.404188701' }, cumulative: { amount: '0.999995901' }, outcome: 'accepted' });
});

test('across balances: the analytical balance takes a partial portion, the precision balance the rest', async () => {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, at('S21', 'need-container'));
  const s = d.login('op.li');
  expect((await exec(d, s, B, { type: 'scan-container', stepId: 'S21', scan: { containerId: 'C-PVP-0001' } })).ok).toBe(true);
  // 80 g on the precision balance is fine; put 30 g on the analytical one first, then the rest.
  const first = await weighPortion(d, s, B, 'S21', { containerId: 'C-PVP-0001', balanceId: 'BAL-A01', grams: '30.0000', partial: true });
  expect(first.ok).toBe(true);
  await signPortion(s, false);
  const second = await weighPortion(d, s, B, 'S21', { containerId: 'C-PVP-0001', balanceId: 'BAL-P01', grams: '50.00' });
  expect(second.ok).toBe(true);
  await signPortion(s, false);
  const line = record().steps.find((x) => x.stepId === 'S21')!.material!;
  expect(line.portions.map((p) => [p.balance?.balanceId, p.net, p.outcome])).toEqual([
    ['BAL-A01', { amount: '30.0000', unit: 'g' }, 'partial'],
    ['BAL-P01', { amount: '50.00', unit: 'g' }, 'accepted'],
  ]);
  expect(line.totalNet).toEqual({ amount: '0.0800000', unit: 'kg' });
  expect(left('C-PVP-0001')).toEqual({ amount: '4.9200000', unit: 'kg' });
});

test('a line too large for one balance is split with a partial balance selection', async () => {
  d = await makeDispensingStation();
  d.applyMasterData([{ kind: 'container', key: 'C-PARA-0009', version: 1, data: { containerId: 'C-PARA-0009', lotId: 'LOT-PARA-2401', materialCode: 'API-PARA', quantity: { amount: '25.000', unit: 'kg' }, tare: { amount: '1.200', unit: 'kg' } } }]);
  d.importOrder(B, { amount: '20.000', unit: 'kg' });
  await runTo(d, B, at('S20', 'need-container'));
  const s = d.login('op.li');
  expect((await exec(d, s, B, { type: 'scan-container', stepId: 'S20', scan: { containerId: 'C-MCC-0002' } })).ok).toBe(true);
  expectRefused(await exec(d, s, B, { type: 'select-balance', stepId: 'S20', balanceId: 'BAL-P01' }), 'BALANCE_ABOVE_CAPACITY');
  expect((await exec(d, s, B, { type: 'select-balance', stepId: 'S20', balanceId: 'BAL-P01', partial: true })).ok).toBe(true);
  // The runner finishes the line (and the order) in as many portions as the balance needs.
  const done = await runTo(d, B, at('S21'));
  expect(done.view.current?.stepId).toBe('S21');
  const line = record().steps.find((x) => x.stepId === 'S20')!.material!;
  expect(line.portions.length).toBeGreaterThanOrEqual(2);
  expect(line.portions.slice(0, -1).every((p) => p.outcome === 'partial')).toBe(true);
  expect(line.portions.at(-1)!.outcome).toBe('accepted');
  const api = record().steps.find((x) => x.stepId === 'S11')!.material!;
  expect(new Set(api.portions.map((p) => p.containerId)).size).toBeGreaterThanOrEqual(2);
});

test('a partial portion may not overshoot the line, and one that reaches the window completes it', async () => {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, at('S21', 'need-container'));
  const s = d.login('op.li');
  expectRefused(await weighPortion(d, s, B, 'S21', { containerId: 'C-PVP-0001', balanceId: 'BAL-A01', grams: '81.0000', partial: true }), 'NET_OUT_OF_TOLERANCE');
  d.bench.remove('BAL-A01', { amount: '1.0000', unit: 'g' });
  const r = await exec(d, s, B, { type: 'capture', stepId: 'S21', partial: true });
  expect(r.ok && r.value.view.current?.weigh?.lastWeighing?.outcome).toBe('accepted');
  await signPortion(s, false);
  expect(view(d, B).current?.stepId).toBe('S22');
});
