/**
 * Targets and limits at the readability of the balance in use (issue 18, item 2). One rule,
 * stated once and used by the engine (acceptance, record), the station screen and the record:
 *
 *   1. Target and limits are computed exactly (decimal; a potency quotient is not rounded).
 *   2. They are expressed in the unit of the balance's readability d and rounded to multiples
 *      of d: the LOWER limit UP, the UPPER limit DOWN (inward), the target half-up and then
 *      clamped into the rounded limits.
 *   3. When no multiple of d lies inside the limits, the balance cannot weigh the window.
 *
 * Why inward: a reading is a multiple of d, so it lies inside the rounded limits exactly when
 * it lies inside the exact ones. Screen, record and verdict can never disagree, and a reading
 * with more digits than d that passes the rounded limits still lies inside the specification
 * (COMPLIANCE A11-08: exact tolerance rounding rules, decimal, not float).
 */
import { Decimal as DecimalBase } from 'decimal.js';
import { coarserReadability, compareMass, convertMass, decimalsOf, finerReadability, precisionOf, roundToReadability, type Mass } from '../mass.ts';
import { err, ok, type Result } from '../result.ts';
import { checkTolerance, type ToleranceWindow } from './tolerance-window.ts';

const Decimal = DecimalBase.clone({ precision: 60, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -80, toExpPos: 80 });
type Dec = InstanceType<typeof Decimal>;

/** A window rounded by the rule above, with the readability it was rounded to. */
export interface WindowAtReadability extends ToleranceWindow {
  readability: Mass;
}

/** The line's (or a portion's) window at readability d. */
export function windowAtReadability(window: ToleranceWindow, readability: Mass): Result<WindowAtReadability> {
  return portionWindowAtReadability(window, null, null, readability);
}

/**
 * What is still to be weighed of a line from one container, at readability d: (limit − done)
 * ÷ potency fraction for each of target, lower and upper, computed exactly and then rounded by
 * the rule. `done` is what the line already counts (its basis); `fraction` the container lot's
 * potency fraction (null when the line is not potency-corrected).
 */
export function portionWindowAtReadability(line: ToleranceWindow, done: Mass | null, fraction: string | null, readability: Mass): Result<WindowAtReadability> {
  const unit = readability.unit;
  const step = new Decimal(readability.amount);
  if (!step.isFinite() || step.lte(0)) return err('MASS_READABILITY_INVALID', `readability must be positive, got ${readability.amount} ${readability.unit}`, { readability });
  const f = fraction === null ? null : new Decimal(fraction);
  if (f !== null && (!f.isFinite() || f.lte(0))) return err('MASTER_DATA_INVALID', `potency fraction ${fraction} is not positive`, { fraction });
  const base = done === null ? new Decimal(0) : exact(done, unit);
  const rest = (m: Mass): Dec => {
    const r = exact(m, unit).minus(base);
    return f === null ? r : r.dividedBy(f);
  };
  const dp = decimalsOf(readability.amount);
  const at = (x: Dec, mode: DecimalBase.Rounding): Dec => x.dividedBy(step).toDecimalPlaces(0, mode).times(step);
  const lower = at(rest(line.lower), Decimal.ROUND_CEIL);
  const upper = at(rest(line.upper), Decimal.ROUND_FLOOR);
  if (lower.gt(upper)) {
    return err('TOLERANCE_FINER_THAN_READABILITY', `no reading at a readability of ${readability.amount} ${unit} lies between ${text(rest(line.lower), unit)} and ${text(rest(line.upper), unit)}`, {
      readability,
    });
  }
  const target = Decimal.min(upper, Decimal.max(lower, at(rest(line.target), Decimal.ROUND_HALF_UP)));
  const mass = (x: Dec): Mass => ({ amount: fixed(x, dp), unit });
  return ok({ target: mass(target), lower: mass(lower), upper: mass(upper), readability });
}

/**
 * A line's specification (nominal ± tolerance, in the line's unit) for display beside a balance:
 * the same inward rule at the readability, in the line's unit, but never padded beyond the
 * precision the specification was written at ("5.000 kg (4.975 – 5.025 kg)" stays so next to a
 * 0.01 g balance; a compensated "4.0736025 kg" becomes 4.07361 kg). Display only: falls back
 * to the exact window when the readability cannot resolve it (the engine refuses that case).
 */
export function specWindowAt(window: ToleranceWindow, readability: Mass): ToleranceWindow {
  const r = specRounded(window, readability);
  if (!r.ok) return window;
  // Each figure keeps at most the decimals it was written with: "0.020 kg (0.01990 – 0.02010 kg)".
  const unpadded = (x: Mass, own: Mass): Mass => ({ amount: trimTo(x.amount, decimalsOf(convertMass(own, x.unit).amount)), unit: x.unit });
  return { target: unpadded(r.value.target, window.target), lower: unpadded(r.value.lower, window.lower), upper: unpadded(r.value.upper, window.upper) };
}

/** Drops trailing zeros beyond `keep` decimals ("0.02000", 3 -> "0.020"); other digits stay. */
function trimTo(amount: string, keep: number): string {
  const dot = amount.indexOf('.');
  if (dot < 0) return amount;
  let end = amount.length;
  while (end > dot + 1 + keep && amount[end - 1] === '0') end--;
  return amount.slice(0, end === dot + 1 ? dot : end);
}

/**
 * A line total beside its specification, both for display, such that the verdict a reader
 * sees is the exact one: a total below the limits is rounded down, above them up, inside them
 * half-up and kept inside the shown limits. A potency-corrected total (net × fraction) is not
 * a multiple of any readability, so plain half-up could show "0.99500 kg" for 0.99499775 kg
 * against a 0.995 kg limit that it failed. The total keeps the readability's decimals (never
 * padded beyond its own). A pure-substance window narrower than the readability (the material
 * window, larger by 1/potency, may still hold a reading) is shown exactly, with the exact total.
 */
export function lineTotalAt(total: Mass, window: ToleranceWindow, readability: Mass): { total: Mass; window: ToleranceWindow } {
  if (!specRounded(window, readability).ok) return { total, window };
  const shown = specWindowAt(window, readability);
  const verdict = checkTolerance(total, window);
  const step = coarserReadability(convertMass(readability, total.unit), precisionOf(total));
  const r = roundToReadability(total, step, verdict === 'below' ? 'down' : verdict === 'above' ? 'up' : 'half-up');
  if (!r.ok) return { total, window };
  const t = r.value;
  const inside = verdict !== 'within' ? t : compareMass(t, shown.lower) < 0 ? shown.lower : compareMass(t, shown.upper) > 0 ? shown.upper : t;
  return { total: inside, window: shown };
}

/**
 * The window at the coarser of the readability and the precision the specification was written
 * at, in its unit; at the readability itself when the written precision cannot resolve it.
 */
function specRounded(window: ToleranceWindow, readability: Mass): Result<WindowAtReadability> {
  const unit = window.target.unit;
  const own = [window.target, window.lower, window.upper].map((m) => convertMass(precisionOf(m), unit)).reduce(finerReadability);
  const d = convertMass(readability, unit);
  const r = windowAtReadability(window, coarserReadability(d, own));
  return r.ok ? r : windowAtReadability(window, d);
}

/** A mass in `unit` as an exact decimal (unit conversion only shifts the decimal point). */
function exact(m: Mass, unit: Mass['unit']): Dec {
  return new Decimal(convertMass(m, unit).amount);
}

/** Fixed decimals, and one spelling of zero ("0.00", never "-0.00"). */
function fixed(x: Dec, dp: number): string {
  const s = x.toFixed(dp);
  return /^-[0.]+$/.test(s) ? s.slice(1) : s;
}

/** For messages only: the exact limit to ten significant digits, enough to see why. */
function text(x: Dec, unit: Mass['unit']): string {
  return `${x.toSignificantDigits(10).toFixed()} ${unit}`;
}
