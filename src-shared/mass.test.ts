import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addMass,
  compareMass,
  convertMass,
  formatMass,
  mass,
  massEquals,
  parseMass,
  roundToReadability,
  scaleMass,
  subtractMass,
  type Mass,
  type MassUnit,
} from './mass.ts';
import { unwrap } from './result.ts';

const m = (amount: string, unit: MassUnit): Mass => unwrap(mass(amount, unit));

describe('mass: exact decimals (DI-02 legible, no float artefacts)', () => {
  it('DI-02 0.1 g + 0.2 g is exactly 0.3 g', () => {
    expect(addMass(m('0.1', 'g'), m('0.2', 'g'))).toEqual({ amount: '0.3', unit: 'g' });
    expect(0.1 + 0.2).not.toBe(0.3); // the drift this module exists to avoid
  });

  it('DI-02 keeps the resolution the balance reported, trailing zeros included', () => {
    expect(formatMass(unwrap(parseMass('  12.3450 g')))).toBe('12.3450 g');
    expect(unwrap(parseMass('+ 0012.50mg'))).toEqual({ amount: '12.50', unit: 'mg' });
    expect(unwrap(parseMass('-0.000 g'))).toEqual({ amount: '0.000', unit: 'g' });
  });

  it('converts mg <-> g <-> kg exactly, shifting the decimals', () => {
    expect(convertMass(m('12.3450', 'g'), 'mg')).toEqual({ amount: '12345.0', unit: 'mg' });
    expect(convertMass(m('12.3450', 'g'), 'kg')).toEqual({ amount: '0.0123450', unit: 'kg' });
    expect(convertMass(m('1', 'kg'), 'mg')).toEqual({ amount: '1000000', unit: 'mg' });
    expect(convertMass(m('0.1', 'mg'), 'kg')).toEqual({ amount: '0.0000001', unit: 'kg' });
    expect(convertMass(m('-2.5', 'kg'), 'g')).toEqual({ amount: '-2500', unit: 'g' });
  });

  it('compares across units', () => {
    expect(compareMass(m('1000', 'mg'), m('1', 'g'))).toBe(0);
    expect(compareMass(m('0.9999', 'g'), m('1000', 'mg'))).toBe(-1);
    expect(compareMass(m('0.001', 'kg'), m('999.9', 'mg'))).toBe(1);
    expect(massEquals(m('1.000', 'kg'), m('1000', 'g'))).toBe(true);
  });

  it('adds and subtracts across units in the first operand unit (net = gross - tare)', () => {
    expect(subtractMass(m('152.3410', 'g'), m('52.3', 'g'))).toEqual({ amount: '100.0410', unit: 'g' });
    expect(addMass(m('1.5', 'g'), m('250', 'mg'))).toEqual({ amount: '1.750', unit: 'g' });
    expect(subtractMass(m('0.1', 'g'), m('0.3', 'g'))).toEqual({ amount: '-0.2', unit: 'g' });
  });

  it('rounds to the readability, half-up by default and half-even on request', () => {
    expect(unwrap(roundToReadability(m('12.34565', 'g'), m('0.1', 'mg')))).toEqual({ amount: '12.3457', unit: 'g' });
    expect(unwrap(roundToReadability(m('12.34565', 'g'), m('0.1', 'mg'), 'half-even'))).toEqual({
      amount: '12.3456',
      unit: 'g',
    });
    expect(unwrap(roundToReadability(m('-1.25', 'g'), m('0.1', 'g')))).toEqual({ amount: '-1.3', unit: 'g' });
    expect(unwrap(roundToReadability(m('7.3', 'g'), m('0.5', 'g')))).toEqual({ amount: '7.5', unit: 'g' });
    expect(unwrap(roundToReadability(m('100', 'g'), m('0.01', 'g')))).toEqual({ amount: '100.00', unit: 'g' });
    const bad = roundToReadability(m('1', 'g'), m('0', 'g'));
    expect(!bad.ok && bad.error.code).toBe('MASS_READABILITY_INVALID');
  });

  it('scales by an exact decimal factor (limits as a fraction of target)', () => {
    expect(unwrap(scaleMass(m('100.000', 'g'), '0.005'))).toEqual({ amount: '0.5', unit: 'g' });
    expect(unwrap(scaleMass(m('0.041', 'mg'), '2000'))).toEqual({ amount: '82', unit: 'mg' });
    expect(scaleMass(m('1', 'g'), '1e3').ok).toBe(false);
  });

  it('refuses what is not a decimal mass, with a code', () => {
    for (const [amount, unit, code] of [
      ['1e-3', 'g', 'MASS_AMOUNT_INVALID'],
      ['NaN', 'g', 'MASS_AMOUNT_INVALID'],
      ['', 'g', 'MASS_AMOUNT_INVALID'],
      ['1.', 'g', 'MASS_AMOUNT_INVALID'],
      ['1', 'lb', 'MASS_UNIT_UNKNOWN'],
      ['1'.repeat(40), 'g', 'MASS_AMOUNT_INVALID'],
    ] as const) {
      const r = mass(amount, unit);
      expect(r.ok ? 'ok' : r.error.code).toBe(code);
    }
    const p = parseMass('twelve grams');
    expect(p.ok ? 'ok' : p.error.code).toBe('MASS_AMOUNT_INVALID');
  });

  it('property: conversions round-trip and sums agree with integer arithmetic in micrograms', () => {
    const amount = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }))
      .map(([neg, digits, dp]) => {
        const s = digits.toString().padStart(dp + 1, '0');
        const text = dp === 0 ? s : `${s.slice(0, -dp)}.${s.slice(-dp)}`;
        return (neg ? '-' : '') + text;
      });
    const unit = fc.constantFrom<MassUnit>('mg', 'g', 'kg');
    fc.assert(
      fc.property(amount, unit, amount, unit, (a1, u1, a2, u2) => {
        const x = m(a1, u1);
        const y = m(a2, u2);
        for (const u of ['mg', 'g', 'kg'] as const) {
          expect(massEquals(convertMass(convertMass(x, u), u1), x)).toBe(true);
        }
        const sum = addMass(x, y);
        expect(compareMass(subtractMass(sum, y), x)).toBe(0);
        expect(compareMass(sum, x)).toBe(compareMass(y, m('0', 'g')));
      }),
      { numRuns: 2000 },
    );
  });
});
