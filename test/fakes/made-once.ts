/**
 * Things tests make once and share across test files and worker processes: a folder made under a
 * lock directory (the first comer makes it, the others wait for its READY file), and whether the
 * process a kept thing is named after is still running.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Whether a process is running (signal 0: EPERM means it runs under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/**
 * `root` made once by `make` (which must leave it complete), under `${root}.lock`: the first
 * caller makes it and writes `root`/READY, the others wait for that (up to 180 s). A maker that
 * died leaves its lock behind: a lock older than two minutes is taken over.
 */
export async function madeOnce(root: string, make: () => Promise<void>): Promise<void> {
  const ready = join(root, 'READY');
  const lock = `${root}.lock`;
  const deadline = Date.now() + 180_000;
  while (!existsSync(ready)) {
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      if (existsSync(lock) && statSync(lock).mtimeMs < Date.now() - 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (existsSync(ready)) break;
      await make();
      writeFileSync(ready, new Date().toISOString());
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
