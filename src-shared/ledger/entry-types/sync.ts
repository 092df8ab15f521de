/**
 * Enrolment at the hub and the hub's receipts, as the station records them (ARCHITECTURE.md,
 * "Sync"). Enrolment changes whom the station trusts, so it is part of the record: the
 * verifier trusts the hub CA for certificates that follow `sync.enrolled`, and an auditor can
 * see when the station joined which hub and on whose request.
 */
import { z } from 'zod';
import { Sha256Hex, UtcTime } from '../ledger-entry.ts';

const pem = z.string().includes('BEGIN CERTIFICATE');

export const syncEntryTypes = {
  /** The station made a new key pair and asked the hub for a certificate (CSR). */
  'sync.enrolment_requested': z.object({
    requestId: z.string().min(1).max(100),
    hubUrl: z.string().min(1).max(500),
    /** SHA-256 of the requested key's SPKI DER: which key the certificate must certify. */
    publicKeyFingerprint: Sha256Hex,
    /** The hub CA the station saw when it asked (trust on first use, shown to IT to compare). */
    hubCaFingerprint: Sha256Hex,
  }),
  /**
   * The hub approved: from here on the station signs with the hub-issued certificate (recorded
   * as the `certificate.issued` entry right after this one) and trusts the hub CA.
   */
  'sync.enrolled': z.object({
    requestId: z.string().min(1).max(100),
    hubUrl: z.string().min(1).max(500),
    hubCaCertPem: pem,
    /** The certificate of the key that countersigns checkpoints and signs hub responses. */
    hubCertPem: pem,
    stationCertFingerprint: Sha256Hex,
  }),
  /**
   * The hub answered that it holds fewer of this station's entries than it had acknowledged
   * before (it was restored from an older backup; COMPLIANCE.md A11-13). The station records
   * what it knew and what the hub said, then sends the missing history again.
   */
  'sync.hub_behind': z.object({
    hubUrl: z.string().min(1).max(500),
    /** What the hub says it holds now. */
    hubAckSeq: z.number().int().nonnegative(),
    hubAckHash: Sha256Hex.nullable(),
    /** The most the station knows the hub acknowledged (this process, or a countersignature). */
    acknowledgedSeq: z.number().int().positive(),
    /** The largest tree head the hub countersigned, from this ledger: the hub's own proof. */
    countersignedSize: z.number().int().nonnegative(),
  }),
  /**
   * The hub verified and stored entries 1..treeSize and countersigned the station's signed
   * tree head: history up to here cannot be rewritten, even with the station's own key.
   */
  'sync.countersigned': z.object({
    treeSize: z.number().int().positive(),
    rootHash: Sha256Hex,
    acceptedAt: UtcTime,
    hubCertFingerprint: Sha256Hex,
    signature: z.string().min(1),
  }),
};
