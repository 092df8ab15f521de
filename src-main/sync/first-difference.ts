/**
 * Where two histories of this station first differ: the station's ledger and what the hub
 * holds (issue 18 item 14: a fork is reported at the FIRST differing sequence number, not at
 * the hub's acknowledged head).
 *
 * Each entry's hash covers the previous entry's hash, so if the two agree at seq n they agree
 * at every seq below n: "equal at n" is true up to some seq and false after it. A search of
 * that boundary asks the hub for up to MAX_HASH_SEQS hashes per call, evenly spread over the
 * open interval, and narrows it 65-fold each time: four calls cover sixteen million entries.
 */
import { ok, type Result } from '../../src-shared/result.ts';
import { MAX_HASH_SEQS, type HashesResult } from '../../src-shared/sync/sync-protocol.ts';

export interface DifferenceSources {
  /** The station's own hash at seq (undefined when it has no such entry). */
  localHash(seq: number): string | undefined;
  hubHashes(seqs: number[]): Promise<Result<HashesResult>>;
}

/**
 * The first seq in 1..upTo where the station and the hub differ, or null when they agree on
 * all of them. A seq the hub does not hold counts as different.
 */
export async function findFirstDifference(src: DifferenceSources, upTo: number): Promise<Result<number | null>> {
  let lo = 0; // largest seq known equal (0: none)
  let hi = upTo + 1; // smallest seq known different (upTo + 1: none known)
  while (hi - lo > 1) {
    const span = hi - lo - 1; // seqs still open: lo+1 .. hi-1
    const probes =
      span <= MAX_HASH_SEQS
        ? Array.from({ length: span }, (_, i) => lo + 1 + i)
        : Array.from({ length: MAX_HASH_SEQS }, (_, i) => lo + Math.floor(((i + 1) * (span + 1)) / (MAX_HASH_SEQS + 1)));
    const answer = await src.hubHashes(probes);
    if (!answer.ok) return answer;
    const hub = new Map(answer.value.hashes.map((h) => [h.seq, h.hash]));
    for (const seq of probes) {
      const mine = src.localHash(seq);
      if (mine === undefined || hub.get(seq) !== mine) {
        hi = seq;
        break;
      }
      lo = seq;
    }
  }
  return ok(hi <= upTo ? hi : null);
}
