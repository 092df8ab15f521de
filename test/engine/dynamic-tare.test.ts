/**
 * A tare the balance reports as done under dynamic conditions (MT-SICS `TI D`; issue 18 item 6)
 * is never recorded as a settled tare: the engine refuses it, records the refusal, and the
 * operator tares again.
 */
import { afterEach, expect, test } from 'vitest';
import { ok } from '../../src-shared/result.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, refusalsOf, runTo, view } from './engine-test-kit.ts';

const B = 'B-DYN-TARE';
let d: DispensingStation;
afterEach(() => d?.close());

test('DI-05 a dynamic tare without a tare value is refused as not stable, recorded, and a settled tare then passes', async () => {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, at('S21', 'need-container'));
  const s = d.login('op.li');
  expect((await exec(d, s, B, { type: 'scan-container', stepId: 'S21', scan: { containerId: 'C-PVP-0001' }, acceptPartial: false })).ok).toBe(true);
  expect((await exec(d, s, B, { type: 'select-balance', stepId: 'S21', balanceId: 'BAL-A01', partial: false })).ok).toBe(true);
  d.bench.clear('BAL-A01');
  d.bench.place('BAL-A01', { amount: '50', unit: 'g' });
  const bench = d.bench as unknown as { tare: (id: string) => Promise<unknown> };
  const settled = bench.tare.bind(d.bench);
  bench.tare = async () => ok({ tare: null, dynamic: true });
  expectRefused(await exec(d, s, B, { type: 'tare', stepId: 'S21' }), 'READING_NOT_STABLE');
  expect(refusalsOf(d, B).at(-1)).toMatchObject({ command: 'tare', code: 'READING_NOT_STABLE' });
  expect(d.station.ledger.query({ batchRef: B }).filter((e) => e.type === 'dispense.tared' && (e.payload as { stepId: string }).stepId === 'S21')).toHaveLength(0);
  bench.tare = settled;
  expect((await exec(d, s, B, { type: 'tare', stepId: 'S21' })).ok).toBe(true);
  expect(view(d, B).current?.phase).toBe('need-capture');
});
