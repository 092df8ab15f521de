/**
 * Issue 16, item 5: an 8-hour shift, compressed. One production station (the test users,
 * the demo's master data, cheap scrypt), in a child process of its own
 * (bench/support/soak-station.ts) so its memory is the station's alone, runs on an injected
 * clock:
 *   - a balance streaming at 10 Hz: MT-SICS lines through the in-process simulated line, the
 *     real framer, codec and driver, each reading published on the live bus to a subscriber
 *     that serialises it as the web station's socket does;
 *   - an order every 5 minutes (4 weighed lines, signed, booth cleaned between orders);
 *   - a sync every minute to a `batchline hub` process on PostgreSQL (signed requests).
 * Every 10 simulated minutes, after a forced GC: RSS, heap, active handles, listeners. Passes
 * when RSS stays under 250 MB, its slope over the second half is under 2 MB/hour, and handle
 * and listener counts end where they were after warm-up (the baseline, same run). The RSS
 * curve is printed as a table and written to bench-output/soak-rss.csv and .svg.
 * Full: 8 hours; `--quick`: half an hour (BATCHLINE_SOAK_HOURS overrides).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BenchOptions, BenchTable } from './bench-table.ts';
import { postgresReachable, startHubCluster, type HubCluster } from './support/hub-process.ts';
import type { Sample, SoakResult } from './support/soak-station.ts';

const LIMIT_MB = 250;
const OUT_DIR = new URL('../bench-output/', import.meta.url);
const CHILD = fileURLToPath(new URL('./support/soak-station.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The station side bundled like the CLI (scripts/build-cli.mjs: dependencies external, each
 * source's import.meta.url kept as its place in the repository), so the station process
 * carries no TypeScript compiler, as a shipped station does not.
 */
async function bundleChild(): Promise<string> {
  const outfile = join(ROOT, 'bench-output', 'soak', 'soak-station.mjs');
  await build({
    entryPoints: [CHILD],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
    banner: { js: "const __batchlineSourceUrl = (p) => new URL('../../' + p, import.meta.url).href;" },
    plugins: [
      {
        name: 'batchline-source-url',
        setup(b) {
          b.onLoad({ filter: /\.tsx?$/ }, (args) => {
            if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
            const text = readFileSync(args.path, 'utf8');
            if (!text.includes('import.meta.url')) return undefined;
            const rel = relative(ROOT, args.path).split(sep).join('/');
            return { contents: text.replaceAll('import.meta.url', `__batchlineSourceUrl(${JSON.stringify(rel)})`), loader: 'ts' };
          });
        },
      },
    ],
  });
  return outfile;
}

export default async function soak({ quick }: BenchOptions): Promise<BenchTable[]> {
  const hours = process.env.BATCHLINE_SOAK_HOURS ? Number(process.env.BATCHLINE_SOAK_HOURS) : quick ? 0.5 : 8;
  let cluster: HubCluster | null = null;
  try {
    if (await postgresReachable()) cluster = await startHubCluster('batchline_soak_bench', 1);
    const child = spawnSync(process.execPath, ['--expose-gc', await bundleChild(), String(hours), cluster?.procs[0]!.url ?? '-'], {
      encoding: 'utf8',
      env: { ...process.env, BATCHLINE_SOAK_TOKEN: cluster?.token ?? '' },
      maxBuffer: 64 * 2 ** 20,
    });
    if (child.status !== 0) throw new Error(`soak station failed (${child.status}): ${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as SoakResult;
    const samples = r.samples;
    const warm = samples[1] ?? samples[0]!;
    const last = samples.at(-1)!;
    const half = samples.slice(Math.floor(samples.length / 2));
    const slope = slopePerHour(half.map((s) => [s.minute / 60, s.rssMb]));
    const heapSlope = slopePerHour(half.map((s) => [s.minute / 60, s.heapMb]));
    const peak = Math.max(...samples.map((s) => s.rssMb));
    writeCurve(samples);
    const verdict = peak < LIMIT_MB && slope < 2 && last.handles <= warm.handles && last.listeners <= warm.listeners && r.syncErrors === 0 ? 'pass' : 'FAIL';
    const every = Math.max(1, Math.floor(samples.length / 12));
    return [
      {
        title: `Soak: a ${hours}-hour shift compressed into ${r.seconds.toFixed(0)} s (balance at 10 Hz, an order every 5 min, sync every minute) — ${verdict}`,
        columns: ['measure', 'after warm-up (baseline)', 'end of shift', 'limit'],
        rows: [
          ['station process RSS MB', warm.rssMb, last.rssMb, `< ${LIMIT_MB}, peak ${peak.toFixed(0)}`],
          ['RSS slope over the second half, MB/hour', '', slope, '< 2 (flat)'],
          ['heap used MB (slope MB/hour)', warm.heapMb, `${last.heapMb.toFixed(1)} (${heapSlope.toFixed(2)})`, ''],
          ['active handles', warm.handles, last.handles, 'no growth'],
          ['process + bus listeners', warm.listeners, last.listeners, 'no growth'],
          ['ledger entries', warm.entries, last.entries, ''],
        ],
        notes: [
          `${Math.round(hours * 36_000).toLocaleString('en-US')} balance lines, ${r.published.toLocaleString('en-US')} readings published (${(r.socketBytes / 2 ** 20).toFixed(1)} MB serialised), ${r.orders} orders, ${r.syncs} syncs (${r.syncErrors} failed${r.firstSyncError ? `, first: ${r.firstSyncError}` : ''})${r.synced ? '' : ' — PostgreSQL not reachable: no sync in this run'}.`,
          `RSS curve (simulated minute: MB): ${samples.filter((_, i) => i % every === 0 || i === samples.length - 1).map((s) => `${s.minute}: ${s.rssMb.toFixed(0)}`).join(', ')}. Full curve: bench-output/soak-rss.csv and soak-rss.svg.`,
          'Each sample is taken after a forced GC (memory held, not garbage awaiting collection). The station process runs from an esbuild bundle, as the CLI and station do.',
        ],
      },
    ];
  } finally {
    await cluster?.close();
  }
}

/** Least-squares slope of y over x, per unit of x. */
function slopePerHour(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const num = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

function writeCurve(samples: Sample[]): void {
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(new URL('soak-rss.csv', OUT_DIR), ['minute,rss_mb,heap_mb,handles,listeners,entries', ...samples.map((s) => `${s.minute},${s.rssMb.toFixed(1)},${s.heapMb.toFixed(1)},${s.handles},${s.listeners},${s.entries}`)].join('\n') + '\n');
  const w = 600;
  const h = 240;
  const maxX = Math.max(...samples.map((s) => s.minute), 1);
  const maxY = Math.max(LIMIT_MB, ...samples.map((s) => s.rssMb));
  const pt = (x: number, y: number) => `${((x / maxX) * (w - 60) + 50).toFixed(1)},${(h - 30 - (y / maxY) * (h - 50)).toFixed(1)}`;
  const poly = (f: (s: Sample) => number) => samples.map((s) => pt(s.minute, f(s))).join(' ');
  writeFileSync(
    new URL('soak-rss.svg', OUT_DIR),
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="11">
<rect width="${w}" height="${h}" fill="white"/>
<line x1="50" y1="${h - 30}" x2="${w - 10}" y2="${h - 30}" stroke="black"/><line x1="50" y1="20" x2="50" y2="${h - 30}" stroke="black"/>
<polyline points="${pt(0, LIMIT_MB)} ${pt(maxX, LIMIT_MB)}" stroke="red" stroke-dasharray="4" fill="none"/><text x="52" y="${pt(0, LIMIT_MB).split(',')[1]}" fill="red">${LIMIT_MB} MB limit</text>
<polyline points="${poly((s) => s.rssMb)}" stroke="navy" stroke-width="2" fill="none"/>
<polyline points="${poly((s) => s.heapMb)}" stroke="teal" fill="none"/>
<text x="${w / 2}" y="${h - 8}" text-anchor="middle">simulated minutes of the shift (RSS navy, heap teal)</text>
<text x="4" y="14">MB</text>
</svg>
`,
  );
}
