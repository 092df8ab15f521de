/**
 * Exact masses. A mass is a decimal string with its unit, never a binary float (DI-02:
 * "12.3450 g" must stay 12.3450 g, with its trailing zero, on screen, in the ledger and in
 * the printout). Arithmetic runs in decimal.js with 50 significant digits, far beyond any
 * balance (a 6-place microbalance reading 10 kg would need 11).
 *
 * Resolution is kept: the number of decimals of an amount is the resolution it was read at,
 * so conversion shifts the decimals (12.3450 g -> 12345.0 mg -> 0.0123450 kg) and addition
 * keeps the finer of the two. Only `roundToReadability` changes a value.
 */
import { Decimal as DecimalBase } from 'decimal.js';
import { err, ok, type Result } from './result.ts';

const Decimal = DecimalBase.clone({ precision: 50, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -60, toExpPos: 60 });
type Dec = InstanceType<typeof Decimal>;

export const MASS_UNITS = ['mg', 'g', 'kg'] as const;
export type MassUnit = (typeof MASS_UNITS)[number];

export interface Mass {
  /** Canonical decimal: optional '-', digits, optional '.' and digits. No exponent, no '+'. */
  readonly amount: string;
  readonly unit: MassUnit;
}

/** Power of ten that turns an amount in this unit into milligrams. */
const MG_EXPONENT: Record<MassUnit, number> = { mg: 0, g: 3, kg: 6 };

/** Longest amount we accept: 30 digits is already far beyond any weighing instrument. */
const MAX_AMOUNT_CHARS = 32;
const AMOUNT_PATTERN = /^[+-]?(\d+)(?:\.(\d+))?$/;

export function isMassUnit(u: string): u is MassUnit {
  return (MASS_UNITS as readonly string[]).includes(u);
}

/** A mass from an amount string and a unit; refuses floats-as-text like "1e-3" and "NaN". */
export function mass(amount: string, unit: string): Result<Mass> {
  if (!isMassUnit(unit)) return err('MASS_UNIT_UNKNOWN', `unknown mass unit "${unit}" (expected mg, g or kg)`, { unit });
  const a = amount.trim();
  if (a.length === 0 || a.length > MAX_AMOUNT_CHARS || !AMOUNT_PATTERN.test(a)) {
    return err('MASS_AMOUNT_INVALID', `"${amount}" is not a decimal amount`, { amount });
  }
  return ok({ amount: canonical(a), unit });
}

/** Parses "12.3450 g", "-0.5mg", "+1.000 kg" (surrounding and inner blanks allowed). */
export function parseMass(text: string): Result<Mass> {
  const m = /^\s*([+-]?\s*[0-9.]+)\s*([a-zA-Z]+)\s*$/.exec(text);
  if (!m) return err('MASS_AMOUNT_INVALID', `"${text}" is not a mass such as "12.3450 g"`, { text });
  return mass(m[1]!.replace(/\s+/g, ''), m[2]!);
}

/** The same mass in another unit, resolution preserved (12.3450 g -> 12345.0 mg). */
export function convertMass(m: Mass, unit: MassUnit): Mass {
  const shift = MG_EXPONENT[m.unit] - MG_EXPONENT[unit];
  const dp = Math.max(0, decimalsOf(m.amount) - shift);
  return { amount: format(dec(m.amount).times(new Decimal(10).pow(shift)), dp), unit };
}

/** -1, 0 or 1, across units (1000 mg equals 1 g). */
export function compareMass(a: Mass, b: Mass): -1 | 0 | 1 {
  return dec(toMgAmount(a)).comparedTo(dec(toMgAmount(b))) as -1 | 0 | 1;
}

export function massEquals(a: Mass, b: Mass): boolean {
  return compareMass(a, b) === 0;
}

/** a + b, in a's unit, at the finer resolution of the two. */
export function addMass(a: Mass, b: Mass): Mass {
  const bb = convertMass(b, a.unit);
  const dp = Math.max(decimalsOf(a.amount), decimalsOf(bb.amount));
  return { amount: format(dec(a.amount).plus(dec(bb.amount)), dp), unit: a.unit };
}

/** a - b, in a's unit (net = gross - tare). */
export function subtractMass(a: Mass, b: Mass): Mass {
  return addMass(a, negateMass(b));
}

export function negateMass(m: Mass): Mass {
  return { amount: canonical(m.amount.startsWith('-') ? m.amount.slice(1) : '-' + m.amount), unit: m.unit };
}

/**
 * m × factor, for limits such as "±0.5 % of target" or USP <41>'s 2000 × s. The factor is a
 * decimal string so that "0.005" means exactly five thousandths. Resolution: the exact product.
 */
export function scaleMass(m: Mass, factor: string): Result<Mass> {
  if (!AMOUNT_PATTERN.test(factor.trim()) || factor.length > MAX_AMOUNT_CHARS) {
    return err('MASS_AMOUNT_INVALID', `"${factor}" is not a decimal factor`, { factor });
  }
  const product = dec(m.amount).times(dec(factor.trim()));
  return ok({ amount: format(product, Math.max(0, product.decimalPlaces())), unit: m.unit });
}

export function isNegativeMass(m: Mass): boolean {
  return dec(m.amount).isNegative() && !dec(m.amount).isZero();
}

export function isZeroMass(m: Mass): boolean {
  return dec(m.amount).isZero();
}

export function maxMass(a: Mass, b: Mass): Mass {
  return compareMass(a, b) >= 0 ? a : b;
}

/**
 * half-up: what balances display (OIML R 76 rounds the indication to the nearest scale
 * interval); half-even: for statistics; up / down: toward +∞ / −∞, for limits that must be
 * rounded inward (a lower limit up, an upper limit down; recipe/window-at-readability.ts).
 */
export type RoundingMode = 'half-up' | 'half-even' | 'up' | 'down';

const ROUNDING: Record<RoundingMode, DecimalBase.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  up: Decimal.ROUND_CEIL,
  down: Decimal.ROUND_FLOOR,
};

/**
 * Rounds to a multiple of the balance's readability d (scale interval, e.g. 0.1 mg), in m's
 * unit, shown with d's decimals. A readability that is not positive is refused.
 */
export function roundToReadability(m: Mass, readability: Mass, mode: RoundingMode = 'half-up'): Result<Mass> {
  const d = convertMass(readability, m.unit);
  const step = dec(d.amount);
  if (step.lte(0)) return err('MASS_READABILITY_INVALID', `readability must be positive, got ${formatMass(readability)}`);
  const quotient = dec(m.amount).dividedBy(step).toDecimalPlaces(0, ROUNDING[mode]);
  return ok({ amount: format(quotient.times(step), decimalsOf(d.amount)), unit: m.unit });
}

/**
 * "12.3450 g" — the one form in which a mass is written for people: station screens (through
 * the renderer's locale wrapper), record summaries, labels, console and CLI. Without a
 * readability a mass is shown at its own precision (a reading as the balance sent it, DI-02).
 * With one, a computed mass (a line total, a quantity left) is rounded half-up to it in its own
 * unit, and never padded beyond its own precision: no displayed mass has more decimals than the
 * balance in use resolves (issue 18: never "0.9850000 kg" next to a 0.01 g balance).
 * Targets and limits are rounded inward instead, by recipe/window-at-readability.ts.
 */
export function formatMass(m: Mass, readability?: Mass | null): string {
  const x = readability ? atReadability(m, readability) : m;
  return `${x.amount} ${x.unit}`;
}

/**
 * m rounded to the coarser of the readability and its own precision, in m's unit ('up' for a
 * lower limit such as a minimum weight); m itself when the readability is not positive.
 */
export function atReadability(m: Mass, readability: Mass, mode: RoundingMode = 'half-up'): Mass {
  if (!dec(readability.amount).gt(0)) return m;
  const r = roundToReadability(m, coarserReadability(convertMass(readability, m.unit), precisionOf(m)), mode);
  return r.ok ? r.value : m;
}

/**
 * A stock quantity beside the balance that takes from it: in the readability's unit, rounded
 * half-up to it ("990.0000 g left" on a 0.1 mg balance, never "0.9900000 kg left").
 */
export function inReadabilityUnit(m: Mass, readability: Mass): Mass {
  return atReadability(convertMass(m, readability.unit), readability);
}

/** The precision a mass was written at, as a readability: "12.3450" g -> 0.0001 g, "5" kg -> 1 kg. */
export function precisionOf(m: Mass): Mass {
  const dp = decimalsOf(m.amount);
  return { amount: dp === 0 ? '1' : `0.${'0'.repeat(dp - 1)}1`, unit: m.unit };
}

/** The smaller of two readabilities (the finer balance). */
export function finerReadability(a: Mass, b: Mass): Mass {
  return compareMass(a, b) <= 0 ? a : b;
}

/** The larger of two readabilities: what both can resolve. */
export function coarserReadability(a: Mass, b: Mass): Mass {
  return compareMass(a, b) >= 0 ? a : b;
}

/** Number of decimals written in an amount string (its resolution): "12.3450" -> 4. */
export function decimalsOf(amount: string): number {
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
}

function toMgAmount(m: Mass): string {
  return convertMass(m, 'mg').amount;
}

function dec(amount: string): Dec {
  return new Decimal(amount);
}

function format(d: Dec, dp: number): string {
  return canonical(d.toFixed(dp));
}

/** Strips '+' and leading zeros; "-0.000" becomes "0.000" so zero has one spelling. */
function canonical(a: string): string {
  let s = a.startsWith('+') ? a.slice(1) : a;
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  s = s.replace(/^0+(?=\d)/, '');
  if (s.startsWith('.')) s = '0' + s;
  const isZero = /^[0.]*$/.test(s);
  return neg && !isZero ? '-' + s : s;
}
