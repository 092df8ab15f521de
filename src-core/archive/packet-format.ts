/**
 * The evidence packet (issue 15 item 2; A11-27, P11-07): one zip per batch that an inspector
 * verifies offline, years later, with neither the station database nor the hub. Layout of
 * format version 1 (files stored uncompressed, so a changed byte lands in one named file):
 *
 *   manifest.json              what the packet is: batch, source, the batch's entry index
 *                              (station, seq, hash, type), the batch-record hash, and the
 *                              SHA-256 and size of every other file
 *   seal.json                  the station's (or hub's) signature over the canonical manifest:
 *                              nobody can drop an entry and re-hash the manifest unnoticed
 *   record/record.json         the batch record (src-core/record/batch-record.ts)
 *   record/record.pdf          the same record as PDF, when a renderer is available (the slot
 *                              is named in the manifest as "pending" until then)
 *   ledger/entries.json        every ledger entry of the batch (count equals the database) and
 *                              the entries that prove them (genesis with the site CA, the
 *                              certificates, enrolment with the hub CA), each with its RFC 9162
 *                              Merkle inclusion proof against a signed checkpoint
 *   ledger/checkpoints.json    the station-signed tree heads those proofs lead to
 *   ledger/countersignatures.json  the hub's countersignatures of those tree heads
 *   certificates.json          every certificate used, the CA it chains to, and its revocation
 *                              status as known when the packet was written
 *   hub/signatures.json        (packets the hub writes) QA review, deviation closure and the QP's
 *                              decision signed at the hub, each with its certificate and status
 *   README.txt                 what this is and how to verify it, in English and Chinese
 *
 * Format versions are never changed once written: a new layout is a new version, and the
 * verifier keeps a reader for every version it ever wrote (test/fixtures/archive/).
 */
import { z } from 'zod';
import { CheckpointSchema, LedgerEntrySchema, Sha256Hex, UtcTime } from '../../src-shared/ledger/ledger-entry.ts';

export const PACKET_FORMAT = 'batchline.evidence-packet';
export const PACKET_SEAL_PURPOSE = 'batchline.evidence-packet.seal.v1';
/** Every format version this software ever wrote; the verifier reads each of them. */
export const PACKET_FORMAT_VERSIONS = [1] as const;
export const CURRENT_PACKET_FORMAT_VERSION = 1;

export const PACKET_FILES = {
  manifest: 'manifest.json',
  seal: 'seal.json',
  record: 'record/record.json',
  recordPdf: 'record/record.pdf',
  entries: 'ledger/entries.json',
  checkpoints: 'ledger/checkpoints.json',
  countersignatures: 'ledger/countersignatures.json',
  certificates: 'certificates.json',
  readme: 'README.txt',
  hubSignatures: 'hub/signatures.json',
} as const;

const Pem = z.string().includes('BEGIN CERTIFICATE');

export const ManifestSchemaV1 = z.object({
  format: z.literal(PACKET_FORMAT),
  formatVersion: z.literal(1),
  batchNumber: z.string().min(1),
  source: z.object({ kind: z.enum(['station', 'hub']), stationId: z.string().min(1), name: z.string().optional() }),
  createdAt: UtcTime,
  tzOffset: z.string(),
  softwareVersion: z.string(),
  /** SHA-256 over the batch number and the (station, seq, hash) of every entry of the batch. */
  batchRecordHash: Sha256Hex,
  /** The entries of the batch: [stationId, seq, hash, type]. */
  batchEntries: z.array(z.tuple([z.string(), z.number().int().positive(), Sha256Hex, z.string()])),
  files: z.array(z.object({ path: z.string().min(1), sha256: Sha256Hex, bytes: z.number().int().nonnegative() })),
  /** record/record.pdf: "included" when a renderer wrote it, "pending" while none is available. */
  pdf: z.object({ status: z.enum(['included', 'pending']), note: z.string() }),
});
export type PacketManifestV1 = z.infer<typeof ManifestSchemaV1>;

export const SealSchemaV1 = z.object({
  purpose: z.literal(PACKET_SEAL_PURPOSE),
  by: z.enum(['station', 'hub']),
  certFingerprint: Sha256Hex,
  certPem: Pem,
  algorithm: z.literal('RSASSA-PKCS1-v1_5-SHA256'),
  signature: z.string().min(1),
});
export type PacketSeal = z.infer<typeof SealSchemaV1>;

export const ProvenEntrySchemaV1 = z.object({
  entry: LedgerEntrySchema,
  /** Why it is in the packet: an entry of the batch, or one that proves them. */
  role: z.enum(['batch', 'genesis', 'certificate', 'enrolment', 'signature-target']),
  /** Tree size of the checkpoint the proof leads to; leaf index is seq - 1. */
  checkpointSize: z.number().int().positive(),
  proof: z.array(Sha256Hex),
});
export type ProvenEntry = z.infer<typeof ProvenEntrySchemaV1>;

export const CountersignatureSchemaV1 = z.object({
  stationId: z.string(),
  treeSize: z.number().int().positive(),
  rootHash: Sha256Hex,
  acceptedAt: UtcTime,
  hubCertPem: Pem,
  signature: z.string().min(1),
});
export type PacketCountersignature = z.infer<typeof CountersignatureSchemaV1>;

export const RevocationStatusSchema = z.object({
  status: z.enum(['good', 'revoked', 'unknown']),
  revokedAt: UtcTime.optional(),
  reason: z.string().optional(),
  /** Who said so: the hub's certificate register, or nobody (a station alone knows no revocations). */
  source: z.string(),
});
export type RevocationStatus = z.infer<typeof RevocationStatusSchema>;

export const CertificatesSchemaV1 = z.object({
  /** The CAs certificates chain to: the station's site CA (genesis) and the hub CA (enrolment). */
  authorities: z.array(z.object({ role: z.enum(['site-ca', 'hub-ca']), certPem: Pem, fingerprint: Sha256Hex })),
  certificates: z.array(
    z.object({
      fingerprint: Sha256Hex,
      kind: z.string(),
      subjectId: z.string(),
      certPem: Pem,
      /** The ledger entry (certificate.issued) that recorded it, in ledger/entries.json. */
      issuedBySeq: z.number().int().positive(),
      revocation: RevocationStatusSchema,
    }),
  ),
});
export type PacketCertificates = z.infer<typeof CertificatesSchemaV1>;

export const EntriesFileSchemaV1 = z.array(ProvenEntrySchemaV1);
export const CheckpointsFileSchemaV1 = z.array(CheckpointSchema);
export const CountersignaturesFileSchemaV1 = z.array(CountersignatureSchemaV1);

/** A signature made at the hub (QA review, deviation closure, QP decision), as the packet carries it. */
export const PacketHubSignatureSchemaV1 = z.object({
  fields: z.object({
    subjectKind: z.enum(['batch', 'deviation', 'deviation-record', 'change-record', 'iqc-record', 'recipe-version', 'equipment-logbook', 'report-template', 'approval-flow', 'room-limits']),
    batchNumber: z.string(),
    subjectKey: z.string(),
    subjectHash: Sha256Hex,
    meaning: z.string(),
    signerId: z.string(),
    username: z.string(),
    printedName: z.string(),
    signedAt: UtcTime,
    tzOffset: z.string(),
    comment: z.string().nullable(),
  }),
  certPem: Pem,
  signature: z.string().min(1),
  revocation: RevocationStatusSchema,
});
export type PacketHubSignature = z.infer<typeof PacketHubSignatureSchemaV1>;
export const HubSignaturesFileSchemaV1 = z.array(PacketHubSignatureSchemaV1);
