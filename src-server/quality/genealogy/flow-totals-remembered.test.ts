/**
 * Issue 16 item 3: flowTotalsOf keeps its sums across calls (a sum is a function of the amounts it
 * adds up), so a trace asked again does no decimal arithmetic; the totals stay exactly the ones
 * computed afresh, also past the bound where the kept sums are let go.
 */
import { describe, expect, it, vi } from 'vitest';

const counted = vi.hoisted(() => ({ addMass: 0 }));
vi.mock('../../../src-shared/mass.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src-shared/mass.ts')>();
  return {
    ...original,
    addMass: (a: Parameters<typeof original.addMass>[0], b: Parameters<typeof original.addMass>[1]) => {
      counted.addMass++;
      return original.addMass(a, b);
    },
  };
});

const { flowTotals } = await import('./flow-totals.ts');
const kind = (ref: string) => ref.split(':')[0];

/** A lot in two containers, each dispensed once into a batch. */
function lotEdges(lot: string, a: string, b: string) {
  return [
    { from: `lot:${lot}`, to: `container:${lot}-1`, quantity: null },
    { from: `lot:${lot}`, to: `container:${lot}-2`, quantity: null },
    { from: `container:${lot}-1`, to: `dispense:${lot}-1`, quantity: a },
    { from: `container:${lot}-2`, to: `dispense:${lot}-2`, quantity: b },
    { from: `dispense:${lot}-1`, to: `batch:${lot}`, quantity: a },
    { from: `dispense:${lot}-2`, to: `batch:${lot}`, quantity: b },
  ];
}

describe('flowTotals remembered', () => {
  it('FR-10 a trace asked again adds up no decimal again, with the same totals, also after the remembered sums were let go', () => {
    const edges = lotEdges('L', '1.25 kg', '700 g');
    const first = flowTotals(kind, edges);
    expect(first.get('lot:L')).toBe('1.950 kg');
    expect(first.get('batch:L')).toBe('1.950 kg');
    const before = counted.addMass;
    const again = flowTotals(kind, edges);
    expect(counted.addMass - before).toBe(0);
    expect(again).toEqual(first);
    // Past the bound (4,096 sums): every lot its own amounts, then the first lot again.
    for (let i = 0; i < 5000; i++) flowTotals(kind, lotEdges(`M${i}`, `${i}.5 g`, `${i % 13}.25 kg`));
    expect(flowTotals(kind, lotEdges('M4999', '4999.5 g', '7.25 kg')).get('lot:M4999')).toBe('12249.5 g');
    expect(flowTotals(kind, edges)).toEqual(first);
  });
});
