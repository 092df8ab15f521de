/**
 * Dispensing modes in the engine (issue 17 item 3). Loss in weight is the recipe's
 * `subtraction` method: the source container on the balance, read before and after.
 */
import { afterEach, expect, it } from 'vitest';
import { lossInWeight } from '../../src-shared/recipe/dispensing-modes.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, runTo } from './engine-test-kit.ts';

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
