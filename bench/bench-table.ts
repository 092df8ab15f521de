/**
 * Benchmarks print tables, each row measured in the same run as its baseline, with a ratio
 * column (README: "never as timed unit tests"). A bench module default-exports a function that
 * returns one or more tables; bench/run.ts discovers and prints them.
 */
export interface BenchTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes?: string[];
}

export type BenchModule = { default: (opts: BenchOptions) => Promise<BenchTable[]> };

export interface BenchOptions {
  /** Smaller sizes for a quick smoke run (`npm run bench -- --quick`). */
  quick: boolean;
}

export function formatTable(t: BenchTable): string {
  const cells = [t.columns, ...t.rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = t.columns.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) => '| ' + r.map((c, i) => String(c ?? '').padEnd(widths[i]!)).join(' | ') + ' |';
  const out = [`### ${t.title}`, '', line(cells[0]!), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|'];
  for (const r of cells.slice(1)) out.push(line(r));
  for (const n of t.notes ?? []) out.push('', n);
  return out.join('\n');
}

function fmt(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

/** Percentile of an unsorted sample (nearest-rank). */
export function percentile(sample: number[], p: number): number {
  const s = [...sample].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx]!;
}
