import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { compareMass, convertMass, decimalsOf, formatMass, inReadabilityUnit, type Mass, type MassUnit } from '../mass.ts';
import { dividedByFraction, potencyFraction } from './quantity-math.ts';
import { checkTolerance, toleranceWindow } from './tolerance-window.ts';
import { lineTotalAt, portionWindowAtReadability, specWindowAt, windowAtReadability } from './window-at-readability.ts';
import type { Tolerance } from './recipe.ts';

const UNITS: MassUnit[] = ['mg', 'g', 'kg'];
const MG: Record<MassUnit, number> = { mg: 0, g: 3, kg: 6 };
const mg = (m: Mass) => new Decimal(convertMass(m, 'mg').amount);

/** A decimal string with up to `maxDp` decimals, from an integer and a scale. */
const decimal = (maxInt: number, maxDp: number) =>
  fc.tuple(fc.integer({ min: 1, max: maxInt }), fc.integer({ min: 0, max: maxDp })).map(([n, dp]) => new Decimal(n).dividedBy(new Decimal(10).pow(dp)).toFixed(dp));

const massArb = (maxInt: number, maxDp: number) => fc.record({ amount: decimal(maxInt, maxDp), unit: fc.constantFrom(...UNITS) });

/** 0.0001 g … 1 g, written in mg, g or kg ("0.1 mg", "0.0001 g", "0.0000001 kg"). */
const readabilityArb = fc.tuple(fc.integer({ min: -4, max: 0 }), fc.constantFrom(1, 2, 5), fc.constantFrom(...UNITS)).map(([exp, digit, unit]): Mass => {
  const grams = new Decimal(digit).times(new Decimal(10).pow(exp));
  const amount = grams.times(new Decimal(10).pow(MG.g - MG[unit]));
  return { amount: amount.toFixed(Math.max(0, amount.decimalPlaces())), unit };
});

const percent = decimal(500, 2).map((p) => (new Decimal(p).gt(20) ? new Decimal(p).dividedBy(25).toFixed(4) : p));
const toleranceArb: fc.Arbitrary<Tolerance> = fc.oneof(
  fc.record({ type: fc.constant('percent' as const), minus: percent, plus: percent }),
  fc.tuple(percent).map(([p]) => ({ type: 'percent' as const, minus: p, plus: p })),
  fc.record({ type: fc.constant('absolute' as const), minus: massArb(5000, 4), plus: massArb(5000, 4) }),
);

/** The readability in `unit`: how many decimals a value at that readability may show. */
const decimalsAt = (d: Mass, unit: MassUnit) => decimalsOf(convertMass(d, unit).amount);

describe('masses at the balance readability (issue 18 item 2; COMPLIANCE A11-08)', () => {
  it('A11-08 property: rounded limits lie inside the exact ones, an accepted reading lies inside the exact limits, no shown mass has more decimals than the readability', () => {
    fc.assert(
      fc.property(
        massArb(20_000_000, 4),
        toleranceArb,
        readabilityArb,
        fc.option(fc.tuple(fc.integer({ min: 900, max: 1000 }), fc.integer({ min: 0, max: 9 })), { nil: null }),
        fc.integer({ min: -40, max: 40 }),
        fc.integer({ min: 0, max: 9 }),
        (target, tolerance, d, potency, offset, extraDigit) => {
          const exact = toleranceWindow(target, tolerance);
          const fraction = potency ? potencyFraction((potency[0] / 10).toFixed(1), potency[1].toFixed(1), 'anhydrous') : null;
          const r = portionWindowAtReadability(exact, null, fraction, d);
          const f = fraction ? new Decimal(fraction) : new Decimal(1);
          // What a material reading contributes to the line, exactly (in mg).
          const contributes = (reading: Mass) => mg(reading).times(f);
          const step = mg(d);
          if (!r.ok) {
            expect(r.error.code).toBe('TOLERANCE_FINER_THAN_READABILITY');
            // Then truly no multiple of d lies inside the exact limits.
            const k = mg(exact.lower).dividedBy(f).dividedBy(step).ceil();
            expect(k.times(step).times(f).gt(mg(exact.upper))).toBe(true);
            return;
          }
          const w = r.value;
          expect(contributes(w.lower).gte(mg(exact.lower))).toBe(true);
          expect(contributes(w.upper).lte(mg(exact.upper))).toBe(true);
          expect(compareMass(w.lower, w.target)).toBeLessThanOrEqual(0);
          expect(compareMass(w.target, w.upper)).toBeLessThanOrEqual(0);
          for (const x of [w.target, w.lower, w.upper]) {
            expect(x.unit).toBe(d.unit);
            expect(decimalsOf(x.amount)).toBeLessThanOrEqual(decimalsAt(d, x.unit));
          }
          // A reading at the readability, near either limit: accepted exactly when inside the exact limits.
          const near = offset < 0 ? w.lower : w.upper;
          const reading: Mass = { amount: new Decimal(near.amount).plus(new Decimal(d.amount).times(offset % 4)).toFixed(decimalsAt(d, d.unit)), unit: d.unit };
          const accepted = checkTolerance(reading, w) === 'within';
          const inside = contributes(reading).gte(mg(exact.lower)) && contributes(reading).lte(mg(exact.upper));
          expect(accepted).toBe(inside);
          // A reading with a digit more than the balance's readability: if accepted, still inside.
          const finer: Mass = { amount: `${reading.amount}${reading.amount.includes('.') ? '' : '.'}${extraDigit}`, unit: d.unit };
          if (!finer.amount.startsWith('-') && checkTolerance(finer, w) === 'within') {
            expect(contributes(finer).gte(mg(exact.lower)) && contributes(finer).lte(mg(exact.upper))).toBe(true);
          }
          // Any mass shown with this readability has at most its decimals, in the unit shown.
          const spec = specWindowAt(exact, d);
          for (const x of [target, exact.lower, exact.upper, reading, spec.target, spec.lower, spec.upper]) {
            const [amount, unit] = formatMass(x, d).split(' ') as [string, MassUnit];
            expect(decimalsOf(amount)).toBeLessThanOrEqual(decimalsAt(d, unit));
          }
          expect(compareMass(spec.lower, exact.lower) >= 0 && compareMass(spec.upper, exact.upper) <= 0).toBe(true);
          // A line total (net × potency, off any grid) shown beside the shown limits reads with its exact verdict.
          const total: Mass = { amount: contributes(reading).dividedBy(1000).toFixed(), unit: 'g' };
          const shownTotal = lineTotalAt(total, exact, d);
          expect(checkTolerance(shownTotal.total, shownTotal.window)).toBe(checkTolerance(total, exact));
          if (windowAtReadability(exact, d).ok) expect(decimalsOf(shownTotal.total.amount)).toBeLessThanOrEqual(decimalsAt(d, shownTotal.total.unit));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('A11-08 instance: a 98.5 % lot on a 10.000 kg line is weighed to 10152.28 g on a 0.01 g balance, never to 10.152284264 kg', () => {
    const line = toleranceWindow({ amount: '10.000', unit: 'kg' }, { type: 'percent', minus: '0.5', plus: '0.5' });
    const fraction = potencyFraction('98.5', '0', 'anhydrous');
    expect(dividedByFraction(line.target, fraction)).toEqual({ amount: '10.152284264', unit: 'kg' });
    const w = portionWindowAtReadability(line, null, fraction, { amount: '0.01', unit: 'g' });
    expect(w.ok && [w.value.target, w.value.lower, w.value.upper].map((x) => formatMass(x))).toEqual(['10152.28 g', '10101.53 g', '10203.04 g']);
    // 9.950 kg / 0.985 = 10101.5228… g: 10101.52 g would count 9949.997 g, below the line.
    expect(checkTolerance({ amount: '10101.52', unit: 'g' }, w.ok ? w.value : line)).toBe('below');
    expect(formatMass(dividedByFraction(line.target, fraction), { amount: '0.01', unit: 'g' })).toBe('10.15228 kg');
  });

  it('A11-08 instance: 0.9850000 kg next to a 0.01 g balance shows as 0.98500 kg, on a 1 g scale as 0.985 kg; specs are not padded', () => {
    expect(formatMass({ amount: '0.9850000', unit: 'kg' }, { amount: '0.01', unit: 'g' })).toBe('0.98500 kg');
    expect(formatMass({ amount: '0.9850000', unit: 'kg' }, { amount: '1', unit: 'g' })).toBe('0.985 kg');
    expect(formatMass({ amount: '10.152284264', unit: 'kg' }, { amount: '0.1', unit: 'g' })).toBe('10.1523 kg');
    // Never padded: a value written coarser than the readability stays as written.
    expect(formatMass({ amount: '2.000', unit: 'kg' }, { amount: '0.0001', unit: 'g' })).toBe('2.000 kg');
    // Without a readability a reading keeps its own precision (DI-02).
    expect(formatMass({ amount: '12.3450', unit: 'g' })).toBe('12.3450 g');
    const line = toleranceWindow({ amount: '5.000', unit: 'kg' }, { type: 'percent', minus: '0.5', plus: '0.5' });
    expect(specWindowAt(line, { amount: '0.01', unit: 'g' })).toEqual(line);
    const compensated = toleranceWindow({ amount: '4.11475', unit: 'kg' }, { type: 'percent', minus: '1', plus: '1' });
    expect(compensated.lower.amount).toBe('4.0736025');
    expect(specWindowAt(compensated, { amount: '0.01', unit: 'g' })).toMatchObject({ target: { amount: '4.11475' }, lower: { amount: '4.07361', unit: 'kg' }, upper: { amount: '4.15589', unit: 'kg' } });
    // Seen on the station: silica 0.020 kg ± 0.10 g next to a 0.1 mg balance, and its container's stock.
    const silica = toleranceWindow({ amount: '0.020', unit: 'kg' }, { type: 'absolute', minus: { amount: '0.10', unit: 'g' }, plus: { amount: '0.10', unit: 'g' } });
    expect(specWindowAt(silica, { amount: '0.0001', unit: 'g' })).toEqual({ target: { amount: '0.020', unit: 'kg' }, lower: { amount: '0.01990', unit: 'kg' }, upper: { amount: '0.02010', unit: 'kg' } });
    expect(formatMass(inReadabilityUnit({ amount: '0.9900000', unit: 'kg' }, { amount: '0.0001', unit: 'g' }))).toBe('990.0000 g');
    // 0.99499775 kg failed a 0.995 kg limit: it is never shown as 0.99500 kg.
    const kgLine = { target: { amount: '1.000', unit: 'kg' as const }, lower: { amount: '0.995', unit: 'kg' as const }, upper: { amount: '1.005', unit: 'kg' as const } };
    expect(lineTotalAt({ amount: '0.99499775', unit: 'kg' }, kgLine, { amount: '0.01', unit: 'g' }).total).toEqual({ amount: '0.99499', unit: 'kg' });
    expect(lineTotalAt({ amount: '1.00000155', unit: 'kg' }, kgLine, { amount: '0.01', unit: 'g' }).total).toEqual({ amount: '1.00000', unit: 'kg' });
  });

  it('limits round inward, the target half-up and into them; a window narrower than the readability is refused', () => {
    const w = windowAtReadability({ target: { amount: '9.97', unit: 'g' }, lower: { amount: '9.91', unit: 'g' }, upper: { amount: '10.49', unit: 'g' } }, { amount: '0.1', unit: 'g' });
    expect(w.ok && w.value).toMatchObject({ lower: { amount: '10.0' }, target: { amount: '10.0' }, upper: { amount: '10.4' } });
    const narrow = windowAtReadability({ target: { amount: '10.03', unit: 'g' }, lower: { amount: '10.01', unit: 'g' }, upper: { amount: '10.09', unit: 'g' } }, { amount: '0.1', unit: 'g' });
    expect(narrow.ok ? 'accepted' : narrow.error.code).toBe('TOLERANCE_FINER_THAN_READABILITY');
    const asym = windowAtReadability(toleranceWindow({ amount: '100', unit: 'mg' }, { type: 'percent', minus: '0.5', plus: '1' }), { amount: '0.0001', unit: 'g' });
    expect(asym.ok && asym.value).toMatchObject({ target: { amount: '0.1000', unit: 'g' }, lower: { amount: '0.0995', unit: 'g' }, upper: { amount: '0.1010', unit: 'g' } });
  });
});
