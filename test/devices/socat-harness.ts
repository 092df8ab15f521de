/**
 * Real pseudo-terminals for device tests: a socat pty pair (the "cable") and the simulated
 * balance running as its own process on one end (`batchline simulate balance`), exactly as IT
 * would run it. Every process started here is recorded and killed by `killAll()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const started = new Set<ChildProcess>();
/**
 * socat processes, stopped with SIGTERM: socat then removes its links before its ptys are freed.
 * A socat killed with SIGKILL left its links pointing at freed ptys, and another test's socat
 * (another worker, same machine) can be given the same /dev/pts number at once. A driver still
 * reconnecting through the stale link then opened and locked that other test's pty: its station
 * end refused with "Cannot lock port" for the whole file (seen in CI, socat-and, 5 tests).
 */
const socats = new WeakSet<ChildProcess>();

export interface PtyPair {
  readonly dir: string;
  /** The simulator's end. */
  readonly balanceEnd: string;
  /** The station's end. */
  readonly stationEnd: string;
}

export function makePtyDir(): PtyPair {
  const dir = mkdtempSync(join(tmpdir(), 'batchline-pty-'));
  return { dir, balanceEnd: join(dir, 'a'), stationEnd: join(dir, 'b') };
}

export async function startSocat(pair: PtyPair): Promise<ChildProcess> {
  // A socat killed with SIGKILL leaves its links behind, pointing at freed ptys; remove them
  // so that "links exist" means this socat made them.
  rmSync(pair.balanceEnd, { force: true });
  rmSync(pair.stationEnd, { force: true });
  const proc = spawn('/usr/bin/socat', [`pty,raw,echo=0,link=${pair.balanceEnd}`, `pty,raw,echo=0,link=${pair.stationEnd}`], {
    stdio: 'ignore',
  });
  started.add(proc);
  socats.add(proc);
  proc.on('exit', () => started.delete(proc));
  await waitUntil(() => existsSync(pair.balanceEnd) && existsSync(pair.stationEnd), 5000, 'socat links');
  return proc;
}

export interface SimulatorProcess {
  readonly proc: ChildProcess;
  /** Everything it printed so far, line by line. */
  readonly lines: string[];
  /** Sends one control command and waits for its `ok`/`error` reply. */
  control(command: string): Promise<string>;
  waitFor(line: RegExp, timeoutMs?: number, from?: number): Promise<void>;
}

export async function startSimulator(protocol: string, link: string, extra: string[] = []): Promise<SimulatorProcess> {
  const proc = spawn(
    process.execPath,
    [join(ROOT, 'bin/batchline.mjs'), 'simulate', 'balance', '--protocol', protocol, '--link', link, '--settle', '200', '--interval', '50', ...extra],
    { stdio: ['pipe', 'pipe', 'inherit'], cwd: ROOT },
  );
  started.add(proc);
  proc.on('exit', () => started.delete(proc));
  const lines: string[] = [];
  let partial = '';
  proc.stdout!.on('data', (d: Buffer) => {
    partial += d.toString('utf8');
    const parts = partial.split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  const waitFor = (re: RegExp, timeoutMs = 15_000, from = 0) =>
    waitUntil(() => lines.slice(from).some((l) => re.test(l)), timeoutMs, `simulator output ${re}`);
  await waitFor(/^ready /);
  return {
    proc,
    lines,
    waitFor,
    async control(command: string) {
      const from = lines.length;
      proc.stdin!.write(command + '\n');
      await waitFor(/^(ok|error)\b/, 5000, from);
      return lines.slice(from).find((l) => /^(ok|error)\b/.test(l))!;
    },
  };
}

/** Runs the CLI to completion and returns its exit code and output. */
export function runBundledCli(args: string[], timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [join(ROOT, 'bin/batchline.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    started.add(proc);
    let stdout = '';
    let stderr = '';
    proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`CLI ${args.join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      started.delete(proc);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Kills a process and waits until it is gone. A socat is asked to stop (SIGTERM: its links go
 * first, as a USB adapter's device node goes when it is pulled) and killed only if it lingers.
 */
export async function kill(proc: ChildProcess, signal?: NodeJS.Signals): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise<void>((r) => proc.once('exit', () => r()));
  const sig = signal ?? (socats.has(proc) ? 'SIGTERM' : 'SIGKILL');
  proc.kill(sig);
  const late = sig === 'SIGKILL' ? null : setTimeout(() => proc.kill('SIGKILL'), 3000);
  await gone;
  if (late) clearTimeout(late);
}

export async function killAll(): Promise<void> {
  await Promise.all([...started].map((p) => kill(p)));
}

export function removeDir(pair: PtyPair): void {
  rmSync(pair.dir, { recursive: true, force: true });
}

export async function waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
