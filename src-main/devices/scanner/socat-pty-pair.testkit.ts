/**
 * Test support (not production code): a real pseudo-terminal pair made by socat, the "cable"
 * between a device under test and the test acting as the device. Every socat started here is
 * tracked by pid and stopped by stopPtyPair(); links are removed first so that "the link
 * exists" always means this socat made it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  readonly dir: string;
  /** The device end (the test writes here, as the scanner or reads here, as the printer). */
  readonly deviceEnd: string;
  /** The station end (the code under test opens this). */
  readonly stationEnd: string;
  proc: ChildProcess | null;
}

export async function waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function startPtyPair(existing?: PtyPair): Promise<PtyPair> {
  const dir = existing?.dir ?? mkdtempSync(join(tmpdir(), 'batchline-scan-pty-'));
  const pair: PtyPair = existing ?? { dir, deviceEnd: join(dir, 'device'), stationEnd: join(dir, 'station'), proc: null };
  rmSync(pair.deviceEnd, { force: true });
  rmSync(pair.stationEnd, { force: true });
  const proc = spawn('socat', [`pty,raw,echo=0,link=${pair.deviceEnd}`, `pty,raw,echo=0,link=${pair.stationEnd}`], { stdio: 'ignore' });
  pair.proc = proc;
  await waitUntil(() => existsSync(pair.deviceEnd) && existsSync(pair.stationEnd), 5000, 'socat links');
  return pair;
}

/** Stops this pair's socat (the "cable pull") and waits until it has exited. */
export async function stopPtyPair(pair: PtyPair): Promise<void> {
  const proc = pair.proc;
  pair.proc = null;
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  await exited;
}

export async function removePtyPair(pair: PtyPair): Promise<void> {
  await stopPtyPair(pair);
  rmSync(pair.dir, { recursive: true, force: true });
}
