import { describe, expect, test } from 'vitest';
import { checkTolerance, percentFactor, toleranceWindow } from './tolerance-window.ts';

describe('tolerance window (COMPLIANCE A11-08: exact decimals, edges inclusive)', () => {
  test('100.000 g ± 0.5 %: 99.500 and 100.500 are in, 99.499 and 100.501 are out', () => {
    const w = toleranceWindow({ amount: '100.000', unit: 'g' }, { type: 'percent', minus: '0.5', plus: '0.5' });
    expect(w).toEqual({ target: { amount: '100.000', unit: 'g' }, lower: { amount: '99.500', unit: 'g' }, upper: { amount: '100.500', unit: 'g' } });
    expect(['99.499', '99.500', '100.500', '100.501'].map((a) => checkTolerance({ amount: a, unit: 'g' }, w))).toEqual(['below', 'within', 'within', 'above']);
  });

  test('asymmetric, absolute, across units', () => {
    const asym = toleranceWindow({ amount: '20', unit: 'g' }, { type: 'percent', minus: '0.5', plus: '1' });
    expect([asym.lower.amount, asym.upper.amount]).toEqual(['19.9', '20.2']);
    const abs = toleranceWindow({ amount: '0.010', unit: 'kg' }, { type: 'absolute', minus: { amount: '100', unit: 'mg' }, plus: { amount: '0.05', unit: 'g' } });
    expect(abs).toMatchObject({ lower: { amount: '0.009900', unit: 'kg' }, upper: { amount: '0.01005', unit: 'kg' } });
    expect(checkTolerance({ amount: '10.0500', unit: 'g' }, abs)).toBe('within');
    expect(checkTolerance({ amount: '10.0501', unit: 'g' }, abs)).toBe('above');
    expect(checkTolerance({ amount: '9899.9', unit: 'mg' }, abs)).toBe('below');
  });

  test('percent factors move the decimal point exactly', () => {
    expect(['0.5', '5', '100', '12.345', '0', '0.001', '250'].map(percentFactor)).toEqual(['0.005', '0.05', '1.00', '0.12345', '0.00', '0.00001', '2.50']);
  });
});
