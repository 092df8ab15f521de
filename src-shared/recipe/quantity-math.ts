/**
 * Recipe arithmetic on exact decimals: scaling a material line to the order's batch size and
 * correcting it for a lot's potency. Divisions cannot always be exact (1/3), so every quotient
 * is rounded half-up to TARGET_DECIMALS_MG decimals of a milligram (1 µg), far below any
 * balance's readability; products stay exact. Nothing here is a float.
 */
import { Decimal as DecimalBase } from 'decimal.js';
import { convertMass, decimalsOf, type Mass } from '../mass.ts';

const Decimal = DecimalBase.clone({ precision: 60, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -80, toExpPos: 80 });

/** Decimals of a milligram kept in a computed quantity: 3 = 1 µg. */
export const TARGET_DECIMALS_MG = 3;

/** a × (numerator / denominator), rounded to 1 µg and returned in a's unit. */
export function scaleByRatio(a: Mass, numerator: Mass, denominator: Mass): Mass {
  const ratio = new Decimal(convertMass(numerator, 'mg').amount).dividedBy(new Decimal(convertMass(denominator, 'mg').amount));
  return fromMg(new Decimal(convertMass(a, 'mg').amount).times(ratio), a.unit, decimalsOf(a.amount));
}

/**
 * The fraction of a lot's mass that counts toward a potency-corrected quantity (Ph. Eur. /
 * USP practice): as-is basis = assay/100; anhydrous basis = assay/100 × (100 − water)/100.
 * Returned as an exact decimal string (a product of the lot's decimals, no rounding).
 */
export function potencyFraction(assayPercent: string, waterPercent: string | null, basis: 'as-is' | 'anhydrous'): string {
  let f = new Decimal(assayPercent).dividedBy(100);
  if (basis === 'anhydrous') f = f.times(new Decimal(100).minus(new Decimal(waterPercent ?? '0')).dividedBy(100));
  return f.toFixed();
}

/** m × fraction, exact (used for what a weighed portion contributes to a potency-corrected line). */
export function timesFraction(m: Mass, fraction: string): Mass {
  const mg = new Decimal(convertMass(m, 'mg').amount).times(new Decimal(fraction));
  return back(mg, m.unit, Math.max(0, mg.decimalPlaces()), decimalsOf(m.amount));
}

/** m ÷ fraction, rounded to 1 µg (how much of a lot supplies m of pure substance). */
export function dividedByFraction(m: Mass, fraction: string): Mass {
  return fromMg(new Decimal(convertMass(m, 'mg').amount).dividedBy(new Decimal(fraction)), m.unit, decimalsOf(m.amount));
}

function fromMg(mg: InstanceType<typeof Decimal>, unit: Mass['unit'], keepDecimals: number): Mass {
  return back(mg.toDecimalPlaces(TARGET_DECIMALS_MG), unit, TARGET_DECIMALS_MG, keepDecimals);
}

function back(mg: InstanceType<typeof Decimal>, unit: Mass['unit'], mgDecimals: number, keepDecimals: number): Mass {
  const converted = convertMass({ amount: mg.toFixed(mgDecimals), unit: 'mg' }, unit);
  return { amount: trimZeros(converted.amount, keepDecimals), unit };
}

/** Drops trailing zeros beyond `keep` decimals: the input's resolution survives ("12.500" × 0.8 = "10.000"). */
function trimZeros(amount: string, keep: number): string {
  const dot = amount.indexOf('.');
  if (dot < 0) return amount;
  let end = amount.length;
  while (end > dot + 1 + keep && amount[end - 1] === '0') end--;
  return amount.slice(0, end === dot + 1 ? dot : end);
}

/** -1, 0 or 1 for two decimal strings (parameter and IPC limits). */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  return new Decimal(a).comparedTo(new Decimal(b)) as -1 | 0 | 1;
}

/** Decimals written in a decimal string ("12.30" -> 2): the resolution a value was entered at. */
export function decimalPlacesOf(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}
