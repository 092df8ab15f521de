/**
 * Dispensing modes beyond net weighing (issue 17 item 3), each with its rounding and tolerance
 * rule stated here and in docs/requirements.md (FR-20..22). Exact decimals (decimal.js), like
 * the mass code; nothing here is a float. The line's window is always a MASS window (recipe
 * quantities are masses); each mode says how it maps onto it.
 *
 * Loss in weight (reverse dispensing, FR-20): the source container stands on the balance; the
 * net dispensed is the reading before minus the reading after, both stable readings at the
 * balance's readability, so the difference is exact at that readability. Tolerance: the net
 * against the window at the balance's readability (window-at-readability.ts, limits inward). A
 * reading after that is not below the reading before is refused (nothing was taken).
 *
 * By volume (liquids, FR-21): mass = volume × the lot's density (g/mL), an exact product. The
 * target volume is the target mass ÷ density; the volume window is the mass window ÷ density,
 * rounded to the volumetric device's resolution INWARD (lower limit up, upper limit down) and
 * the target half-up, clamped into the limits — so any volume the device can show inside the
 * volume window gives a mass inside the mass window. No multiple of the resolution inside the
 * window: the device cannot dispense it (TOLERANCE_FINER_THAN_READABILITY).
 *
 * By count (tablets, capsules; FR-22): count = net ÷ reference piece weight, rounded half-up to
 * a whole piece; the count window is ceil(lower ÷ w) … floor(upper ÷ w) pieces (inward again),
 * target half-up clamped. A net more than a quarter of a piece away from a whole count is
 * refused as ambiguous (a broken piece or a foreign object on the pan). The reference piece
 * weight comes from a sample of n pieces: sample net ÷ n, kept to 1 µg.
 */
import { Decimal as DecimalBase } from 'decimal.js';
import { convertMass, isNegativeMass, isZeroMass, subtractMass, type Mass } from '../mass.ts';
import { err, ok, type Result } from '../result.ts';
import type { ToleranceWindow } from './tolerance-window.ts';

const Decimal = DecimalBase.clone({ precision: 60, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -80, toExpPos: 80 });
type Dec = InstanceType<typeof Decimal>;

const grams = (m: Mass): Dec => new Decimal(convertMass(m, 'g').amount);
const positive = (value: string): Dec | null => {
  if (!/^\d{1,12}(\.\d{1,12})?$/.test(value)) return null;
  const d = new Decimal(value);
  return d.gt(0) ? d : null;
};

/** Loss in weight: before − after. */
export function lossInWeight(before: Mass, after: Mass): Result<Mass> {
  const net = subtractMass(before, convertMass(after, before.unit));
  if (isZeroMass(net) || isNegativeMass(net)) return err('NET_NOT_POSITIVE', `the source container weighs ${after.amount} ${after.unit} after, not less than ${before.amount} ${before.unit} before: nothing was taken`, { before, after });
  return ok(net);
}

export interface VolumeWindow {
  /** Millilitres, multiples of the resolution. */
  target: string;
  lower: string;
  upper: string;
  resolutionMl: string;
  densityGPerMl: string;
}

export function volumeWindow(window: ToleranceWindow, densityGPerMl: string, resolutionMl: string): Result<VolumeWindow> {
  const rho = positive(densityGPerMl);
  if (!rho) return err('DISPENSING_MODE_INVALID', `density ${densityGPerMl} g/mL is not a positive decimal`, { densityGPerMl });
  const step = positive(resolutionMl);
  if (!step) return err('DISPENSING_MODE_INVALID', `resolution ${resolutionMl} mL is not a positive decimal`, { resolutionMl });
  const at = (x: Dec, mode: DecimalBase.Rounding): Dec => x.dividedBy(step).toDecimalPlaces(0, mode).times(step);
  const vol = (m: Mass) => grams(m).dividedBy(rho);
  const lower = at(vol(window.lower), Decimal.ROUND_CEIL);
  const upper = at(vol(window.upper), Decimal.ROUND_FLOOR);
  if (lower.gt(upper)) return err('TOLERANCE_FINER_THAN_READABILITY', `no volume at a resolution of ${resolutionMl} mL lies inside the window`, { resolutionMl, densityGPerMl });
  const target = Decimal.min(upper, Decimal.max(lower, at(vol(window.target), Decimal.ROUND_HALF_UP)));
  const dp = new Decimal(resolutionMl).decimalPlaces();
  return ok({ target: target.toFixed(dp), lower: lower.toFixed(dp), upper: upper.toFixed(dp), resolutionMl, densityGPerMl });
}

/** The mass a dispensed volume counts: volume × density, exact, in grams. */
export function massOfVolume(volumeMl: string, densityGPerMl: string): Result<Mass> {
  const v = positive(volumeMl);
  if (!v) return err('DISPENSING_MODE_INVALID', `volume ${volumeMl} mL is not a positive decimal`, { volumeMl });
  const rho = positive(densityGPerMl);
  if (!rho) return err('DISPENSING_MODE_INVALID', `density ${densityGPerMl} g/mL is not a positive decimal`, { densityGPerMl });
  return ok({ amount: v.times(rho).toFixed(), unit: 'g' });
}

/** Reference piece weight from a sample: net ÷ pieces, half-up to 1 µg, in grams. */
export function referencePieceWeight(sampleNet: Mass, pieces: number): Result<Mass> {
  if (!Number.isInteger(pieces) || pieces < 1) return err('DISPENSING_MODE_INVALID', `a reference sample needs a whole number of pieces, got ${pieces}`, { pieces });
  const g = grams(sampleNet);
  if (g.lte(0)) return err('NET_NOT_POSITIVE', 'the reference sample weighs nothing', { sampleNet });
  return ok({ amount: g.dividedBy(pieces).toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(), unit: 'g' });
}

export interface CountWindow {
  target: number;
  lower: number;
  upper: number;
  pieceWeight: Mass;
}

export function countWindow(window: ToleranceWindow, pieceWeight: Mass): Result<CountWindow> {
  const w = grams(pieceWeight);
  if (w.lte(0)) return err('DISPENSING_MODE_INVALID', 'the reference piece weight must be positive', { pieceWeight });
  const pieces = (m: Mass) => grams(m).dividedBy(w);
  const lower = pieces(window.lower).toDecimalPlaces(0, Decimal.ROUND_CEIL);
  const upper = pieces(window.upper).toDecimalPlaces(0, Decimal.ROUND_FLOOR);
  if (lower.gt(upper) || upper.lt(1)) return err('DISPENSING_MODE_INVALID', 'no whole number of pieces lies inside the window', { pieceWeight });
  const target = Decimal.min(upper, Decimal.max(lower, pieces(window.target).toDecimalPlaces(0, Decimal.ROUND_HALF_UP)));
  return ok({ target: target.toNumber(), lower: Math.max(1, lower.toNumber()), upper: upper.toNumber(), pieceWeight });
}

export interface PieceCount {
  count: number;
  /** net ÷ piece weight, exact to 6 decimals, as the record shows it. */
  pieces: string;
  verdict: 'below' | 'within' | 'above';
}

/** Pieces on the pan, and the count against its window. */
export function countPieces(net: Mass, cw: CountWindow): Result<PieceCount> {
  const exact = grams(net).dividedBy(grams(cw.pieceWeight));
  const count = exact.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  if (exact.minus(count).abs().gt('0.25')) {
    return err('DISPENSING_MODE_INVALID', `${exact.toDecimalPlaces(2).toFixed()} pieces is not a whole count: check for a broken piece or a foreign object`, { pieces: exact.toDecimalPlaces(6).toFixed() });
  }
  const n = count.toNumber();
  return ok({ count: n, pieces: exact.toDecimalPlaces(6).toFixed(), verdict: n < cw.lower ? 'below' : n > cw.upper ? 'above' : 'within' });
}
