import { describe, expect, test } from 'vitest';
import { compareDecimal, decimalPlacesOf, dividedByFraction, potencyFraction, scaleByRatio, timesFraction } from './quantity-math.ts';

describe('recipe arithmetic', () => {
  test('scaling keeps the recipe resolution and rounds quotients to 1 µg', () => {
    expect(scaleByRatio({ amount: '12.500', unit: 'kg' }, { amount: '80', unit: 'kg' }, { amount: '100', unit: 'kg' })).toEqual({ amount: '10.000', unit: 'kg' });
    expect(scaleByRatio({ amount: '1', unit: 'kg' }, { amount: '1', unit: 'kg' }, { amount: '3', unit: 'kg' })).toEqual({ amount: '0.333333333', unit: 'kg' });
    expect(scaleByRatio({ amount: '2', unit: 'g' }, { amount: '500', unit: 'g' }, { amount: '3', unit: 'kg' })).toEqual({ amount: '0.333333', unit: 'g' });
  });

  test('potency: as-is and anhydrous basis, exact fractions', () => {
    expect(potencyFraction('99.6', null, 'as-is')).toBe('0.996');
    expect(potencyFraction('99.6', '0.3', 'anhydrous')).toBe('0.993012');
    expect(timesFraction({ amount: '600.00', unit: 'g' }, '0.993012')).toEqual({ amount: '595.8072', unit: 'g' });
    expect(dividedByFraction({ amount: '500', unit: 'g' }, '0.993012')).toEqual({ amount: '503.518588', unit: 'g' });
  });

  test('decimal comparison and resolution of entered values', () => {
    expect(compareDecimal('25.0', '25')).toBe(0);
    expect(compareDecimal('-0.5', '0')).toBe(-1);
    expect(decimalPlacesOf('21.25')).toBe(2);
    expect(decimalPlacesOf('20')).toBe(0);
  });
});
