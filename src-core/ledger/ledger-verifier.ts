/**
 * Re-checks a whole ledger offline, trusting nothing in the database but the mathematics:
 * sequence, chain, each entry's hash, payload schemas, every certificate to the site CA,
 * every signature over its target's hash, and every station checkpoint (Merkle tree head).
 * Stops at the first bad entry and names it, with the reason (`batchline verify`).
 *
 * What each check catches (issue #2 tamper matrix): a changed byte -> HASH_MISMATCH; a
 * deleted entry -> SEQ_GAP (or CHECKPOINT_INVALID when the tail is cut); swapped entries ->
 * SEQ_GAP/HASH_MISMATCH; a forged or copied signature -> SIGNATURE_*; a history rewritten
 * with every hash recomputed -> CHECKPOINT_INVALID (the old signed tree heads no longer match).
 */
import type { Checkpoint, LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import type { ErrorCode } from '../../src-shared/errors.ts';
import { LedgerVerifierState, type VerifyFailure } from './ledger-verifier-state.ts';
import { TimeOrderCheck } from './ledger-verifier-time.ts';
import { checkpointCoverageProblem } from './ledger-verifier-checkpoints.ts';
import { createCertificateCache, inspectCertificate } from '../pki/certificate-check.ts';

export type { VerifyFailure } from './ledger-verifier-state.ts';

export interface VerifyInput {
  entries: Iterable<LedgerEntry>;
  checkpoints: readonly Checkpoint[];
  /** The site CA to trust. Without it, the CA named in the genesis entry is trusted. */
  trustAnchorPem?: string;
}

export interface VerifySummary {
  entries: number;
  signatures: number;
  checkpoints: number;
  certificates: number;
  headHash: string | null;
  trustAnchor: 'pinned' | 'genesis';
  /** From the genesis; ledgers older than the field are production. */
  mode: 'production' | 'training';
  /** The checkpoint interval the genesis promises, or null for a ledger older than the promise. */
  checkpointEvery: number | null;
}

export type VerifyResult = { ok: true; value: VerifySummary } | { ok: false; error: VerifyFailure };

/** The whole ledger in one pass; the checks themselves live in LedgerVerifierState. */
export function verifyLedger(input: VerifyInput): VerifyResult {
  const fail = (seq: number | null, code: ErrorCode, reason: string): VerifyResult => ({ ok: false, error: { seq, code, reason } });
  const checkpoints = [...input.checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  const state = LedgerVerifierState.fresh(input.trustAnchorPem ? { trustAnchorPem: input.trustAnchorPem } : {});
  const hashes: string[] = [''];
  const hashAt = (seq: number) => hashes[seq];
  let nextCheckpoint = 0;
  const timeOrder = new TimeOrderCheck();
  const signed: { seq: number; certFingerprint: string; signedAt: string; signerId: string }[] = [];
  let mode: VerifySummary['mode'] = 'production';
  let checkpointEvery: number | null = null;

  for (const entry of input.entries) {
    const problem = state.append(entry, hashAt);
    if (problem) return { ok: false, error: problem };
    hashes.push(entry.hash);
    timeOrder.add(entry);
    if (entry.type === 'signature.applied') {
      const p = entry.payload as Record<string, string>;
      signed.push({ seq: entry.seq, certFingerprint: p.certFingerprint!, signedAt: p.signedAt!, signerId: p.signerId! });
    }
    if (entry.seq === 1) {
      mode = entry.payload.mode === 'training' ? 'training' : 'production';
      checkpointEvery = typeof entry.payload.checkpointEvery === 'number' ? entry.payload.checkpointEvery : null;
    }
    // A production ledger holds no reading from a simulator (its genesis rules them out).
    if (mode === 'production' && simulatedReading(entry.payload)) {
      return fail(entry.seq, 'STATION_PRODUCTION_ONLY', `${entry.type} records a reading from a simulated balance in a production ledger`);
    }

    while (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint]!.treeSize === state.size) {
      const reason = state.checkpoint(checkpoints[nextCheckpoint]!);
      if (reason) return fail(entry.seq, 'CHECKPOINT_INVALID', reason);
      nextCheckpoint++;
    }
    if (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint]!.treeSize < state.size) {
      return fail(null, 'CHECKPOINT_INVALID', `checkpoint at size ${checkpoints[nextCheckpoint]!.treeSize} was skipped`);
    }
  }
  if (nextCheckpoint < checkpoints.length) {
    const c = checkpoints[nextCheckpoint]!;
    return fail(state.size + 1, 'CHECKPOINT_INVALID', `checkpoint signed over ${c.treeSize} entries but the ledger has ${state.size}: entries were deleted from the end`);
  }
  if (checkpointEvery !== null) {
    const gap = checkpointCoverageProblem(state.size, checkpoints.map((c) => c.treeSize), checkpointEvery);
    if (gap) return fail(gap.seq, 'CHECKPOINT_MISSING', gap.reason);
  }
  if (timeOrder.regressions.length > 0) {
    return { ok: false, error: { seq: timeOrder.regressions[0]!.seq, code: 'LEDGER_TIME_BACKWARDS', reason: timeOrder.describe(), entries: timeOrder.regressions.map((r) => r.seq) } };
  }
  // A signature made with a certificate the CA had revoked before it (issue 10 item 7), known
  // from any revocation list the ledger recorded, even one that arrived after the signature
  // (an offline station): reported naming every such entry. Signatures made before the
  // revocation stay valid.
  const revoked = revokedSignatures(state, signed);
  if (revoked.length > 0) {
    const reason = revoked.map((r) => `entry ${r.seq}: signature by ${r.signerId} at ${r.signedAt}, certificate revoked at ${r.revokedAt}`).join('; ');
    return { ok: false, error: { seq: revoked[0]!.seq, code: 'SIGNER_CERTIFICATE_REVOKED', reason: `signature(s) made after the signer's certificate was revoked: ${reason}`, entries: revoked.map((r) => r.seq) } };
  }
  return {
    ok: true,
    value: {
      entries: state.size,
      signatures: state.signatures,
      checkpoints: checkpoints.length,
      certificates: state.certificateCount,
      headHash: state.size > 0 ? state.headHash : null,
      trustAnchor: input.trustAnchorPem ? 'pinned' : 'genesis',
      mode,
      checkpointEvery,
    },
  };
}

function revokedSignatures(state: LedgerVerifierState, signed: { seq: number; certFingerprint: string; signedAt: string; signerId: string }[]): { seq: number; signerId: string; signedAt: string; revokedAt: string }[] {
  const cache = createCertificateCache();
  const out: { seq: number; signerId: string; signedAt: string; revokedAt: string }[] = [];
  for (const s of signed) {
    const cert = state.knownCert(s.certFingerprint);
    const info = cert ? inspectCertificate(cert.certPem, cache) : null;
    const revokedAt = info?.ok ? state.revokedAt(info.value.serialNumber) : undefined;
    if (revokedAt !== undefined && Date.parse(revokedAt) <= Date.parse(s.signedAt)) out.push({ seq: s.seq, signerId: s.signerId, signedAt: s.signedAt, revokedAt });
  }
  return out;
}

function simulatedReading(payload: Record<string, unknown>): boolean {
  for (const key of ['reading', 'tareReading']) {
    const r = payload[key] as { device?: { simulated?: unknown } } | null | undefined;
    if (r?.device?.simulated === true) return true;
  }
  return false;
}
