/**
 * Display-only arithmetic for the live weight (bar position, distance to target). Recorded
 * values are never computed here: the engine decides with exact decimals; the screen only
 * needs to know where to draw the needle.
 */
export interface MassLike {
  amount: string;
  unit: 'mg' | 'g' | 'kg';
}

const FACTOR = { mg: 0.001, g: 1, kg: 1000 } as const;

export function grams(m: MassLike): number {
  return Number(m.amount) * FACTOR[m.unit];
}

export type Verdict = 'below' | 'within' | 'above';

export function verdictOf(net: MassLike, lower: MassLike, upper: MassLike): Verdict {
  const n = grams(net);
  return n < grams(lower) ? 'below' : n > grams(upper) ? 'above' : 'within';
}

/** Position 0..1 on a bar that shows the window in its middle third. */
export function barPosition(net: MassLike, lower: MassLike, upper: MassLike): number {
  const lo = grams(lower);
  const hi = grams(upper);
  const span = Math.max(hi - lo, 1e-9);
  const p = (grams(net) - (lo - span)) / (3 * span);
  return Math.min(1, Math.max(0, p));
}
