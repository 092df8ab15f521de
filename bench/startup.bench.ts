/**
 * Issue 16, item 2 ("start in a blink"), each measured beside `node -e 0` in the same run:
 *   - `batchline parse-barcode` from the bundle, and through tsx as every start did before;
 *   - the web station on an existing database and on a new one, spawn -> first HTTP answer;
 *   - `batchline demo` (a new training database with users, master data and a signed batch).
 * Wall time is what an operator waits; CPU time (user + sys of the child, from /usr/bin/time
 * when present) shows the cost apart from a busy machine. Medians over the runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, type BenchOptions, type BenchTable } from './bench-table.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/batchline.mjs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const SCAN = ']d2010950110153000317250600101ABC';

interface Run {
  wallMs: number;
  cpuMs: number | null;
}

/** One child to completion: wall time here, CPU time from /usr/bin/time. */
function timed(args: string[], env: Record<string, string> = {}): Run {
  const t0 = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', '@cpu %U %S', process.execPath, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } })
    : spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const m = /@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { wallMs, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : null };
}

/** Spawn -> the station's "listening" line -> its first HTTP answer for the login page. */
async function stationStart(dbPath: string, uiDir: string): Promise<Run> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'station', '--web', '--port', '0', '--db', dbPath, '--station-id', 'ST-BENCH-01', '--ui', uiDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout!.on('data', (d: Buffer) => {
        text += d.toString();
        const m = / listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
        if (m) resolve(m[1]!);
      });
      child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
      child.once('exit', (code) => reject(new Error(`station exited ${String(code)}: ${text}`)));
    });
    const res = await fetch(`${url}/`);
    await res.text();
    if (!res.ok) throw new Error(`GET / answered ${res.status}`);
    return { wallMs: performance.now() - t0, cpuMs: cpuSoFar(child.pid) };
  } finally {
    // A station that refused to start has exited already: waiting for its exit would never end.
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
}

/** user + sys CPU of a running process so far (Linux /proc, clock ticks of 10 ms), or null. */
function cpuSoFar(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${String(pid)}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function median(runs: Run[]): { wall: number; cpu: number | null } {
  const cpus = runs.map((r) => r.cpuMs).filter((c): c is number => c !== null);
  return { wall: percentile(runs.map((r) => r.wallMs), 50), cpu: cpus.length > 0 ? percentile(cpus, 50) : null };
}

export default async function startup({ quick }: BenchOptions): Promise<BenchTable[]> {
  // Quick: 3 runs of the short commands and one or two of the long ones, enough for a median
  // beside its baseline; the full run is the figure to quote (issue 16: quick under 3 minutes).
  const n = quick ? 3 : 15;
  const dir = mkdtempSync(join(tmpdir(), 'batchline-startup-'));
  try {
    // Warm the page cache and make sure the bundle is current before anything is timed.
    timed([BIN, 'parse-barcode', SCAN]);
    const repeat = async (f: () => Run | Promise<Run>, times = n) => {
      const runs: Run[] = [];
      for (let i = 0; i < times; i++) runs.push(await f());
      return median(runs);
    };
    const node0 = await repeat(() => timed(['-e', '0']));
    const bundled = await repeat(() => timed([BIN, 'parse-barcode', SCAN, '--json']));
    const tsx = await repeat(() => timed([BIN, 'parse-barcode', SCAN, '--json'], { BATCHLINE_NO_BUNDLE: '1' }), quick ? 1 : 5);

    const uiDir = existsSync(join(ROOT, 'dist-renderer/index.html')) ? join(ROOT, 'dist-renderer') : stubUi(dir);
    let k = 0;
    const newDb = await repeat(() => stationStart(join(dir, `new-${k++}.db`), uiDir), quick ? 1 : 5);
    const demoRuns: Run[] = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) demoRuns.push(timed([BIN, 'demo', '--db', join(dir, `demo-${i}.db`)]));
    const demo = median(demoRuns);
    const existing = await repeat(() => stationStart(join(dir, 'demo-0.db'), uiDir), quick ? 2 : 7);

    const row = (what: string, m: { wall: number; cpu: number | null }, goal: string) => [what, m.wall, m.cpu ?? '-', m.wall / node0.wall, goal];
    return [
      {
        title: `Start-up, each beside node -e 0 in the same run (median ms; ${n} runs of the short commands)`,
        columns: ['what', 'wall ms', 'cpu ms', 'ratio to node -e 0 (wall)', 'goal'],
        rows: [
          row('node -e 0 (baseline)', node0, ''),
          row('batchline parse-barcode --json (bundle, lazy commands)', bundled, 'within 3x'),
          row('batchline parse-barcode --json through tsx (as before)', tsx, ''),
          row('station --web, existing demo database: spawn -> first HTTP answer', existing, '< 1.5 s'),
          row('station --web, new database (site CA + station key): spawn -> first HTTP answer', newDb, '< 3 s'),
          row('batchline demo (new training database, 6 users, master data, a signed batch)', demo, '< 10 s'),
        ],
        notes: [
          'The demo includes the recipe\'s 2-second timer step, which runs in real time.',
          'cpu ms is user + sys of the child process; on a busy machine wall time grows with the load, CPU time much less.',
        ],
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** When the UI is not built, a page to answer with: the measure is the station's start, not vite. */
function stubUi(dir: string): string {
  const ui = join(dir, 'ui');
  mkdirSync(ui, { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Batchline</title>');
  return ui;
}
