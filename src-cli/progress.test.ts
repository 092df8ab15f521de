import { describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.ts';
import { counted, startProgress } from './progress.ts';

describe('progress of long work', () => {
  it('off a terminal prints plain lines on stderr at most every 2 s, with counts and time left, and one final line', () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
    let t = 0;
    const progress = startProgress(io, 'verify', 10_000, () => t);
    const seen = [...counted(Array.from({ length: 10_000 }, (_, i) => i), { update: (n) => ((t = n), progress.update(n)), stop: () => progress.stop() }, 500)];
    progress.stop();
    progress.stop();
    expect(seen).toHaveLength(10_000);
    expect(out).toEqual([]);
    expect(err).toEqual(['verify: 2000/10000 (20%), about 8 s left', 'verify: 4000/10000 (40%), about 6 s left', 'verify: 6000/10000 (60%), about 4 s left', 'verify: 8000/10000 (80%), about 2 s left', 'verify: 10000/10000 (100%)']);
  });
});
