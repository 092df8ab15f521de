/**
 * Signed checkpoints at the interval the ledger promises (its genesis records `checkpointEvery`):
 * the station writes one exactly every N entries, so no run of more than N entries may lack one,
 * before a checkpoint or at the end. Without this rule a ledger whose checkpoints were deleted
 * (or never written) verifies, and the unsynced tail after the last hub receipt can be cut or
 * rewritten without trace (issue 10: "87 entries with no checkpoint").
 *
 * What it cannot do alone: a tail cut back to just after a checkpoint still looks whole; only
 * the hub's acknowledged head shows that (COMPLIANCE.md P11-02 (5)).
 */
export interface CoverageProblem {
  /** First entry not covered in time. */
  seq: number;
  reason: string;
}

export function checkpointCoverageProblem(size: number, checkpointSizes: readonly number[], every: number): CoverageProblem | null {
  let covered = 0;
  for (const at of [...checkpointSizes].sort((a, b) => a - b)) {
    if (at - covered > every) return { seq: covered + every + 1, reason: `no signed checkpoint between entries ${covered + 1} and ${at}: the ledger promises one every ${every} entries` };
    covered = at;
  }
  if (size - covered >= every) {
    return {
      seq: covered + every + 1,
      reason: `${size - covered} entries after ${covered === 0 ? 'the genesis' : `the checkpoint at ${covered}`} without a signed checkpoint (one is due every ${every}): checkpoints were removed or never written`,
    };
  }
  return null;
}
