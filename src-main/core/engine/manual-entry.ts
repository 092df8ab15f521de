/**
 * Direct capture first (DI-16, MHRA GXP DI 6.7): a container id is scanned. When its label
 * cannot be read, the operator may type it, with a reason, and a supervisor verifies it with
 * their own user name and password in the same action: the scan entry records the manual
 * entry and the reason, and is signed "verified" by the supervisor. Until that signature is
 * on it, the typed container is not used (evolve-order.ts), and review by exception lists it
 * at the hub (batch-exceptions.ts, kind `manual-entry`).
 */
import type { NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import { append, type Decision } from './decision.ts';

type ScanCmd = Extract<EngineCommand, { type: 'scan-container' }>;

export function withManualEntry(cmd: ScanCmd, scanned: NewEntry): Decision {
  if (!cmd.manualEntry) return append(scanned);
  const recorded: NewEntry = { ...scanned, payload: { ...scanned.payload, manualEntry: { reason: cmd.manualEntry.reason.trim() } } };
  return { ...append(recorded), sign: { targetSeq: 'first-appended', meaning: 'verified', username: cmd.manualEntry.username } };
}
