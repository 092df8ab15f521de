/**
 * Control-chart constants for subgroups of n = 2…25. d2 and d3 (mean and standard deviation of
 * the relative range of n normal observations) are the published 4-decimal values (ASTM E2587
 * Table 1; Montgomery, Introduction to Statistical Quality Control, Appendix VI; the 3-decimal
 * printings round these); everything else is
 * derived from them and from c4 = √(2/(n−1))·Γ(n/2)/Γ((n−1)/2), exactly as the tables define it:
 *   A2 = 3/(d2√n), D3 = max(0, 1 − 3d3/d2), D4 = 1 + 3d3/d2,
 *   A3 = 3/(c4√n), B3 = max(0, 1 − 3√(1−c4²)/c4), B4 = 1 + 3√(1−c4²)/c4.
 * The tests compare the derived values with the printed table.
 */
import { logGamma } from './distributions.ts';

const D2: readonly number[] = [
  1.1284, 1.6926, 2.0588, 2.3259, 2.5344, 2.7044, 2.8472, 2.97, 3.0775, 3.1729, 3.2585, 3.336, 3.4068, 3.4718, 3.532,
  3.5879, 3.6401, 3.689, 3.7349, 3.7783, 3.8194, 3.8583, 3.8953, 3.9306,
];
const D3_RANGE_SD: readonly number[] = [
  0.8525, 0.8884, 0.8798, 0.8641, 0.848, 0.8332, 0.8198, 0.8078, 0.7971, 0.7873, 0.7785, 0.7704, 0.763, 0.7562, 0.7499,
  0.7441, 0.7386, 0.7335, 0.7287, 0.7242, 0.7199, 0.7159, 0.7121, 0.7084,
];

export const MIN_SUBGROUP = 2;
export const MAX_SUBGROUP = 25;

export interface ChartConstants {
  n: number;
  d2: number;
  d3: number;
  c4: number;
  A2: number;
  D3: number;
  D4: number;
  A3: number;
  B3: number;
  B4: number;
}

export function c4(n: number): number {
  return Math.sqrt(2 / (n - 1)) * Math.exp(logGamma(n / 2) - logGamma((n - 1) / 2));
}

/** The constants for subgroup size n, or undefined outside 2…25 (the published table's range). */
export function chartConstants(n: number): ChartConstants | undefined {
  if (!Number.isInteger(n) || n < MIN_SUBGROUP || n > MAX_SUBGROUP) return undefined;
  const d2 = D2[n - 2]!;
  const d3 = D3_RANGE_SD[n - 2]!;
  const c = c4(n);
  const sRel = Math.sqrt(1 - c * c) / c;
  return {
    n,
    d2,
    d3,
    c4: c,
    A2: 3 / (d2 * Math.sqrt(n)),
    D3: Math.max(0, 1 - (3 * d3) / d2),
    D4: 1 + (3 * d3) / d2,
    A3: 3 / (c * Math.sqrt(n)),
    B3: Math.max(0, 1 - 3 * sRel),
    B4: 1 + 3 * sRel,
  };
}
