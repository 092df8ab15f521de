/**
 * Dispensing modes in the engine (issue 17 item 3). Loss in weight is the recipe's
 * `subtraction` method: the source container on the balance, read before and after. By count,
 * the balance is tared and the net counted in pieces at the material's reference piece weight.
 */
import { afterEach, expect, it } from 'vitest';
import { lossInWeight } from '../../src-shared/recipe/dispensing-modes.ts';
import { DEMO_RECIPE } from '../../src-main/demo/demo-master-data.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { at, exec, expectRefused, runTo, weighPortion } from './engine-test-kit.ts';

let d: DispensingStation;
afterEach(() => d?.close());
const B = 'B-LIW-1';

it('FR-20 loss in weight: the engine records the source container before and after, and counts before − after', async () => {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, at('S23'));
  const w = d.station.ledger.query({ batchRef: B, types: ['dispense.weighed'] }).find((e) => (e.payload as { lineId: string }).lineId === 'L40')!;
  const p = w.payload as { method: string; reading: { mass: { amount: string; unit: 'g' } }; tareReading: { mass: { amount: string; unit: 'g' } }; net: unknown; outcome: string; containerLeftAfter: unknown };
  expect(p.method).toBe('subtraction');
  expect(p.outcome).toBe('accepted');
  expect(lossInWeight(p.tareReading.mass, p.reading.mass)).toEqual({ ok: true, value: p.net });
});

it('FR-20 loss in weight: a container that weighs no less after is refused, nothing counted', async () => {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, at('S22', 'need-tare'));
  const s = d.login('op.li');
  const balanceId = d.station.engine.view(B).current!.weigh!.balance!.balanceId;
  d.bench.clear(balanceId);
  d.bench.place(balanceId, { amount: '1500', unit: 'g' });
  expect((await exec(d, s, B, { type: 'tare', stepId: 'S22' })).ok).toBe(true);
  expectRefused(await exec(d, s, B, { type: 'capture', stepId: 'S22' }), 'NET_NOT_POSITIVE');
  expect(d.station.ledger.query({ batchRef: B, types: ['dispense.weighed'] }).filter((e) => (e.payload as { lineId: string }).lineId === 'L40')).toEqual([]);
});

/** The demo recipe with its magnesium stearate line (S24, 20 g for a 2 kg batch, −0.5 % … +1 %) dispensed by count. */
function countS24(pieceWeight: string): void {
  const recipe = d.station.masterData.reader.list('recipe').find((r) => r.data.recipeCode === DEMO_RECIPE && r.data.status === 'effective')!;
  const data = structuredClone(recipe.data) as unknown as { unitProcedures: { operations: { steps: { stepId: string; method?: string }[] }[] }[] };
  for (const up of data.unitProcedures) for (const op of up.operations) for (const st of op.steps) if (st.stepId === 'S24') st.method = 'count';
  d.applyMasterData([{ kind: 'recipe', key: recipe.key, version: recipe.version + 1, data: data as never }]);
  d.revise('material', 'EXC-MGST', { pieceWeight: { amount: pieceWeight, unit: 'g' } });
}

const C = 'B-COUNT-1';

it('FR-22 by count: the engine counts the pieces at the reference piece weight and the count decides, recorded in both languages', async () => {
  d = await makeDispensingStation();
  countS24('0.25');
  d.importOrder(C);
  await runTo(d, C, at('S24', 'need-container'));
  const s = d.login('op.li');
  // 19.90 g … 20.20 g at 0.25 g a piece: 80 … 80 pieces. 79 pieces (19.75 g) are too few.
  const few = await weighPortion(d, s, C, 'S24', { containerId: 'C-MGST-0001', balanceId: 'BAL-P01', grams: '19.75' });
  expectRefused(few, 'NET_OUT_OF_TOLERANCE');
  const first = d.station.ledger.query({ batchRef: C, types: ['dispense.weighed'] }).at(-1)!;
  expect(first.payload).toMatchObject({ method: 'count', outcome: 'out-of-tolerance', pieceCount: { count: 79, lower: 80, upper: 80, target: 80 } });
  // Half a piece more than a whole count is ambiguous: refused, nothing recorded as weighed.
  d.bench.clear('BAL-P01');
  d.bench.place('BAL-P01', { amount: '50', unit: 'g' });
  expect((await exec(d, s, C, { type: 'tare', stepId: 'S24' })).ok).toBe(true);
  d.bench.place('BAL-P01', { amount: '20.12', unit: 'g' });
  expectRefused(await exec(d, s, C, { type: 'capture', stepId: 'S24' }), 'DISPENSING_MODE_INVALID');
  expect(d.station.ledger.query({ batchRef: C, types: ['dispense.weighed'] }).filter((e) => (e.payload as { lineId: string }).lineId === 'L60')).toHaveLength(1);
  d.bench.clear('BAL-P01');
  d.bench.place('BAL-P01', { amount: '50', unit: 'g' });
  expect((await exec(d, s, C, { type: 'tare', stepId: 'S24' })).ok).toBe(true);
  d.bench.place('BAL-P01', { amount: '20.00', unit: 'g' });
  const r = await exec(d, s, C, { type: 'capture', stepId: 'S24' });
  expect(r.ok).toBe(true);
  const counted = d.station.ledger.query({ batchRef: C, types: ['dispense.weighed'] }).at(-1)!;
  expect(counted.payload).toMatchObject({ method: 'count', outcome: 'accepted', net: { amount: '20.00', unit: 'g' }, pieceCount: { count: 80, pieces: '80' } });
  const line = describeEntry(counted.type, counted.payload);
  expect(renderRecordLine(line, 'en')).toContain('80 pieces (80 at 0.25 g each), count window 80 … 80');
  expect(renderRecordLine(line, 'zh-CN')).toContain('80 粒（按单粒 0.25 g 计为 80），数量范围 80 … 80');
});

it('FR-22 by count: a material without a reference piece weight is refused at capture', async () => {
  d = await makeDispensingStation();
  countS24('0.25');
  const m = d.station.masterData.reader.get('material', 'EXC-MGST')!;
  const { pieceWeight: _dropped, ...without } = m.data;
  d.applyMasterData([{ kind: 'material', key: m.key, version: m.version + 1, data: without }]);
  d.importOrder(C);
  await runTo(d, C, at('S24', 'need-container'));
  const s = d.login('op.li');
  expectRefused(await weighPortion(d, s, C, 'S24', { containerId: 'C-MGST-0001', balanceId: 'BAL-P01', grams: '20.00' }), 'MASTER_DATA_INVALID');
});
