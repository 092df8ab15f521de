import { describe, expect, it } from 'vitest';
import { flowTotals } from './flow-totals.ts';
import { addMass, formatMass } from '../../../src-shared/mass.ts';

const kind = (ref: string) => ref.split(':')[0];

describe('flowTotals', () => {
  it('adds every traced dispensing into a batch and out of a container and lot, exactly', () => {
    const totals = flowTotals(kind, [
      { from: 'lot:L', to: 'container:C1', quantity: null },
      { from: 'lot:L', to: 'container:C2', quantity: null },
      { from: 'container:C1', to: 'dispense:D1', quantity: '600 g' },
      { from: 'container:C2', to: 'dispense:D2', quantity: '407.04 g' },
      { from: 'container:C2', to: 'dispense:D3', quantity: '0.1 kg' },
      { from: 'dispense:D1', to: 'batch:B', quantity: '600 g' },
      { from: 'dispense:D2', to: 'batch:B', quantity: '407.04 g' },
      { from: 'dispense:D3', to: 'batch:B2', quantity: '0.1 kg' },
    ]);
    expect(totals.get('batch:B')).toBe('1007.04 g');
    expect(totals.get('batch:B2')).toBe('0.1 kg');
    expect(totals.get('container:C2')).toBe('507.04 g');
    expect(totals.get('lot:L')).toBe('1107.04 g');
  });
  it('gives no total where a quantity is missing or not a mass', () => {
    const totals = flowTotals(kind, [
      { from: 'dispense:D1', to: 'batch:B', quantity: '1.5 kg' },
      { from: 'dispense:D2', to: 'batch:B', quantity: null },
      { from: 'dispense:D3', to: 'batch:C', quantity: '0.30 kg' },
      { from: 'dispense:D4', to: 'batch:C', quantity: '0.7 kg' },
    ]);
    expect(totals.has('batch:B')).toBe(false);
    expect(totals.get('batch:C')).toBe('1.00 kg');
  });
  it('sums each node alone though equal lists of amounts are summed once: the unit of the first amount, every decimal kept', () => {
    const totals = flowTotals(kind, [
      { from: 'dispense:D1', to: 'batch:X', quantity: '1 kg' },
      { from: 'dispense:D2', to: 'batch:X', quantity: '500 g' },
      { from: 'dispense:D3', to: 'batch:Y', quantity: '500 g' },
      { from: 'dispense:D4', to: 'batch:Y', quantity: '1 kg' },
      { from: 'dispense:D5', to: 'batch:Z', quantity: '1 kg' },
      { from: 'dispense:D6', to: 'batch:Z', quantity: '500 g' },
      { from: 'dispense:D7', to: 'batch:W', quantity: '0.25 kg' },
      { from: 'dispense:D8', to: 'batch:W', quantity: '1.125 kg' },
      { from: 'dispense:D9', to: 'batch:W', quantity: '-0.5 kg' },
      { from: 'dispense:D10', to: 'batch:V', quantity: '10.000 kg' },
    ]);
    expect(totals.get('batch:X')).toBe('1.500 kg');
    expect(totals.get('batch:Y')).toBe('1500 g');
    expect(totals.get('batch:Z')).toBe('1.500 kg');
    expect(totals.get('batch:W')).toBe('0.875 kg');
    expect(totals.get('batch:V')).toBe('10.000 kg');
  });
  it('FR-10 a lot adds its containers\' sums with addMass, in their order, though lots with the same sums are added once', () => {
    const edges = [
      ['L1', 'C1', '1 kg'],
      ['L1', 'C2', '500 g'],
      ['L2', 'C3', '500 g'],
      ['L2', 'C4', '1 kg'],
      ['L3', 'C5', '1 kg'],
      ['L3', 'C6', '500 g'],
      ['L4', 'C7', '0.25 kg'],
      ['L4', 'C8', '-250.0 g'],
    ].flatMap(([lot, c, q], i) => [
      { from: `lot:${lot!}`, to: `container:${c!}`, quantity: null },
      { from: `container:${c!}`, to: `dispense:D${i}`, quantity: q! },
    ]);
    const totals = flowTotals(kind, edges);
    expect([1, 2, 3, 4].map((i) => totals.get(`lot:L${i}`))).toEqual(['1.500 kg', '1500 g', '1.500 kg', '0.0000 kg']);
    expect(totals.get('lot:L4')).toBe(formatMass(addMass({ amount: '0.25', unit: 'kg' }, { amount: '-250.0', unit: 'g' })));
  });
});
