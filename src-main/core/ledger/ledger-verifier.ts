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
import type { Checkpoint, LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { GENESIS_PREV_HASH } from '../../../src-shared/ledger/ledger-entry.ts';
import { entryPayloadSchemas } from '../../../src-shared/ledger/entry-types.ts';
import type { ErrorCode } from '../../../src-shared/errors.ts';
import type { SignatureMeaning } from '../../../src-shared/signature-meaning.ts';
import { entryHash } from './entry-hash.ts';
import { TreeHeadBuilder } from './merkle-tree.ts';
import { verifyCheckpointSignature } from './checkpoint.ts';
import { verifyCertificateChain } from '../pki/certificate-check.ts';
import { verifyRecordSignature } from '../signatures/record-signature.ts';

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
}

export interface VerifyFailure {
  seq: number | null;
  code: ErrorCode;
  reason: string;
}

export type VerifyResult = { ok: true; value: VerifySummary } | { ok: false; error: VerifyFailure };

interface KnownCert {
  kind: string;
  subjectId: string;
  certPem: string;
}

export function verifyLedger(input: VerifyInput): VerifyResult {
  const fail = (seq: number | null, code: ErrorCode, reason: string): VerifyResult => ({ ok: false, error: { seq, code, reason } });
  const checkpoints = [...input.checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  const hashes: string[] = [''];
  const certs = new Map<string, KnownCert>();
  const tree = new TreeHeadBuilder();
  let ca = input.trustAnchorPem;
  let stationId: string | null = null;
  let prevHash = GENESIS_PREV_HASH;
  let expected = 1;
  let signatures = 0;
  let nextCheckpoint = 0;

  for (const entry of input.entries) {
    const seq = entry.seq;
    if (seq !== expected) {
      return seq > expected
        ? fail(expected, 'SEQ_GAP', `entry ${expected} is missing (next present is ${seq}): entries were deleted`)
        : fail(seq, 'SEQ_GAP', `entry ${seq} appears after ${expected - 1}: entries are out of order or duplicated`);
    }
    if (entry.prevHash !== prevHash) return fail(seq, 'CHAIN_BROKEN', `prevHash does not match the hash of entry ${seq - 1}`);
    const recomputed = entryHash(entry);
    if (recomputed !== entry.hash) return fail(seq, 'HASH_MISMATCH', `stored hash ${entry.hash.slice(0, 12)}… but content hashes to ${recomputed.slice(0, 12)}…: the entry was changed`);
    const schema = entryPayloadSchemas[entry.type];
    if (!schema) return fail(seq, 'ENTRY_TYPE_UNKNOWN', `unknown entry type "${entry.type}"`);
    const parsed = schema.safeParse(entry.payload);
    if (!parsed.success) return fail(seq, 'ENTRY_PAYLOAD_INVALID', `payload of ${entry.type} is invalid: ${parsed.error.issues[0]?.message ?? ''}`);
    const p = entry.payload as Record<string, unknown>;

    if (seq === 1) {
      if (entry.type !== 'station.initialised') return fail(1, 'CHAIN_BROKEN', 'entry 1 must be station.initialised');
      stationId = entry.stationId;
      if (!ca) ca = p.caCertPem as string;
    } else if (entry.stationId !== stationId) {
      return fail(seq, 'CHAIN_BROKEN', `entry belongs to station ${entry.stationId}, ledger to ${stationId}`);
    }

    if (entry.type === 'certificate.issued') {
      const checked = verifyCertificateChain(p.certPem as string, ca!, new Date(entry.time));
      if (!checked.ok) return fail(seq, 'CERTIFICATE_INVALID', checked.error.message);
      if (checked.value.fingerprint !== p.fingerprint) return fail(seq, 'CERTIFICATE_INVALID', 'recorded fingerprint does not match the certificate');
      certs.set(p.fingerprint as string, { kind: p.kind as string, subjectId: p.subjectId as string, certPem: p.certPem as string });
    }

    if (entry.type === 'signature.applied') {
      const problem = checkSignature(entry, p, hashes, certs, ca!);
      if (problem) return fail(seq, problem.code, problem.reason);
      signatures++;
    }

    hashes.push(entry.hash);
    tree.append(Buffer.from(entry.hash, 'hex'));
    prevHash = entry.hash;
    expected++;

    while (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint]!.treeSize === tree.size) {
      const c = checkpoints[nextCheckpoint]!;
      const problem = checkCheckpoint(c, tree.root().toString('hex'), certs, stationId);
      if (problem) return fail(seq, 'CHECKPOINT_INVALID', problem);
      nextCheckpoint++;
    }
    if (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint]!.treeSize < tree.size) {
      return fail(null, 'CHECKPOINT_INVALID', `checkpoint at size ${checkpoints[nextCheckpoint]!.treeSize} was skipped`);
    }
  }
  if (nextCheckpoint < checkpoints.length) {
    const c = checkpoints[nextCheckpoint]!;
    return fail(expected, 'CHECKPOINT_INVALID', `checkpoint signed over ${c.treeSize} entries but the ledger has ${expected - 1}: entries were deleted from the end`);
  }
  return {
    ok: true,
    value: {
      entries: expected - 1,
      signatures,
      checkpoints: checkpoints.length,
      certificates: certs.size,
      headHash: expected > 1 ? prevHash : null,
      trustAnchor: input.trustAnchorPem ? 'pinned' : 'genesis',
    },
  };
}

function checkSignature(
  entry: LedgerEntry,
  p: Record<string, unknown>,
  hashes: string[],
  certs: Map<string, KnownCert>,
  ca: string,
): { code: ErrorCode; reason: string } | null {
  const targetSeq = p.targetSeq as number;
  if (targetSeq >= entry.seq || hashes[targetSeq] === undefined) {
    return { code: 'SIGNATURE_TARGET_MISMATCH', reason: `signature names entry ${targetSeq}, which does not precede it` };
  }
  if (hashes[targetSeq] !== p.targetHash) {
    return { code: 'SIGNATURE_TARGET_MISMATCH', reason: `signature is bound to a different record than entry ${targetSeq}` };
  }
  const cert = certs.get(p.certFingerprint as string);
  if (!cert || cert.kind !== 'user-signing') return { code: 'SIGNATURE_INVALID', reason: 'signature names a certificate never issued in this ledger' };
  if (cert.subjectId !== p.signerId || entry.actor !== p.signerId) {
    return { code: 'SIGNATURE_INVALID', reason: `certificate belongs to ${cert.subjectId}, signature claims ${String(p.signerId)}` };
  }
  const chain = verifyCertificateChain(cert.certPem, ca, new Date(p.signedAt as string));
  if (!chain.ok) return { code: 'CERTIFICATE_INVALID', reason: `signer certificate at signing time: ${chain.error.message}` };
  const valid = verifyRecordSignature(
    cert.certPem,
    {
      stationId: entry.stationId,
      targetSeq,
      targetHash: p.targetHash as string,
      meaning: p.meaning as SignatureMeaning,
      signerId: p.signerId as string,
      signedAt: p.signedAt as string,
    },
    p.signature as string,
  );
  return valid ? null : { code: 'SIGNATURE_INVALID', reason: 'signature does not verify with the signer certificate' };
}

function checkCheckpoint(c: Checkpoint, root: string, certs: Map<string, KnownCert>, stationId: string | null): string | null {
  if (c.stationId !== stationId) return `checkpoint ${c.treeSize} is for station ${c.stationId}`;
  if (c.rootHash !== root) return `signed tree head at ${c.treeSize} entries does not match the ledger: history was rewritten`;
  const cert = certs.get(c.certFingerprint);
  if (!cert || cert.kind !== 'station') return `checkpoint ${c.treeSize} is signed by an unknown station certificate`;
  return verifyCheckpointSignature(c, cert.certPem) ? null : `checkpoint ${c.treeSize} signature does not verify`;
}
