/**
 * Sync up, station side: ask the hub where it stands, then push pages of entries after its
 * acknowledged seq until the hub holds the station's head. Each page starts with the entry AT
 * the acknowledged seq (an anchor the hub compares with what it holds: a difference is a fork,
 * caught before anything new is looked at) and carries the station checkpoints it completes.
 *
 * Nothing here keeps progress between calls: after any cut the next call asks the hub again
 * and resumes from its acknowledgement, so a page whose answer was lost is simply offered
 * again and answered with the same acknowledgement (idempotent on (station, seq, hash)).
 * Countersignatures the hub returns are verified and recorded (`sync.countersigned`).
 */
import type { KeyObject } from 'node:crypto';
import { err, InvariantViolation, ok, type Result } from '../../src-shared/result.ts';
import type { Countersignature, SyncState } from '../../src-shared/sync/sync-protocol.ts';
import type { Ledger } from '../../src-core/ledger/ledger-ports.ts';
import { verifyCountersignature } from '../../src-core/sync/countersignature.ts';
import { hubPublicKey, type HubClient } from './hub-client.ts';
import { findFirstDifference, type DifferenceSources } from './first-difference.ts';

export interface PushProgress {
  hubAckSeq: number;
  localHeadSeq: number;
  pushed: number;
}

export interface PushOutcome extends PushProgress {
  /** The hash the hub acknowledged at hubAckSeq (null at 0), from its last signed answer. */
  hubAckHash: string | null;
  countersignedSize: number;
  /** The hub held less than it had acknowledged; recorded (sync.hub_behind) and sent again. */
  hubBehind: { hubAckSeq: number; acknowledgedSeq: number; recordedSeq: number | null } | null;
}

export interface PushOptions {
  pageSize: number;
  hubCertPem: string;
  /** Largest tree size already countersigned in the station's ledger. */
  countersignedSize: number;
  /**
   * The largest seq the hub acknowledged to this process before (the sync service's memory).
   * With the countersigned size it is what the station knows the hub held: a hub that now
   * answers with less was restored from an older backup.
   */
  knownAckSeq?: number;
  onProgress?: (p: PushProgress) => void;
  /**
   * Where the hub stood at the end of an earlier push in the same round (its signed answer):
   * the push starts from there without asking the hub's state again. Anything that moved the
   * hub since is still caught: a page overlapping what the hub holds is compared entry by entry
   * and answered with the hub's real acknowledgement.
   */
  hubState?: { ackSeq: number; ackHash: string | null };
  /**
   * Runs a read in one database snapshot, so a page's entries, head and checkpoints agree even
   * while another process (the station app, this CLI) appends.
   */
  readSnapshot?: <T>(read: () => T) => T;
}

export async function pushLedger(ledger: Ledger, client: HubClient, options: PushOptions): Promise<Result<PushOutcome>> {
  const state: Result<Pick<SyncState, 'ackSeq' | 'ackHash' | 'countersignature'>> = options.hubState ? ok({ ...options.hubState, countersignature: null }) : await client.state();
  if (!state.ok) return state;
  let ack = state.value.ackSeq;
  let ackHash = state.value.ackHash;
  let pushed = 0;
  let countersigned = options.countersignedSize;
  const record = (cs: Countersignature | null): Result<void> => {
    if (!cs || cs.treeSize <= countersigned) return ok(undefined);
    const recorded = recordCountersignature(ledger, cs, hubPublicKey(options.hubCertPem));
    if (recorded.ok) countersigned = cs.treeSize;
    return recorded;
  };
  const snapshot = options.readSnapshot ?? (<T>(read: () => T) => read());
  const localHead = ledger.head()?.seq ?? 0;
  const differences = { localHash: (seq: number) => ledger.bySeq(seq)?.hash, hubHashes: (seqs: number[]) => client.hashes(seqs) };
  if (ack > localHead) {
    const located = await findFirstDifference(differences, localHead);
    if (!located.ok) return located;
    return restoredFromOlderCopy(ack, localHead, located.value ?? localHead + 1);
  }
  if (ack > 0 && (state.value.ackHash === null || !ledger.holds({ seq: ack, hash: state.value.ackHash }))) return reportFork(ledger, client, differences, ack, options.pageSize);
  const hubBehind = noteHubBehind(ledger, client.hubUrl, state.value.ackSeq, state.value.ackHash, options);
  if (!hubBehind.ok) return hubBehind;
  const first = record(state.value.countersignature);
  if (!first.ok) return first;
  for (;;) {
    const page = snapshot(() => {
      const head = ledger.head()?.seq ?? 0;
      if (ack >= head) return { head, body: null };
      const to = Math.min(head, ack + options.pageSize);
      const atHead = to === head;
      // The entries as JSON from the stored rows (each payload's stored text as it is): the
      // body is the PushBody iterate() would give, without parsing each payload to serialise it again.
      const entries = ledger.entriesJson(Math.max(1, ack), to);
      return { head, body: { entries, checkpoints: ledger.checkpoints(ack, atHead ? Number.MAX_SAFE_INTEGER : to), atHead } };
    });
    const head = page.head;
    options.onProgress?.({ hubAckSeq: ack, localHeadSeq: head, pushed });
    if (ack > head) return restoredFromOlderCopy(ack, head, null);
    if (!page.body) return ok({ hubAckSeq: ack, hubAckHash: ackHash, localHeadSeq: head, pushed, countersignedSize: countersigned, hubBehind: hubBehind.value });
    const body = page.body;
    if (body.entries.lastSeq === null) throw new InvariantViolation(`entries after ${ack} up to the head ${head} are missing from the ledger`);
    const to = body.entries.lastSeq;
    const res = await client.pushJson({ entriesJson: body.entries.json, checkpoints: body.checkpoints, atHead: body.atHead });
    if (!res.ok) return res;
    if (res.value.ackSeq < to) {
      return err('HUB_RESPONSE_INVALID', `the hub acknowledged ${res.value.ackSeq} after a page up to ${to}`);
    }
    pushed += res.value.accepted;
    ack = res.value.ackSeq;
    ackHash = res.value.ackHash;
    const cs = record(res.value.countersignature);
    if (!cs.ok) return cs;
  }
}

/**
 * The hub holds more of this station's ledger than the station: its database was replaced by an
 * older copy (COMPLIANCE.md §6 attack 6/7). Nothing is pushed; IT must restore the history the
 * hub holds (which it can verify) before the station records anything more.
 */
function restoredFromOlderCopy(ack: number, head: number, firstDifferingSeq: number | null): Result<never> {
  const where = firstDifferingSeq === null ? '' : firstDifferingSeq > head ? `; it lacks entries from ${firstDifferingSeq} on` : `; the histories first differ at entry ${firstDifferingSeq}`;
  return err('STATION_FORKED', `the hub holds ${ack} entries of this station, the station only ${head}: its database was restored from an older copy${where}`, {
    hubAckSeq: ack,
    localHeadSeq: head,
    ...(firstDifferingSeq === null ? {} : { seq: firstDifferingSeq }),
  });
}

/**
 * Our entry at the hub's acknowledged seq is not the one the hub holds: the histories forked
 * somewhere at or before it. The first differing seq is found (first-difference.ts) and the
 * page sent from THERE, so the hub records and quarantines the fork at the entry where the
 * histories part, with that entry, not at its acknowledged head (issue 18 item 14).
 */
async function reportFork(ledger: Ledger, client: HubClient, differences: DifferenceSources, ack: number, pageSize: number): Promise<Result<never>> {
  const located = await findFirstDifference(differences, ack);
  if (!located.ok) return located;
  const from = located.value ?? ack;
  const entries = [...ledger.iterate(from, Math.min(ack, from + pageSize - 1))];
  const res = await client.push({ entries, checkpoints: [], atHead: false });
  if (!res.ok) return res;
  return err('HUB_RESPONSE_INVALID', `the hub accepted entries ${from}… that differ from the ones it acknowledged`, { seq: from });
}

/**
 * The hub answers with less than it once acknowledged: it was restored from an older backup
 * (issue 18 item 15; COMPLIANCE.md A11-13). The station says so in its own record, once per
 * event, and the push that follows sends the missing history again.
 */
function noteHubBehind(ledger: Ledger, hubUrl: string, hubAckSeq: number, hubAckHash: string | null, options: PushOptions): Result<PushOutcome['hubBehind']> {
  const acknowledgedSeq = Math.max(options.knownAckSeq ?? 0, options.countersignedSize);
  if (hubAckSeq >= acknowledgedSeq) return ok(null);
  const last = ledger.query({ types: ['sync.hub_behind'], limit: Number.MAX_SAFE_INTEGER }).at(-1)?.payload as { hubAckSeq?: number; acknowledgedSeq?: number } | undefined;
  if (last && last.hubAckSeq === hubAckSeq && last.acknowledgedSeq === acknowledgedSeq) return ok({ hubAckSeq, acknowledgedSeq, recordedSeq: null });
  const appended = ledger.append([
    { type: 'sync.hub_behind', actor: null, payload: { hubUrl, hubAckSeq, hubAckHash, acknowledgedSeq, countersignedSize: options.countersignedSize } },
  ]);
  if (!appended.ok) return appended;
  return ok({ hubAckSeq, acknowledgedSeq, recordedSeq: appended.value[0]!.seq });
}


/**
 * Records the hub's countersignature of one of our checkpoints, after checking it is the
 * hub's signature and over a tree head this station actually signed.
 */
export function recordCountersignature(ledger: Ledger, cs: Countersignature, hubCert: KeyObject | string): Result<void> {
  const ours = ledger.checkpoints(cs.treeSize, cs.treeSize)[0];
  if (!ours || ours.rootHash !== cs.rootHash) {
    return err('HUB_RESPONSE_INVALID', `the hub countersigned a tree head of ${cs.treeSize} entries this station never signed`);
  }
  if (!verifyCountersignature(hubCert, cs, cs.signature)) return err('HUB_RESPONSE_INVALID', 'the countersignature does not verify with the hub certificate');
  const appended = ledger.append([
    { type: 'sync.countersigned', actor: null, payload: { treeSize: cs.treeSize, rootHash: cs.rootHash, acceptedAt: cs.acceptedAt, hubCertFingerprint: cs.hubCertFingerprint, signature: cs.signature } },
  ]);
  return appended.ok ? ok(undefined) : appended;
}
