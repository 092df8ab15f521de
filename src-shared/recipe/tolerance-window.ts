/**
 * The acceptance window of a weighing (issue 4, item 2): target − minus ≤ value ≤ target +
 * plus, both edges inclusive, asymmetric allowed, in exact decimals (COMPLIANCE.md A11-08:
 * target 100.000 g ±0.5 % accepts 99.500 and 100.500, refuses 99.499 and 100.501).
 * Shared by the engine (acceptance) and the UI (live bar while weighing).
 */
import { addMass, compareMass, scaleMass, subtractMass, type Mass } from '../mass.ts';
import { unwrap } from '../result.ts';
import type { Tolerance } from './recipe.ts';

export interface ToleranceWindow {
  target: Mass;
  lower: Mass;
  upper: Mass;
}

export type ToleranceVerdict = 'below' | 'within' | 'above';

export function toleranceWindow(target: Mass, tolerance: Tolerance): ToleranceWindow {
  if (tolerance.type === 'percent') {
    const minus = unwrap(scaleMass(target, percentFactor(tolerance.minus)));
    const plus = unwrap(scaleMass(target, percentFactor(tolerance.plus)));
    return { target, lower: subtractMass(target, minus), upper: addMass(target, plus) };
  }
  return { target, lower: subtractMass(target, tolerance.minus), upper: addMass(target, tolerance.plus) };
}

export function checkTolerance(value: Mass, window: Pick<ToleranceWindow, 'lower' | 'upper'>): ToleranceVerdict {
  if (compareMass(value, window.lower) < 0) return 'below';
  if (compareMass(value, window.upper) > 0) return 'above';
  return 'within';
}

/** "0.5" (%) -> "0.005", by moving the decimal point: exact, no division. */
export function percentFactor(percent: string): string {
  const [int = '0', frac = ''] = percent.split('.');
  const digits = (int.padStart(3, '0') + frac).replace(/^0+(?=\d)/, '');
  const padded = digits.padStart(frac.length + 3, '0');
  const cut = padded.length - frac.length - 2;
  return `${padded.slice(0, cut)}.${padded.slice(cut)}`.replace(/^0+(?=\d)/, '') || '0';
}
