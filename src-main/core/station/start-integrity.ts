/**
 * What the station checks before any GMP work (COMPLIANCE.md A11-12, DI-10, attack 2; issue 10
 * item 4): its schema (tables, indexes, triggers: the caller passes the differences), its chain
 * from the last signed checkpoint to the head, and checkpoints at the interval the genesis
 * promises. Any problem keeps the station up for an admin (log in, verify, export the audit
 * trail) but refuses GMP entries with STATION_INTEGRITY_FAILED and the reasons.
 *
 * Cost: the tree over the stored hashes up to the last checkpoint, and a full re-hash only of
 * the entries after it (fewer than the checkpoint interval), so a start stays fast on a ledger
 * of years. `batchline verify` is the full check.
 */
import { GENESIS_PREV_HASH } from '../../../src-shared/ledger/ledger-entry.ts';
import type { LedgerReader } from '../../../src-core/ledger/ledger-ports.ts';
import { entryHash } from '../../../src-core/ledger/entry-hash.ts';
import { TreeHeadBuilder } from '../../../src-core/ledger/merkle-tree.ts';
import { checkpointCoverageProblem } from '../../../src-core/ledger/ledger-verifier-checkpoints.ts';

export interface IntegrityReport {
  ok: boolean;
  problems: string[];
}

export function checkStartIntegrity(ledger: LedgerReader, schemaProblems: readonly string[], checkpointEvery: number | null): IntegrityReport {
  const problems = schemaProblems.map((p) => `schema: ${p}`);
  const checkpoints = ledger.checkpoints();
  const last = checkpoints.at(-1);
  const count = ledger.count();
  if (last && last.treeSize > count) problems.push(`chain: the last checkpoint covers ${last.treeSize} entries but the ledger holds ${count}: entries were cut from the end`);
  const tree = new TreeHeadBuilder();
  let prevHash = GENESIS_PREV_HASH;
  let expectedSeq = 1;
  for (const entry of ledger.iterate()) {
    if (entry.seq !== expectedSeq) {
      problems.push(`chain: entry ${expectedSeq} is missing`);
      break;
    }
    const afterCheckpoint = !last || entry.seq > last.treeSize;
    if (afterCheckpoint && (entry.prevHash !== prevHash || entryHash(entry) !== entry.hash)) {
      problems.push(`chain: entry ${entry.seq} does not hash or chain to the entry before it`);
      break;
    }
    tree.append(Buffer.from(entry.hash, 'hex'));
    if (last && tree.size === last.treeSize && tree.root().toString('hex') !== last.rootHash) {
      problems.push(`chain: the entries up to ${last.treeSize} no longer match the signed checkpoint over them`);
      break;
    }
    prevHash = entry.hash;
    expectedSeq++;
  }
  if (checkpointEvery !== null) {
    const gap = checkpointCoverageProblem(count, checkpoints.map((c) => c.treeSize), checkpointEvery);
    if (gap) problems.push(`checkpoints: ${gap.reason}`);
  }
  return { ok: problems.length === 0, problems };
}
