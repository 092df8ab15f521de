import { describe, expect, it } from 'vitest';
import { flowTotals } from './flow-totals.ts';

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
});
