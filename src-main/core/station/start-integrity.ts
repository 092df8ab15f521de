/**
 * What the station checks before any GMP work (COMPLIANCE.md A11-12, DI-10, attack 2; issue 10
 * item 4): its schema (tables, indexes, triggers: the caller passes the differences), its chain
 * from the last signed checkpoint to the head, and checkpoints at the interval the genesis
 * promises. Any problem keeps the station up for an admin (log in, verify, export the audit
 * trail) but refuses GMP entries with STATION_INTEGRITY_FAILED and the reasons.
 *
 * Cost: the entries under the last checkpoint are bound to its signed root through the Merkle
 * state saved with it (O(log n), LedgerStore.coverageOnOpen); only the entries after it (fewer
 * than the checkpoint interval) are read and re-hashed, so a start stays fast on a ledger of
 * years. `batchline verify` is the full check (every entry re-hashed).
 */
import { GENESIS_PREV_HASH } from '../../../src-shared/ledger/ledger-entry.ts';
import type { LedgerReader } from '../../../src-core/ledger/ledger-ports.ts';
import { entryHash } from '../../../src-core/ledger/entry-hash.ts';
import { checkpointCoverageProblem } from '../../../src-core/ledger/ledger-verifier-checkpoints.ts';

export interface IntegrityReport {
  ok: boolean;
  problems: string[];
}

/**
 * `coverage`: what the ledger store found at opening about the entries under the last
 * checkpoint (LedgerStore.coverageOnOpen): the root they still give, checked against the
 * signed one through the saved Merkle state in O(log n), and a saved state that does not match.
 */
export function checkStartIntegrity(ledger: LedgerReader, coverage: { root: string | null; problem: string | null }, schemaProblems: readonly string[], checkpointEvery: number | null): IntegrityReport {
  const problems = schemaProblems.map((p) => `schema: ${p}`);
  const checkpoints = ledger.checkpoints();
  const last = checkpoints.at(-1);
  const count = ledger.count();
  const head = ledger.head();
  if (head && head.seq !== count) problems.push(`chain: the head is entry ${head.seq} but the ledger holds ${count} entries: entries are missing`);
  if (last && last.treeSize > count) problems.push(`chain: the last checkpoint covers ${last.treeSize} entries but the ledger holds ${count}: entries were cut from the end`);
  else if (last && coverage.problem !== null) problems.push(`chain: ${coverage.problem}`);
  else if (last && coverage.root !== last.rootHash) problems.push(`chain: the entries up to ${last.treeSize} no longer match the signed checkpoint over them`);
  // After it (fewer than the interval): every entry re-hashed and chained to the one before.
  if (problems.length === 0) {
    let expectedSeq = (last?.treeSize ?? 0) + 1;
    let prevHash = last ? ledger.bySeq(last.treeSize)?.hash ?? '' : GENESIS_PREV_HASH;
    for (const entry of ledger.iterate(expectedSeq)) {
      if (entry.seq !== expectedSeq || entry.prevHash !== prevHash || entryHash(entry) !== entry.hash) {
        problems.push(`chain: entry ${expectedSeq} does not hash or chain to the entry before it`);
        break;
      }
      prevHash = entry.hash;
      expectedSeq++;
    }
  }
  if (checkpointEvery !== null) {
    const gap = checkpointCoverageProblem(count, checkpoints.map((c) => c.treeSize), checkpointEvery);
    if (gap) problems.push(`checkpoints: ${gap.reason}`);
  }
  return { ok: problems.length === 0, problems };
}
