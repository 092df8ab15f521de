import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../result.ts';
import { capability } from './capability.ts';
import { individualsChart, xbarRChart, xbarSChart } from './charts.ts';
import { evaluateRules, NELSON, WESTERN_ELECTRIC, type RuleId } from './rules.ts';

const value = fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true });
const subgroups = fc
  .integer({ min: 2, max: 10 })
  .chain((n) => fc.array(fc.array(value, { minLength: n, maxLength: n }), { minLength: 2, maxLength: 30 }));
const close = (a: number, b: number, scale = 1) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b), scale);

/**
 * The rules written the slow, obvious way from their text: for each point, look at the window
 * that ends there. The fast one-pass implementation must agree with it on every input.
 */
function naive(points: number[], rule: RuleId): number[] {
  const z = points.map((p) => p);
  const out: number[] = [];
  const win = (i: number, len: number) => (i + 1 >= len ? z.slice(i + 1 - len, i + 1) : null);
  const kOfM = (i: number, k: number, need: number, m: number) => {
    const w = z.slice(Math.max(0, i - m + 1), i + 1);
    const v = z[i]!;
    return (v > k && w.filter((x) => x > k).length >= need) || (v < -k && w.filter((x) => x < -k).length >= need);
  };
  for (let i = 0; i < z.length; i++) {
    let hit = false;
    const diffs = (len: number) => {
      const w = win(i, len);
      return w ? w.slice(1).map((x, j) => x - w[j]!) : null;
    };
    switch (rule) {
      case 'WE1': case 'N1': hit = Math.abs(z[i]!) > 3; break;
      case 'WE2': case 'N5': hit = kOfM(i, 2, 2, 3); break;
      case 'WE3': case 'N6': hit = kOfM(i, 1, 4, 5); break;
      case 'WE4': { const w = win(i, 8); hit = !!w && (w.every((x) => x > 0) || w.every((x) => x < 0)); break; }
      case 'N2': { const w = win(i, 9); hit = !!w && (w.every((x) => x > 0) || w.every((x) => x < 0)); break; }
      case 'N3': { const d = diffs(6); hit = !!d && (d.every((x) => x > 0) || d.every((x) => x < 0)); break; }
      case 'N4': { const d = diffs(14); hit = !!d && d.every((x) => x !== 0) && d.every((x, j) => j === 0 || Math.sign(x) === -Math.sign(d[j - 1]!)); break; }
      case 'N7': { const w = win(i, 15); hit = !!w && w.every((x) => Math.abs(x) < 1); break; }
      case 'N8': { const w = win(i, 8); hit = !!w && w.every((x) => Math.abs(x) > 1); break; }
    }
    if (hit) out.push(i);
  }
  return out;
}

describe('SPC properties (fast-check)', () => {
  it('FR-40 X̄-R and X̄-S limits are symmetric about the centre line; dispersion limits bracket their centre', () => {
    fc.assert(
      fc.property(subgroups, (g) => {
        for (const c of [unwrap(xbarRChart(g)), unwrap(xbarSChart(g))]) {
          expect(close(c.xbar.ucl - c.xbar.center, c.xbar.center - c.xbar.lcl, 1000)).toBe(true);
          expect(c.spread.lcl).toBeLessThanOrEqual(c.spread.center);
          expect(c.spread.ucl).toBeGreaterThanOrEqual(c.spread.center);
          expect(c.spread.lcl).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('FR-40 a constant shift of all data shifts the X̄ and I limits by the same constant and leaves the dispersion limits alone', () => {
    fc.assert(
      fc.property(subgroups, fc.double({ min: -500, max: 500, noNaN: true }), (g, shift) => {
        const a = unwrap(xbarRChart(g));
        const b = unwrap(xbarRChart(g.map((s) => s.map((v) => v + shift))));
        expect(Math.abs(b.xbar.center - a.xbar.center - shift)).toBeLessThan(1e-6);
        expect(Math.abs(b.xbar.ucl - a.xbar.ucl - shift)).toBeLessThan(1e-6);
        expect(Math.abs(b.spread.ucl - a.spread.ucl)).toBeLessThan(1e-6);
        const i = unwrap(individualsChart(g.flat()));
        const j = unwrap(individualsChart(g.flat().map((v) => v + shift)));
        expect(Math.abs(j.individuals.lcl - i.individuals.lcl - shift)).toBeLessThan(1e-6);
        expect(Math.abs(j.movingRange.ucl - i.movingRange.ucl)).toBeLessThan(1e-6);
      }),
    );
  });

  it('FR-40 scaling the data by a positive factor scales the distance of every limit from the centre', () => {
    fc.assert(
      fc.property(subgroups, fc.double({ min: 0.001, max: 1000, noNaN: true }), (g, k) => {
        const a = unwrap(xbarSChart(g));
        const b = unwrap(xbarSChart(g.map((s) => s.map((v) => v * k))));
        expect(Math.abs(b.xbar.ucl - b.xbar.center - k * (a.xbar.ucl - a.xbar.center))).toBeLessThan(1e-6 * Math.max(1, k * (a.xbar.ucl - a.xbar.center)));
      }),
    );
  });

  it('FR-40 the one-pass rule evaluation agrees with the rules written window by window from their text', () => {
    // Points drawn on a coarse grid in sigma units so that runs, ties and zone edges all occur.
    const pts = fc.array(fc.integer({ min: -8, max: 8 }).map((v) => v / 2), { minLength: 0, maxLength: 80 });
    fc.assert(
      fc.property(pts, (p) => {
        for (const r of evaluateRules(p, { center: 0, sigma: 1 }, [...WESTERN_ELECTRIC, ...NELSON])) {
          expect(r.indices, r.rule).toEqual(naive(p, r.rule));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('FR-40 rule results do not change when points and centre move together or when both are scaled', () => {
    const pts = fc.array(fc.integer({ min: -8, max: 8 }).map((v) => v / 2), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(pts, fc.integer({ min: -100, max: 100 }), fc.integer({ min: 1, max: 50 }), (p, shift, k) => {
        const base = evaluateRules(p, { center: 0, sigma: 1 });
        const moved = evaluateRules(p.map((v) => v * k + shift), { center: shift, sigma: k });
        expect(moved).toEqual(base);
      }),
    );
  });

  it('FR-40 every confidence interval contains its estimate and narrows as n grows', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 5, noNaN: true }), fc.integer({ min: 5, max: 500 }), (sigma, n) => {
        const small = unwrap(capability({ mean: 10.5, sigmaWithin: sigma, sigmaOverall: sigma, n, lsl: 0, usl: 20 }));
        const big = unwrap(capability({ mean: 10.5, sigmaWithin: sigma, sigmaOverall: sigma, n: n * 4, lsl: 0, usl: 20 }));
        for (const k of ['cp', 'cpk', 'pp', 'ppk'] as const) {
          expect(small[k].lower).toBeLessThan(small[k].estimate);
          expect(small[k].upper).toBeGreaterThan(small[k].estimate);
          expect(big[k].upper - big[k].lower).toBeLessThan(small[k].upper - small[k].lower);
        }
        expect(small.cpk.estimate).toBeLessThanOrEqual(small.cp.estimate);
      }),
    );
  });
});
