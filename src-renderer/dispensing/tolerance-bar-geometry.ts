/**
 * Where the tolerance bar draws its marks (issue 18, item 3): on one proportional scale, so an
 * asymmetric window (−0.5 % / +1 %) shows its target at its true place, a third of the way
 * from the low limit, not in the middle. The scale runs from (low − m) to (high + m), m being
 * the larger of the two half-windows: both limits, the target and a margin on either side to
 * show a reading that missed. Differences are taken exactly (src-shared/mass.ts); only the
 * resulting fractions of the bar's width are floats, because pixels are.
 */
import { convertMass, subtractMass, type Mass } from '../../src-shared/mass.ts';
import type { WindowView } from '../../src-shared/orders/order-view.ts';

export interface BarGeometry {
  /** Fractions 0..1 of the bar's width. */
  lowerAt: number;
  targetAt: number;
  upperAt: number;
  /** The live net's place, kept on the bar; null without a reading. */
  needleAt: number | null;
  /** The reading lies beyond the bar's end (the needle is pinned there). */
  offScale: 'below' | 'above' | null;
}

export function toleranceBarGeometry(w: WindowView, net: Mass | null): BarGeometry {
  const unit = w.target.unit;
  const from = (m: Mass) => Number(subtractMass(convertMass(m, unit), convertMass(w.lower, unit)).amount);
  const below = from(w.target);
  const width = from(w.upper);
  const margin = Math.max(below, width - below, 0);
  const span = width + 2 * margin;
  if (!(span > 0)) return { lowerAt: 0.5, targetAt: 0.5, upperAt: 0.5, needleAt: net ? 0.5 : null, offScale: null };
  const at = (x: number) => (x + margin) / span;
  if (!net) return { lowerAt: at(0), targetAt: at(below), upperAt: at(width), needleAt: null, offScale: null };
  const raw = at(from(net));
  return { lowerAt: at(0), targetAt: at(below), upperAt: at(width), needleAt: Math.min(1, Math.max(0, raw)), offScale: raw < 0 ? 'below' : raw > 1 ? 'above' : null };
}
