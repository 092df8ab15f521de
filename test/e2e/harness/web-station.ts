/**
 * The station as a thin client sees it: the UI built by vite into a fresh folder, and
 * `batchline station --web` started as its own process (exactly the command IT runs) on a free
 * port of 127.0.0.1. Every process started here is killed by `stop()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_SECRET } from './demo-db.ts';

export const ROOT = new URL('../../../', import.meta.url).pathname;

/**
 * The renderer built by vite, once per state of its sources: the folder is named by a hash of
 * every source file's path, size and mtime, so parallel test files share one build (the first
 * builds under a lock directory, the others wait) and a changed source always rebuilds.
 */
export function buildUi(): string {
  return cachedViteBuild('batchline-ui', ['src-renderer', 'src-shared', 'vite.config.ts'], []);
}

/**
 * The hub console (production mode), built once per state of its sources like the renderer
 * (the console imports src-renderer and src-shared too). Shared by every console e2e file of a
 * run and left in place afterwards: callers must not write to or remove the folder.
 */
export function buildConsole(): string {
  return cachedViteBuild('batchline-console', ['src-console', 'src-renderer', 'src-shared', 'vite.console.config.ts'], ['--config', 'vite.console.config.ts'], { NODE_ENV: 'production' });
}

/**
 * `vite build` of the given sources (folders or files under ROOT) into a folder under
 * node_modules/.cache/NAME named by their hash; reused while none of them changes.
 */
function cachedViteBuild(name: string, sources: string[], args: string[], env: Record<string, string> = {}): string {
  const hash = createHash('sha256');
  const files = sources.flatMap((s) => (statSync(join(ROOT, s)).isDirectory() ? listFiles(join(ROOT, s)) : [join(ROOT, s)]));
  for (const f of files.sort()) {
    const st = statSync(f);
    hash.update(`${f}:${st.size}:${st.mtimeMs}\n`);
  }
  const base = join(ROOT, 'node_modules/.cache', name);
  const outDir = join(base, hash.digest('hex').slice(0, 16));
  const lock = `${outDir}.lock`;
  mkdirSync(base, { recursive: true });
  const t0 = Date.now();
  while (!existsSync(join(outDir, 'index.html'))) {
    try {
      mkdirSync(lock);
    } catch {
      // Another test file is building; a lock older than two minutes is a crashed build.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() - t0 > 180_000) throw new Error(`timed out waiting for the ${name} build`);
      spawnSync('sleep', ['0.2']);
      continue;
    }
    try {
      if (existsSync(join(outDir, 'index.html'))) break;
      const tmp = `${outDir}.tmp-${process.pid}`;
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', ...args, '--outDir', tmp, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
      if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr}`);
      renameSync(tmp, outDir);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return outDir;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? listFiles(join(dir, d.name)) : [join(dir, d.name)]));
}

export interface WebStation {
  url: string;
  dbPath: string;
  output: string[];
  proc: ChildProcess;
  /** Milliseconds from spawn to the "listening" line. */
  startMs: number;
  stop(): Promise<void>;
  /** Removes the temporary database folder (after stop and any verify). */
  cleanup(): void;
}

export async function startWebStation(opts: { uiDir: string; dbPath?: string; args?: string[]; timeoutMs?: number }): Promise<WebStation> {
  const dir = opts.dbPath ? null : mkdtempSync(join(tmpdir(), 'batchline-e2e-'));
  const dbPath = opts.dbPath ?? join(dir!, 'station.db');
  const t0 = performance.now();
  const proc = spawn(process.execPath, [join(ROOT, 'bin/batchline.mjs'), 'station', '--web', '--port', '0', '--db', dbPath, '--ui', opts.uiDir, ...(opts.args ?? [])], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BATCHLINE_STATION_SECRET: E2E_SECRET },
  });
  const output: string[] = [];
  const collect = (d: Buffer) => output.push(...d.toString('utf8').split('\n').filter(Boolean));
  proc.stdout!.on('data', collect);
  proc.stderr!.on('data', collect);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`station did not start:\n${output.join('\n')}`)), opts.timeoutMs ?? 90_000);
    const check = () => {
      const line = output.find((l) => / listening on (http:\/\/127\.0\.0\.1:\d+)/.test(l));
      if (line) {
        clearTimeout(timer);
        resolve(/(http:\/\/127\.0\.0\.1:\d+)/.exec(line)![1]!);
      }
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`station exited with ${code}:\n${output.join('\n')}`));
    });
  });
  const startMs = performance.now() - t0;
  return {
    url,
    dbPath,
    output,
    proc,
    startMs,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
    },
    cleanup() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `batchline verify --db` on the station's database, as QA would run it afterwards. */
export function verifyDb(dbPath: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/batchline.mjs'), 'verify', '--db', dbPath], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
