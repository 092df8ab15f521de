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
import { convertMass, decimalsOf, type Mass } from '../mass.ts';
import { err, ok, type Result } from '../result.ts';
import type { ToleranceWindow } from './tolerance-window.ts';

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
