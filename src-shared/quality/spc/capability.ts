/**
 * Process capability (Cp, Cpk from the within-subgroup sigma) and performance (Pp, Ppk from the
 * overall sample standard deviation), each with a two-sided confidence interval:
 *  - Cp, Pp: the exact chi-square interval, Ĉp·√(χ²(α/2, ν)/ν) ≤ Cp ≤ Ĉp·√(χ²(1−α/2, ν)/ν)
 *    (Montgomery, ISQC, §8.3.5, Eq. 8.19);
 *  - Cpk, Ppk: Bissell's (1990) normal approximation,
 *    Ĉpk·[1 ∓ z(1−α/2)·√(1/(9nĈpk²) + 1/(2(n−1)))] (Montgomery Eq. 8.20).
 * ν is n − 1 for a sample standard deviation; pass the chart's own degrees of freedom for a
 * within sigma from R̄/d2 (≈ 0.9·k·(n−1)) when you want that refinement.
 */
import { err, ok, type Result } from '../../result.ts';
import { chiSquareQuantile, normalQuantile } from './distributions.ts';

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export interface CapabilityInput {
  mean: number;
  /** Within-subgroup sigma (R̄/d2, S̄/c4 or MR̄/1.128): Cp, Cpk. */
  sigmaWithin: number;
  /** Overall sample standard deviation of all values: Pp, Ppk. */
  sigmaOverall: number;
  /** Number of individual values. */
  n: number;
  lsl: number;
  usl: number;
  /** Two-sided confidence level, default 0.95. */
  confidence?: number;
  /** Degrees of freedom for the within sigma; default n − 1. */
  dfWithin?: number;
}

export interface Capability {
  cp: Interval;
  cpk: Interval;
  pp: Interval;
  ppk: Interval;
  confidence: number;
}

export function cpInterval(cp: number, df: number, confidence: number): Interval {
  const a = 1 - confidence;
  return {
    estimate: cp,
    lower: cp * Math.sqrt(chiSquareQuantile(a / 2, df) / df),
    upper: cp * Math.sqrt(chiSquareQuantile(1 - a / 2, df) / df),
  };
}

export function cpkInterval(cpk: number, n: number, confidence: number): Interval {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const h = z * Math.sqrt(1 / (9 * n * cpk * cpk) + 1 / (2 * (n - 1)));
  return { estimate: cpk, lower: cpk * (1 - h), upper: cpk * (1 + h) };
}

export function capability(input: CapabilityInput): Result<Capability> {
  const { mean, sigmaWithin, sigmaOverall, n, lsl, usl } = input;
  const confidence = input.confidence ?? 0.95;
  if (![mean, sigmaWithin, sigmaOverall, lsl, usl].every(Number.isFinite)) return err('SPC_VALUE_NOT_FINITE', 'capability needs finite mean, sigmas and limits');
  if (!(usl > lsl)) return err('SPC_SPEC_LIMITS_INVALID', `upper specification limit ${usl} must be above the lower ${lsl}`, { lsl, usl });
  if (!(sigmaWithin > 0 && sigmaOverall > 0)) return err('SPC_TOO_FEW_POINTS', 'capability needs a positive sigma (values all equal?)', { sigmaWithin, sigmaOverall });
  if (!Number.isInteger(n) || n < 2) return err('SPC_TOO_FEW_POINTS', `capability needs at least 2 values, got ${n}`, { got: n, need: 2 });
  if (!(confidence > 0 && confidence < 1)) return err('SPC_VALUE_NOT_FINITE', `confidence must be between 0 and 1, got ${confidence}`);
  const df = input.dfWithin ?? n - 1;
  const cp = (usl - lsl) / (6 * sigmaWithin);
  const cpk = Math.min(usl - mean, mean - lsl) / (3 * sigmaWithin);
  const pp = (usl - lsl) / (6 * sigmaOverall);
  const ppk = Math.min(usl - mean, mean - lsl) / (3 * sigmaOverall);
  return ok({
    cp: cpInterval(cp, df, confidence),
    cpk: cpkInterval(cpk, n, confidence),
    pp: cpInterval(pp, n - 1, confidence),
    ppk: cpkInterval(ppk, n, confidence),
    confidence,
  });
}
