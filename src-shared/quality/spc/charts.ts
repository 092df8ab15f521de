/**
 * Shewhart variables charts: X̄-R, X̄-S (subgroups of 2…25) and I-MR (individuals, moving range
 * of two). Limits are three-sigma, computed from a reference period (phase I); freezing them is
 * the caller's business (the hub keeps frozen limits under change control).
 */
import { err, ok, type Result } from '../../result.ts';
import { chartConstants, MAX_SUBGROUP, MIN_SUBGROUP } from './constants.ts';

export interface Limits {
  center: number;
  ucl: number;
  lcl: number;
}

export interface SubgroupChart {
  kind: 'xbar-r' | 'xbar-s';
  n: number;
  /** Subgroup means, the points of the X̄ chart. */
  means: number[];
  /** Subgroup ranges (X̄-R) or standard deviations (X̄-S), the points of the dispersion chart. */
  dispersion: number[];
  xbar: Limits;
  spread: Limits;
  /** Within-subgroup sigma estimate: R̄/d2 or S̄/c4. */
  sigmaWithin: number;
}

export interface IndividualsChart {
  kind: 'i-mr';
  values: number[];
  /** Moving ranges; movingRanges[i] = |x[i+1] − x[i]|. */
  movingRanges: number[];
  individuals: Limits;
  movingRange: Limits;
  /** MR̄/d2 with d2 = 1.128. */
  sigmaWithin: number;
}

function checkFinite(values: readonly number[], where: string): Result<true> {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  return bad === -1 ? ok(true) : err('SPC_VALUE_NOT_FINITE', `${where}: value #${bad + 1} is not a finite number`, { index: bad });
}

function checkSubgroups(subgroups: readonly (readonly number[])[]): Result<number> {
  if (subgroups.length < 2) return err('SPC_TOO_FEW_POINTS', `at least 2 subgroups are needed, got ${subgroups.length}`, { got: subgroups.length, need: 2 });
  const n = subgroups[0]!.length;
  if (n < MIN_SUBGROUP || n > MAX_SUBGROUP) {
    return err('SPC_SUBGROUP_SIZE', `subgroup size must be ${MIN_SUBGROUP}…${MAX_SUBGROUP}, got ${n}`, { got: n });
  }
  for (let i = 0; i < subgroups.length; i++) {
    const g = subgroups[i]!;
    if (g.length !== n) return err('SPC_SUBGROUP_SIZE', `subgroup #${i + 1} has ${g.length} values, the first has ${n}`, { index: i, got: g.length, expected: n });
    const f = checkFinite(g, `subgroup #${i + 1}`);
    if (!f.ok) return f;
  }
  return ok(n);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export function sampleStdDev(xs: readonly number[]): number {
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

export function xbarRChart(subgroups: readonly (readonly number[])[]): Result<SubgroupChart> {
  const checked = checkSubgroups(subgroups);
  if (!checked.ok) return checked;
  const n = checked.value;
  const k = chartConstants(n)!;
  const means = subgroups.map(mean);
  const ranges = subgroups.map((g) => Math.max(...g) - Math.min(...g));
  const xbb = mean(means);
  const rbar = mean(ranges);
  return ok({
    kind: 'xbar-r',
    n,
    means,
    dispersion: ranges,
    xbar: { center: xbb, ucl: xbb + k.A2 * rbar, lcl: xbb - k.A2 * rbar },
    spread: { center: rbar, ucl: k.D4 * rbar, lcl: k.D3 * rbar },
    sigmaWithin: rbar / k.d2,
  });
}

export function xbarSChart(subgroups: readonly (readonly number[])[]): Result<SubgroupChart> {
  const checked = checkSubgroups(subgroups);
  if (!checked.ok) return checked;
  const n = checked.value;
  const k = chartConstants(n)!;
  const means = subgroups.map(mean);
  const sds = subgroups.map(sampleStdDev);
  const xbb = mean(means);
  const sbar = mean(sds);
  return ok({
    kind: 'xbar-s',
    n,
    means,
    dispersion: sds,
    xbar: { center: xbb, ucl: xbb + k.A3 * sbar, lcl: xbb - k.A3 * sbar },
    spread: { center: sbar, ucl: k.B4 * sbar, lcl: k.B3 * sbar },
    sigmaWithin: sbar / k.c4,
  });
}

export function individualsChart(values: readonly number[]): Result<IndividualsChart> {
  if (values.length < 2) return err('SPC_TOO_FEW_POINTS', `at least 2 values are needed, got ${values.length}`, { got: values.length, need: 2 });
  const f = checkFinite(values, 'individuals');
  if (!f.ok) return f;
  const k = chartConstants(2)!;
  const mrs: number[] = [];
  for (let i = 1; i < values.length; i++) mrs.push(Math.abs(values[i]! - values[i - 1]!));
  const xbar = mean(values);
  const mrbar = mean(mrs);
  const sigma = mrbar / k.d2;
  return ok({
    kind: 'i-mr',
    values: [...values],
    movingRanges: mrs,
    individuals: { center: xbar, ucl: xbar + 3 * sigma, lcl: xbar - 3 * sigma },
    movingRange: { center: mrbar, ucl: k.D4 * mrbar, lcl: k.D3 * mrbar },
    sigmaWithin: sigma,
  });
}
