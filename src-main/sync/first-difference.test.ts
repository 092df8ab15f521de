import { describe, expect, it } from 'vitest';
import { ok } from '../../src-shared/result.ts';
import { findFirstDifference } from './first-difference.ts';

/** Two histories of `n` entries that agree below `firstDiff` (hashes stand in for the chain). */
function histories(n: number, firstDiff: number | null) {
  const calls: number[][] = [];
  const hub = (seq: number) => `h${seq}`;
  const local = (seq: number) => (seq > n ? undefined : firstDiff !== null && seq >= firstDiff ? `x${seq}` : `h${seq}`);
  return {
    calls,
    src: {
      localHash: local,
      hubHashes: async (seqs: number[]) => {
        calls.push(seqs);
        return ok({ ackSeq: n, hashes: seqs.filter((s) => s <= n).map((seq) => ({ seq, hash: hub(seq) })) });
      },
    },
  };
}

describe('findFirstDifference', () => {
  it('finds the first differing seq exactly, for every position in a short history', async () => {
    for (let d = 1; d <= 70; d++) {
      const h = histories(70, d);
      expect(await findFirstDifference(h.src, 70)).toEqual({ ok: true, value: d });
    }
    expect(await findFirstDifference(histories(70, null).src, 70)).toEqual({ ok: true, value: null });
  });

  it('needs a handful of calls of at most 64 seqs for a million entries', async () => {
    for (const d of [1, 2, 999_999, 1_000_000, 123_457]) {
      const h = histories(1_000_000, d);
      expect(await findFirstDifference(h.src, 1_000_000)).toEqual({ ok: true, value: d });
      expect(h.calls.length).toBeLessThanOrEqual(4);
      expect(Math.max(...h.calls.map((c) => c.length))).toBeLessThanOrEqual(64);
    }
  });
});
