/**
 * Issue 12 benchmark: SPC rule evaluation over 1,000,000 points (all four Western Electric and
 * all eight Nelson rules), beside a plain loop over the same Float64-backed array that only
 * compares each point with the 3-sigma limits (the floor: one read and two compares a point).
 * The data is a deterministic normal series with a few shifts and a trend so that every rule
 * has something to find.
 */
import { evaluateRules, NELSON, WESTERN_ELECTRIC } from '../src-shared/quality/spc/rules.ts';
import type { BenchOptions, BenchTable } from './bench-table.ts';

function series(n: number): number[] {
  let a = 12345;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
    const shift = i % 10_000 < 50 ? 1.5 : 0;
    out[i] = 100 + z + shift;
  }
  return out;
}

function time(fn: () => void, reps: number): number {
  fn(); // warm-up
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return ms.sort((x, y) => x - y)[Math.floor(ms.length / 2)]!;
}

export default async function run({ quick }: BenchOptions): Promise<BenchTable[]> {
  const n = quick ? 100_000 : 1_000_000;
  const reps = quick ? 3 : 7;
  const pts = series(n);
  const input = { center: 100, sigma: 1 };
  let sink = 0;
  const plain = time(() => {
    let c = 0;
    for (let i = 0; i < pts.length; i++) if (pts[i]! > 103 || pts[i]! < 97) c++;
    sink += c;
  }, reps);
  let flagged = { we: 0, nelson: 0 };
  const we = time(() => {
    flagged.we = evaluateRules(pts, input, WESTERN_ELECTRIC).reduce((s, r) => s + r.indices.length, 0);
  }, reps);
  const nelson = time(() => {
    flagged.nelson = evaluateRules(pts, input, NELSON).reduce((s, r) => s + r.indices.length, 0);
  }, reps);
  const one = time(() => {
    sink += evaluateRules(pts, input, ['N1'])[0]!.indices.length;
  }, reps);
  if (sink < 0) flagged = { we: 0, nelson: 0 };
  const row = (name: string, ms: number, rules: number, found: number | string) => [
    name,
    rules,
    ms,
    (n / ms) * 1000,
    ms / plain,
    found,
  ];
  return [
    {
      title: `SPC rule evaluation over ${n.toLocaleString('en-US')} points (median of ${reps})`,
      columns: ['what', 'rules', 'ms', 'points/s', '× plain loop', 'flags'],
      rows: [
        row('plain loop: compare each point with ±3σ', plain, 1, '—'),
        row('evaluateRules N1 only (beyond 3σ)', one, 1, '—'),
        row('evaluateRules Western Electric 1–4', we, 4, flagged.we),
        row('evaluateRules Nelson 1–8', nelson, 8, flagged.nelson),
      ],
      notes: ['The rule evaluation standardises the points once (a Float64Array) and runs each rule in one pass with rolling counters.'],
    },
  ];
}
