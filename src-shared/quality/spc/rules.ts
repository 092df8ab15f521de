/**
 * Run rules over a sequence of plotted points against a centre line and a sigma of the plotted
 * statistic (for an X̄ chart, σ/√n: pass (UCL − CL)/3). Each rule returns the indices of the
 * points at which it fires: the point that completes the run or pattern (as Minitab and the
 * NIST/SEMATECH e-Handbook §6.3.2 mark them), so a run of 9 on one side flags its 9th point and
 * every later point while the run continues.
 *
 * Western Electric (Western Electric Statistical Quality Control Handbook, 1956):
 *   WE1 one point beyond 3σ; WE2 2 of 3 beyond 2σ on one side; WE3 4 of 5 beyond 1σ on one
 *   side; WE4 8 in a row on one side.
 * Nelson (L. S. Nelson, J. Quality Technology 16(4), 1984):
 *   N1 beyond 3σ; N2 9 in a row on one side; N3 6 in a row steadily increasing or decreasing;
 *   N4 14 in a row alternating up and down; N5 2 of 3 beyond 2σ on one side; N6 4 of 5 beyond
 *   1σ on one side; N7 15 in a row within 1σ (either side); N8 8 in a row beyond 1σ (either
 *   side, none within 1σ).
 *
 * One pass, O(n) per rule, no allocation per point beyond the flagged indices: the eight Nelson
 * rules over a million points take a few hundred milliseconds on the 2-core build machine
 * (bench/spc-rules.bench.ts measures it beside a plain loop).
 */

export type RuleId = 'WE1' | 'WE2' | 'WE3' | 'WE4' | 'N1' | 'N2' | 'N3' | 'N4' | 'N5' | 'N6' | 'N7' | 'N8';

export const WESTERN_ELECTRIC: readonly RuleId[] = ['WE1', 'WE2', 'WE3', 'WE4'];
export const NELSON: readonly RuleId[] = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'];

export const RULE_NAMES: Record<RuleId, string> = {
  WE1: 'One point beyond 3 sigma',
  WE2: '2 of 3 consecutive points beyond 2 sigma, same side',
  WE3: '4 of 5 consecutive points beyond 1 sigma, same side',
  WE4: '8 consecutive points on one side of the centre line',
  N1: 'One point beyond 3 sigma',
  N2: '9 consecutive points on one side of the centre line',
  N3: '6 consecutive points steadily increasing or decreasing',
  N4: '14 consecutive points alternating up and down',
  N5: '2 of 3 consecutive points beyond 2 sigma, same side',
  N6: '4 of 5 consecutive points beyond 1 sigma, same side',
  N7: '15 consecutive points within 1 sigma of the centre line',
  N8: '8 consecutive points beyond 1 sigma, either side',
};

export interface RuleViolation {
  rule: RuleId;
  name: string;
  indices: number[];
}

export interface RuleInput {
  center: number;
  /** Sigma of the plotted statistic (> 0). */
  sigma: number;
}

/** Points on one side in a row (same-side run); a point exactly on the centre line breaks it. */
function sideRun(z: Float64Array, len: number, out: number[]): void {
  let run = 0;
  let side = 0;
  for (let i = 0; i < z.length; i++) {
    const s = z[i]! > 0 ? 1 : z[i]! < 0 ? -1 : 0;
    if (s !== 0 && s === side) run++;
    else {
      side = s;
      run = s === 0 ? 0 : 1;
    }
    if (run >= len) out.push(i);
  }
}

/** `need` of the last `win` points beyond `k` sigma on the same side; fires at the window's last point when that point is itself beyond. */
function kOfM(z: Float64Array, need: number, win: number, k: number, out: number[]): void {
  let up = 0;
  let down = 0;
  for (let i = 0; i < z.length; i++) {
    const v = z[i]!;
    if (v > k) up++;
    else if (v < -k) down++;
    if (i >= win) {
      const old = z[i - win]!;
      if (old > k) up--;
      else if (old < -k) down--;
    }
    if ((v > k && up >= need) || (v < -k && down >= need)) out.push(i);
  }
}

function beyond(z: Float64Array, k: number, out: number[]): void {
  for (let i = 0; i < z.length; i++) if (z[i]! > k || z[i]! < -k) out.push(i);
}

function trend(x: readonly number[], len: number, out: number[]): void {
  // len points steadily increasing = len − 1 consecutive rises; ties break the trend.
  let ups = 0;
  let downs = 0;
  for (let i = 1; i < x.length; i++) {
    const d = x[i]! - x[i - 1]!;
    ups = d > 0 ? ups + 1 : 0;
    downs = d < 0 ? downs + 1 : 0;
    if (ups >= len - 1 || downs >= len - 1) out.push(i);
  }
}

function alternating(x: readonly number[], len: number, out: number[]): void {
  // len points alternating = len − 1 differences, each of opposite sign to the previous one.
  let run = 0;
  let prev = 0;
  for (let i = 1; i < x.length; i++) {
    const d = x[i]! - x[i - 1]!;
    const s = d > 0 ? 1 : d < 0 ? -1 : 0;
    if (s === 0) run = 0;
    else if (prev !== 0 && s === -prev) run++;
    else run = 1;
    prev = s;
    if (run >= len - 1) out.push(i);
  }
}

function runWhere(z: Float64Array, len: number, test: (v: number) => boolean, out: number[]): void {
  let run = 0;
  for (let i = 0; i < z.length; i++) {
    run = test(z[i]!) ? run + 1 : 0;
    if (run >= len) out.push(i);
  }
}

/**
 * Evaluates the given rules; returns one entry per rule asked for, in the order asked, each with
 * the (ascending) indices where it fires. Points that are not finite never fire and break runs.
 */
export function evaluateRules(points: readonly number[], input: RuleInput, rules: readonly RuleId[] = NELSON): RuleViolation[] {
  const { center, sigma } = input;
  const z = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) z[i] = (points[i]! - center) / sigma;
  return rules.map((rule) => {
    const out: number[] = [];
    switch (rule) {
      case 'WE1':
      case 'N1':
        beyond(z, 3, out);
        break;
      case 'WE2':
      case 'N5':
        kOfM(z, 2, 3, 2, out);
        break;
      case 'WE3':
      case 'N6':
        kOfM(z, 4, 5, 1, out);
        break;
      case 'WE4':
        sideRun(z, 8, out);
        break;
      case 'N2':
        sideRun(z, 9, out);
        break;
      case 'N3':
        trend(points, 6, out);
        break;
      case 'N4':
        alternating(points, 14, out);
        break;
      case 'N7':
        runWhere(z, 15, (v) => v > -1 && v < 1, out);
        break;
      case 'N8':
        runWhere(z, 8, (v) => v > 1 || v < -1, out);
        break;
    }
    return { rule, name: RULE_NAMES[rule], indices: out };
  });
}
