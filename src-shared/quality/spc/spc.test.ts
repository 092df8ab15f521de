import { describe, expect, it } from 'vitest';
import { capability, cpInterval, cpkInterval } from './capability.ts';
import { chartConstants } from './constants.ts';
import { chiSquareQuantile, normalQuantile } from './distributions.ts';
import { individualsChart, sampleStdDev, xbarRChart, xbarSChart } from './charts.ts';
import { evaluateRules, NELSON, WESTERN_ELECTRIC, type RuleId } from './rules.ts';
import { unwrap } from '../../result.ts';
import { PISTON_RINGS } from './piston-rings.test-data.ts';

const PHASE_I = PISTON_RINGS.slice(0, 25);

// NIST/SEMATECH e-Handbook of Statistical Methods §6.3.2.2 (Individuals control charts), the
// flow-rate example: 10 values, published MR̄ = 1.8778, UCL(MR) = 6.1349, CL = 50.81,
// UCL = 55.8041, LCL = 45.8159.
const NIST_FLOWRATE = [49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1];

describe('SPC control-chart constants', () => {
  // Printed values: ASTM E2587 Table 1 / Montgomery Appendix VI (3 decimals, c4 4 decimals).
  const TABLE: Record<number, Partial<Record<'A2' | 'D3' | 'D4' | 'A3' | 'B3' | 'B4' | 'c4', number>>> = {
    2: { A2: 1.88, D3: 0, D4: 3.267, A3: 2.659, B3: 0, B4: 3.267, c4: 0.7979 },
    5: { A2: 0.577, D3: 0, D4: 2.114, A3: 1.427, B3: 0, B4: 2.089, c4: 0.94 },
    7: { A2: 0.419, D3: 0.076, D4: 1.924, A3: 1.182, B3: 0.118, B4: 1.882, c4: 0.9594 },
    10: { A2: 0.308, D3: 0.223, D4: 1.777, A3: 0.975, B3: 0.284, B4: 1.716, c4: 0.9727 },
    25: { A2: 0.153, D3: 0.459, D4: 1.541, A3: 0.606, B3: 0.565, B4: 1.435, c4: 0.9896 },
  };
  for (const [n, row] of Object.entries(TABLE)) {
    it(`FR-40 the derived constants for n = ${n} match the published table (ASTM E2587 Table 1)`, () => {
      const k = chartConstants(Number(n))!;
      for (const [name, printed] of Object.entries(row)) {
        const digits = name === 'c4' ? 4 : 3;
        expect(Math.abs(k[name as keyof typeof k] - printed!), `${name}(${n})`).toBeLessThanOrEqual(0.6 * 10 ** -digits + 1e-12);
      }
    });
  }
  it('FR-40 refuses subgroup sizes outside the published table', () => {
    expect(chartConstants(1)).toBeUndefined();
    expect(chartConstants(26)).toBeUndefined();
    expect(chartConstants(2.5)).toBeUndefined();
  });
});

describe('SPC distributions against printed tables', () => {
  it('FR-40 chi-square quantiles for 19 df match the table used in Montgomery Example 8.5 (8.91, 32.85)', () => {
    expect(chiSquareQuantile(0.025, 19)).toBeCloseTo(8.907, 3);
    expect(chiSquareQuantile(0.975, 19)).toBeCloseTo(32.852, 3);
    expect(chiSquareQuantile(0.95, 1)).toBeCloseTo(3.841, 3);
    expect(chiSquareQuantile(0.99, 100)).toBeCloseTo(135.807, 3);
  });
  it('FR-40 normal quantiles match the table (1.959964, 2.575829, −1.644854)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 6);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.644854, 6);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424, 5);
  });
});

describe('SPC X̄-R, X̄-S and I-MR limits against published worked examples', () => {
  it('FR-40 X̄-R of the piston rings (Montgomery Example 6.1; qcc pistonrings[1:25]): X̄̄ 74.00118, R̄ 0.02276, UCL 74.0143, LCL 73.9880, UCL(R) 0.0481', () => {
    const c = unwrap(xbarRChart(PHASE_I));
    expect(c.xbar.center).toBeCloseTo(74.00118, 5);
    expect(c.spread.center).toBeCloseTo(0.02276, 5);
    expect(c.xbar.ucl).toBeCloseTo(74.0143, 4);
    expect(c.xbar.lcl).toBeCloseTo(73.9880, 3);
    expect(c.spread.ucl).toBeCloseTo(0.04812, 4);
    expect(c.spread.lcl).toBe(0);
    // Montgomery rounds: "x̿ = 74.001, R̄ = 0.023, UCL = 74.014, LCL = 73.988, UCL(R) = 0.049"
    expect(c.xbar.ucl.toFixed(3)).toBe('74.014');
    expect(c.xbar.lcl.toFixed(3)).toBe('73.988');
  });

  it('FR-40 phase II piston rings: samples 37, 38 and 39 plot beyond the phase I UCL (Montgomery Example 6.1, Fig. 6.4)', () => {
    const limits = unwrap(xbarRChart(PHASE_I));
    const all = unwrap(xbarRChart(PISTON_RINGS));
    const sigmaXbar = (limits.xbar.ucl - limits.xbar.center) / 3;
    const [n1] = evaluateRules(all.means.slice(25), { center: limits.xbar.center, sigma: sigmaXbar }, ['N1']);
    expect(n1!.indices.map((i) => i + 26)).toEqual([37, 38, 39]);
  });

  it('FR-40 I-MR of the NIST/SEMATECH e-Handbook §6.3.2.2 flow-rate example', () => {
    const c = unwrap(individualsChart(NIST_FLOWRATE));
    expect(c.individuals.center).toBeCloseTo(50.81, 4);
    expect(c.movingRange.center).toBeCloseTo(1.8778, 4);
    expect(c.movingRange.ucl).toBeCloseTo(6.1349, 2); // the handbook multiplies by the rounded D4 = 3.267
    expect(c.movingRange.lcl).toBe(0);
    expect(c.individuals.ucl).toBeCloseTo(55.8041, 2); // the handbook divides by the rounded d2 = 1.128
    expect(c.individuals.lcl).toBeCloseTo(45.8159, 2);
  });

  it('FR-40 X̄-S uses A3, B3, B4 on S̄ and estimates sigma as S̄/c4', () => {
    const c = unwrap(xbarSChart(PHASE_I));
    const sbar = PHASE_I.map(sampleStdDev).reduce((a, b) => a + b, 0) / 25;
    expect(c.spread.center).toBeCloseTo(sbar, 12);
    expect(c.xbar.ucl - c.xbar.center).toBeCloseTo(1.427 * sbar, 5);
    expect(c.spread.ucl).toBeCloseTo(2.089 * sbar, 5);
    expect(c.sigmaWithin).toBeCloseTo(sbar / 0.94, 4);
    // Same process, two estimators of sigma: R̄/d2 and S̄/c4 agree within a few percent.
    expect(Math.abs(c.sigmaWithin / unwrap(xbarRChart(PHASE_I)).sigmaWithin - 1)).toBeLessThan(0.05);
  });

  it('FR-40 refuses bad input with typed errors and keeps nothing half-computed', () => {
    const one = xbarRChart([[1, 2, 3]]);
    expect(!one.ok && one.error.code).toBe('SPC_TOO_FEW_POINTS');
    const ragged = xbarRChart([[1, 2, 3], [1, 2]]);
    expect(!ragged.ok && ragged.error.code).toBe('SPC_SUBGROUP_SIZE');
    expect(!ragged.ok && ragged.error.details).toEqual({ index: 1, got: 2, expected: 3 });
    const singles = xbarSChart([[1], [2]]);
    expect(!singles.ok && singles.error.code).toBe('SPC_SUBGROUP_SIZE');
    const nan = individualsChart([1, Number.NaN, 3]);
    expect(!nan.ok && nan.error.code).toBe('SPC_VALUE_NOT_FINITE');
    expect(!nan.ok && nan.error.details).toEqual({ index: 1 });
  });
});

describe('SPC capability and its confidence', () => {
  it('FR-40 Cp 1.70 and Cpk 1.66 for the piston rings, LSL 73.95, USL 74.05, sigma R̄/d2 (qcc process.capability)', () => {
    const c = unwrap(xbarRChart(PHASE_I));
    const all = PHASE_I.flat();
    const cap = unwrap(capability({ mean: c.xbar.center, sigmaWithin: c.sigmaWithin, sigmaOverall: sampleStdDev(all), n: all.length, lsl: 73.95, usl: 74.05 }));
    expect(cap.cp.estimate).toBeCloseTo(1.70, 2);
    expect(cap.cpk.estimate).toBeCloseTo(1.66, 2);
    expect(cap.pp.estimate).toBeLessThan(cap.cp.estimate * 1.1);
    expect(cap.ppk.estimate).toBeLessThanOrEqual(cap.pp.estimate);
  });

  it('FR-40 Cp interval of Montgomery Example 8.5 (USL 62, LSL 38, n 20, s 1.75, Ĉp 2.29): 1.57 ≤ Cp ≤ 3.01', () => {
    const i = cpInterval(2.29, 19, 0.95);
    expect(i.lower).toBeCloseTo(1.57, 2);
    expect(i.upper).toBeCloseTo(3.01, 2);
    const cap = unwrap(capability({ mean: 50, sigmaWithin: 1.75, sigmaOverall: 1.75, n: 20, lsl: 38, usl: 62 }));
    expect(cap.cp.estimate).toBeCloseTo(2.2857, 4);
    expect(cap.cp.lower).toBeCloseTo(1.565, 3);
  });

  it("FR-40 Bissell's interval for Cpk of Montgomery Example 8.6 (n 20, Ĉpk 1.33): 0.88 ≤ Cpk ≤ 1.78", () => {
    const i = cpkInterval(1.33, 20, 0.95);
    expect(i.lower).toBeCloseTo(0.88, 2);
    expect(i.upper).toBeCloseTo(1.78, 2);
  });

  it('FR-40 capability refuses inverted specification limits and zero spread', () => {
    const inv = capability({ mean: 1, sigmaWithin: 1, sigmaOverall: 1, n: 10, lsl: 5, usl: 4 });
    expect(!inv.ok && inv.error.code).toBe('SPC_SPEC_LIMITS_INVALID');
    const flat = capability({ mean: 1, sigmaWithin: 0, sigmaOverall: 0, n: 10, lsl: 0, usl: 4 });
    expect(!flat.ok && flat.error.code).toBe('SPC_TOO_FEW_POINTS');
  });
});

describe('SPC run rules: each rule named, each returning the points that violate it', () => {
  const at = (points: number[], rule: RuleId) => evaluateRules(points, { center: 0, sigma: 1 }, [rule])[0]!.indices;
  const rep = (v: number, n: number) => Array.from({ length: n }, () => v);

  it('FR-40 WE1/N1 flag each point beyond 3 sigma, on either side', () => {
    expect(at([0, 0, 3.5, 0, -3.1, 3], 'WE1')).toEqual([2, 4]);
    expect(at([0, 0, 3.5, 0, -3.1, 3], 'N1')).toEqual([2, 4]);
  });
  it('FR-40 WE2/N5 flag 2 of 3 beyond 2 sigma on the same side, not on opposite sides', () => {
    expect(at([2.5, 0, 2.5], 'WE2')).toEqual([2]);
    expect(at([2.5, -2.5, 0, -2.1], 'N5')).toEqual([3]);
    expect(at([2.5, -2.5, 0.5], 'WE2')).toEqual([]);
  });
  it('FR-40 WE3/N6 flag 4 of 5 beyond 1 sigma on the same side', () => {
    expect(at([1.5, 1.5, 0, 1.5, 1.5], 'WE3')).toEqual([4]);
    expect(at([1.5, 1.5, 0, 1.5, -1.5], 'N6')).toEqual([]);
  });
  it('FR-40 WE4 flags the 8th point in a row on one side, N2 the 9th', () => {
    expect(at(rep(0.5, 9), 'WE4')).toEqual([7, 8]);
    expect(at(rep(0.5, 9), 'N2')).toEqual([8]);
    expect(at([...rep(0.5, 4), 0, ...rep(0.5, 4)], 'WE4')).toEqual([]);
  });
  it('FR-40 N3 flags 6 points steadily increasing or decreasing; a tie breaks the trend', () => {
    expect(at([1, 2, 3, 4, 5, 6], 'N3')).toEqual([5]);
    expect(at([6, 5, 4, 3, 2, 1, 0], 'N3')).toEqual([5, 6]);
    expect(at([1, 2, 3, 3, 4, 5], 'N3')).toEqual([]);
  });
  it('FR-40 N4 flags 14 points alternating up and down', () => {
    const alt = Array.from({ length: 14 }, (_, i) => (i % 2 ? 0.2 : -0.2));
    expect(at(alt, 'N4')).toEqual([13]);
    expect(at(alt.slice(0, 13), 'N4')).toEqual([]);
  });
  it('FR-40 N7 flags 15 points in a row within 1 sigma, N8 8 in a row outside 1 sigma on either side', () => {
    expect(at(rep(0.1, 15), 'N7')).toEqual([14]);
    const wide = Array.from({ length: 8 }, (_, i) => (i % 2 ? 1.5 : -1.5));
    expect(at(wide, 'N8')).toEqual([7]);
    expect(at(wide, 'WE4')).toEqual([]);
  });
  it('FR-40 the rule sets are named and complete', () => {
    const r = evaluateRules([0, 1], { center: 0, sigma: 1 }, [...WESTERN_ELECTRIC, ...NELSON]);
    expect(r.map((x) => x.rule)).toEqual(['WE1', 'WE2', 'WE3', 'WE4', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8']);
    expect(r.every((x) => x.name.length > 10)).toBe(true);
  });
});
