/**
 * The station as a thin client sees it: the UI built by vite into a fresh folder, and
 * `batchline station --web` started as its own process (exactly the command IT runs) on a free
 * port of 127.0.0.1. Every process started here is killed by `stop()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../../../', import.meta.url).pathname;

/** Builds the renderer once per test file (about 3 s) so parallel files never share a folder. */
export function buildUi(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'batchline-ui-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr}`);
  return outDir;
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
    env: { ...process.env, BATCHLINE_STATION_SECRET: 'e2e-station-secret-0123456789' },
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
