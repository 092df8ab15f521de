/**
 * Issue 18, items 2 and 4, through the engine on a real station: targets and limits at the
 * readability of the balance in use in every record line, the potency formula in the record,
 * and a balance refused for minimum weight or capacity naming the booth's balances that qualify.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { decimalsOf, type Mass } from '../../src-shared/mass.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, runTo, view } from './engine-test-kit.ts';

const B = 'B-MASS-1';
let d: DispensingStation;
afterEach(() => d?.close());

const payloads = (type: string) => d.station.ledger.query({ batchRef: B, types: [type] }).map((e) => e.payload as Record<string, unknown>);
const summaries = () => buildBatchRecord(B, d.station.ledger.query({ batchRef: B }), { user: (id) => d.station.users.byId(id) }).steps.flatMap((s) => s.events.map((e) => e.summary));

/** Every "<number> <unit>" in a text, with more decimals than a 0.01 g balance resolves in that unit. */
function finerThanCentigram(text: string): string[] {
  const allowed: Record<string, number> = { mg: 0, g: 2, kg: 5 };
  return [...text.matchAll(/(\d+(?:\.\d+)?) (mg|g|kg)\b/g)].filter((m) => decimalsOf(m[1]!) > allowed[m[2]!]!).map((m) => m[0]);
}

/** A released API lot of 98.5 % assay and no water: 1.000 kg of pure substance is 1.015228426 kg of it. */
async function atLowPotencyScan(): Promise<string> {
  d = await makeDispensingStation();
  const expiry = new Date(d.clock.now().getTime() + 400 * 86_400_000).toISOString().slice(0, 10);
  d.applyMasterData([
    { kind: 'lot', key: 'LOT-PARA-2406', version: 1, data: { lotId: 'LOT-PARA-2406', materialCode: 'API-PARA', lotNumber: 'PARA-2406', qcStatus: 'released', expiryDate: expiry, retestDate: null, assayPercent: '98.5', waterPercent: '0' } },
    { kind: 'container', key: 'C-PARA-0009', version: 1, data: { containerId: 'C-PARA-0009', lotId: 'LOT-PARA-2406', materialCode: 'API-PARA', quantity: { amount: '2.000', unit: 'kg' }, tare: { amount: '0.300', unit: 'kg' } } },
  ]);
  d.importOrder(B);
  await runTo(d, B, at('S11', 'need-container'));
  return d.login('op.li');
}

describe('masses at the balance readability (issue 18 item 2)', () => {
  test('A11-08 a potency-adjusted target is 1015.23 g on a 0.01 g balance: record lines never show 1.015228426 kg, the formula is recorded', async () => {
    const s = await atLowPotencyScan();
    expect((await exec(d, s, B, { type: 'scan-container', stepId: 'S11', scan: { containerId: 'C-PARA-0009' } })).ok).toBe(true);
    const scanned = payloads('dispense.container_scanned').at(-1)!;
    // The exact values stay in the entry beside the rounded ones.
    expect(scanned.portionWindow).toMatchObject({ target: { amount: '1.015228426', unit: 'kg' } });
    expect(scanned.portionWindowAtReadability).toEqual({
      target: { amount: '1015.23', unit: 'g' },
      lower: { amount: '1010.16', unit: 'g' },
      upper: { amount: '1020.30', unit: 'g' },
      readability: { amount: '0.01', unit: 'g' },
    });
    expect(scanned.potencyAdjustment).toEqual({
      lineQuantity: { amount: '1.000', unit: 'kg' },
      assayPercent: '98.5',
      waterPercent: '0',
      basis: 'anhydrous',
      fraction: '0.985',
      adjustedTarget: { amount: '1.015228426', unit: 'kg' },
    });
    expect((await exec(d, s, B, { type: 'select-balance', stepId: 'S11', balanceId: 'BAL-P01' })).ok).toBe(true);
    d.bench.clear('BAL-P01');
    d.bench.place('BAL-P01', { amount: '50', unit: 'g' });
    expect((await exec(d, s, B, { type: 'tare', stepId: 'S11' })).ok).toBe(true);
    // 1010.15 g counts 994.99775 g of pure substance: below 995 g although it rounds to it.
    d.bench.place('BAL-P01', { amount: '1010.15', unit: 'g' });
    expectRefused(await exec(d, s, B, { type: 'capture', stepId: 'S11' }), 'NET_OUT_OF_TOLERANCE');
    expect(payloads('dispense.weighed').at(-1)).toMatchObject({ verdict: 'below', outcome: 'out-of-tolerance' });
    d.bench.place('BAL-P01', { amount: '0.01', unit: 'g' });
    const edge = await exec(d, s, B, { type: 'capture', stepId: 'S11' });
    expect(edge.ok && edge.value.view.current?.weigh?.lastWeighing?.outcome).toBe('accepted');
    const weighed = payloads('dispense.weighed').at(-1)!;
    expect(weighed.acceptanceWindow).toMatchObject({ lower: { amount: '1010.16', unit: 'g' }, upper: { amount: '1020.30', unit: 'g' } });
    expect(weighed.potencyFraction).toBe('0.985');
    const lines = summaries();
    expect(lines.flatMap(finerThanCentigram)).toEqual([]);
    expect(lines.join('\n')).not.toContain('1.015228426');
    expect(lines.find((l) => l.startsWith('Container C-PARA-0009'))).toContain('take 1015.23 g (1010.16 g … 1020.30 g); potency-adjusted target: 1.000 kg of pure substance ÷ (98.5 % assay × (100 − 0) % water = 0.985) = 1015.23 g');
    expect(lines.find((l) => l.startsWith('Balance BAL-P01'))).toContain('readability 0.01 g');
    expect(lines.filter((l) => l.startsWith('Weighed')).at(-1)).toBe(
      'Weighed 1010.16 g net (portion 1, C-PARA-0009 on BAL-P01); line total 0.99501 kg in 0.995 kg … 1.005 kg: accepted; portion limits 1010.16 g … 1020.30 g; counts 0.99501 kg of pure substance (× 0.985)',
    );
  });

  test('a balance whose readability cannot resolve the window is refused and the finer one named', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S23', 'need-balance'));
    const s = d.login('op.li');
    // Silica: 10 g ± 0.10 g. A balance reading in steps of 0.7 g shows 9.8 g or 10.5 g, never a
    // value inside (its minimum weight is kept below 10 g so that only the readability refuses).
    d.revise('balance', 'BAL-P01', { readability: { amount: '0.7', unit: 'g' }, minimumWeightSafetyFactor: '0.01' });
    const r = await exec(d, s, B, { type: 'select-balance', stepId: 'S23', balanceId: 'BAL-P01' });
    expectRefused(r, 'TOLERANCE_FINER_THAN_READABILITY');
    expect(!r.ok && (r.error.details?.qualifyingBalances as { balanceId: string }[]).map((q) => q.balanceId)).toEqual(['BAL-A01']);
  });
});

describe('a balance refused for its range names the booth balances that qualify (issue 18 item 4)', () => {
  test('DI-05 below the minimum weight (USP <41>): the analytical balance is named with its minimum weight and capacity, one command switches to it', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S23', 'need-balance'));
    const s = d.login('op.li');
    const refused = await exec(d, s, B, { type: 'select-balance', stepId: 'S23', balanceId: 'BAL-P01' });
    expectRefused(refused, 'BALANCE_BELOW_MINIMUM_WEIGHT');
    const details = !refused.ok ? refused.error.details! : {};
    expect(details.qualifyingBalances).toEqual([
      { balanceId: 'BAL-A01', name: 'Analytical balance 1', minimumWeight: { amount: '0.082', unit: 'g' }, capacity: { amount: '220.0000', unit: 'g' }, readability: { amount: '0.0001', unit: 'g' } },
    ]);
    expect(!refused.ok && refused.error.message).toContain('balances in this booth that qualify: Analytical balance 1 (BAL-A01, min. 0.082 g, max. 220.0000 g)');
    expect(!refused.ok && refused.error.message).toMatch(/^0\.010 kg is below the minimum weight 16 g of BAL-P01/);
    const switched = await exec(d, s, B, { type: 'select-balance', stepId: 'S23', balanceId: 'BAL-A01' });
    expect(switched.ok && switched.value.view.current?.weigh?.balance?.balanceId).toBe('BAL-A01');
  });

  test('DI-05 above the capacity: the precision balance is named; a balance of another booth never is', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S11', 'need-container'));
    const s = d.login('op.li');
    expect((await exec(d, s, B, { type: 'scan-container', stepId: 'S11', scan: { containerId: 'C-PARA-0002' } })).ok).toBe(true);
    const refused = await exec(d, s, B, { type: 'select-balance', stepId: 'S11', balanceId: 'BAL-A01' });
    expectRefused(refused, 'BALANCE_ABOVE_CAPACITY');
    const named = (!refused.ok ? (refused.error.details?.qualifyingBalances as { balanceId: string; capacity: Mass }[]) : []).map((q) => [q.balanceId, q.capacity.amount]);
    expect(named).toEqual([['BAL-P01', '6100.00']]);
    expect(view(d, B).current?.phase).toBe('need-balance');
  });

  test('when no balance of the booth qualifies, the refusal says so', async () => {
    d = await makeDispensingStation();
    d.importOrder(B);
    await runTo(d, B, at('S23', 'need-balance'));
    const s = d.login('op.li');
    d.revise('balance', 'BAL-A01', { calibration: { certificateId: 'CAL-OLD', dueAt: new Date(d.clock.now().getTime() - 60_000).toISOString() } });
    const refused = await exec(d, s, B, { type: 'select-balance', stepId: 'S23', balanceId: 'BAL-P01' });
    expectRefused(refused, 'BALANCE_BELOW_MINIMUM_WEIGHT');
    expect(!refused.ok && refused.error.details?.qualifyingBalances).toEqual([]);
    expect(!refused.ok && refused.error.message).toContain('no balance in this booth qualifies');
  });
});
