/**
 * The order's material balance, for any containers (issue 17 item 6): the difference is exactly
 * issued − dispensed − returned − wasted (decimal, no float), the balance closes exactly when
 * |difference| ≤ max(percent × issued, minimum), the order of containers changes nothing, and
 * booking the difference as waste always closes it.
 */
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, test } from 'vitest';
import { convertMass, type Mass } from '../mass.ts';
import { orderBalance, type ContainerFlow } from './order-balance.ts';
import type { ReconciliationLimit } from './reconciliation-limits.ts';

const amount = (max: number) => fc.integer({ min: 0, max }).map((n) => (n / 1000).toFixed(3));
const unit = fc.constantFrom<Mass['unit']>('g', 'kg');
const flow: fc.Arbitrary<ContainerFlow> = fc
  .record({ id: fc.integer({ min: 1, max: 9999 }), material: fc.constantFrom('API-A', 'EXC-B', 'EXC-C'), unit, issued: amount(50_000_000), dispensed: amount(50_000_000), returned: amount(50_000_000), wasted: amount(100_000) })
  .map((r) => ({
    containerId: `C-${r.id}`,
    materialCode: r.material,
    issued: { amount: r.issued, unit: r.unit },
    dispensed: { amount: r.dispensed, unit: r.unit },
    returned: { amount: r.returned, unit: r.unit },
    wasted: { amount: r.wasted, unit: r.unit },
  }));
const limit: fc.Arbitrary<ReconciliationLimit> = fc.record({ percent: fc.constantFrom('0', '0.1', '0.5', '2'), minimum: fc.constantFrom<Mass>({ amount: '1.00', unit: 'g' }, { amount: '0', unit: 'g' }, { amount: '0.010', unit: 'kg' }) });
const mg = (m: Mass) => new Decimal(convertMass(m, 'mg').amount);

describe('FR-30 the order balance closes exactly when issued = dispensed + returned + wasted ± tolerance', () => {
  test('FR-30 difference exact, verdict by the stated tolerance, order-independent (property)', () => {
    fc.assert(
      fc.property(fc.array(flow, { minLength: 1, maxLength: 12 }), limit, (flows, l) => {
        const out = orderBalance(flows, l);
        const reversed = orderBalance([...flows].reverse(), l);
        expect(reversed.closes).toBe(out.closes);
        for (const m of out.materials) {
          const mine = flows.filter((f) => f.materialCode === m.materialCode);
          const sum = (pick: (f: ContainerFlow) => Mass) => mine.reduce((acc, f) => acc.plus(mg(pick(f))), new Decimal(0));
          const expected = sum((f) => f.issued).minus(sum((f) => f.dispensed)).minus(sum((f) => f.returned)).minus(sum((f) => f.wasted));
          expect(mg(m.difference).equals(expected)).toBe(true);
          const tolerance = Decimal.max(sum((f) => f.issued).times(l.percent).dividedBy(100), mg(l.minimum));
          expect(mg(m.tolerance).equals(tolerance)).toBe(true);
          expect(m.closes).toBe(expected.abs().lte(tolerance));
          expect(mg(reversed.materials.find((x) => x.materialCode === m.materialCode)!.difference).equals(expected)).toBe(true);
        }
        expect(out.closes).toBe(out.materials.every((m) => m.closes));
      }),
      { numRuns: 300 },
    );
  });

  test('FR-30 booking each material\'s difference as waste closes the balance exactly (property)', () => {
    fc.assert(
      fc.property(fc.array(flow, { minLength: 1, maxLength: 8 }), limit, (flows, l) => {
        const first = orderBalance(flows, l);
        const booked = flows.map((f) => {
          const m = first.materials.find((x) => x.materialCode === f.materialCode)!;
          const isFirst = flows.find((x) => x.materialCode === f.materialCode) === f;
          return isFirst ? { ...f, wasted: { amount: mg(f.wasted).plus(mg(m.difference)).dividedBy(new Decimal(10).pow(f.wasted.unit === 'kg' ? 6 : 3)).toFixed(), unit: f.wasted.unit } } : f;
        });
        const after = orderBalance(booked, { percent: '0', minimum: { amount: '0', unit: 'g' } });
        for (const m of after.materials) expect(mg(m.difference).isZero()).toBe(true);
        expect(after.closes).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
