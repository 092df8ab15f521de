/**
 * The test cable itself: a pulled cable (socat stopped) leaves no link behind that points at a
 * freed pty. Such a link let a reconnecting driver open another test's pty, which the kernel had
 * given the same /dev/pts number, and lock it (CI, socat-and: "Cannot lock port", 5 tests).
 */
import { existsSync, lstatSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { kill, killAll, makePtyDir, removeDir, startSocat } from './socat-harness.ts';

describe('the socat test cable', () => {
  const pair = makePtyDir();
  afterAll(async () => {
    await killAll();
    removeDir(pair);
  });

  const linked = (p: string) => {
    try {
      return lstatSync(p).isSymbolicLink();
    } catch {
      return false;
    }
  };

  it('D25-05 a pulled cable takes both links with it, and a cable put back makes them again', async () => {
    const socat = await startSocat(pair);
    expect(linked(pair.balanceEnd) && linked(pair.stationEnd)).toBe(true);
    await kill(socat);
    expect([linked(pair.balanceEnd), linked(pair.stationEnd)]).toEqual([false, false]);
    // Asked to stop, socat ends on its own (exit code, no signal): it had time to unlink.
    expect(socat.signalCode).toBeNull();
    const again = await startSocat(pair);
    expect(existsSync(pair.stationEnd)).toBe(true);
    await killAll();
    expect(again.exitCode !== null || again.signalCode !== null).toBe(true);
    expect(linked(pair.stationEnd)).toBe(false);
  });
});
