/**
 * The hub's HTTP API as zod schemas, shared by the hub (which validates requests and serves
 * them as its OpenAPI document) and the station's sync client (which validates every answer
 * before believing it). Paths are versioned (/api/v1); a breaking change is a new version.
 */
import { z } from 'zod';
import { queryInteger } from '../api/query-number.ts';
import { CheckpointSchema, LedgerEntrySchema, Sha256Hex, UtcTime } from '../ledger/ledger-entry.ts';
import { MasterDataChangeSchema } from '../master-data/master-data-change.ts';
import { IsoDate } from '../master-data/common.ts';
import { QUALITY_ROLES } from '../quality/quality-roles.ts';

export const API_PREFIX = '/api/v1';

/** Upper bound of a push page: keeps one intake transaction short on the hub. */
export const MAX_PUSH_ENTRIES = 1000;
export const MAX_PULL_CHANGES = 1000;

const Pem = z.string().includes('BEGIN');
const StationIdSchema = z.string().regex(/^[A-Za-z0-9 '()+,\-./:=?]{1,64}$/, 'a station id (PrintableString, at most 64)');

export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

// ---- enrolment ------------------------------------------------------------------------------

export const EnrolmentRequestBodySchema = z.object({
  stationId: StationIdSchema,
  stationName: z.string().min(1).max(100),
  site: z.string().min(1).max(100),
  csrPem: Pem,
  /** The station's entry 1: the history it will push starts here. */
  genesis: LedgerEntrySchema,
  /**
   * One-time code IT issued at the hub (issue 10 item 6). Optional in the schema only so that
   * a station without one gets the typed refusal ENROLMENT_CODE_INVALID, not INPUT_INVALID.
   */
  enrolmentCode: z.string().min(1).max(100).optional(),
});
export type EnrolmentRequestBody = z.infer<typeof EnrolmentRequestBodySchema>;

export const EnrolmentStatusSchema = z.object({
  requestId: z.string(),
  stationId: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  reason: z.string().nullable(),
  /** The hub CA (for the station to pin) and its fingerprint (for IT to compare). */
  caCertPem: Pem,
  caFingerprint: Sha256Hex,
  /** Present once approved. */
  certPem: Pem.nullable(),
  hubCertPem: Pem.nullable(),
});
export type EnrolmentStatus = z.infer<typeof EnrolmentStatusSchema>;

export const EnrolmentSummarySchema = z.object({
  requestId: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  site: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  requestedAt: z.string(),
  genesisHash: Sha256Hex,
  genesisCaFingerprint: Sha256Hex,
  publicKeyFingerprint: Sha256Hex,
  decidedBy: z.string().nullable(),
  reason: z.string().nullable(),
});
export type EnrolmentSummary = z.infer<typeof EnrolmentSummarySchema>;

export const DecisionBodySchema = z.object({ reason: z.string().trim().min(3).max(500) });
export const ApproveBodySchema = z.object({ reason: z.string().trim().max(500).optional() });

// ---- sync up --------------------------------------------------------------------------------

export const CountersignatureSchema = z.object({
  stationId: z.string(),
  treeSize: z.number().int().positive(),
  rootHash: Sha256Hex,
  acceptedAt: UtcTime,
  hubCertFingerprint: Sha256Hex,
  signature: z.string().min(1),
});
export type Countersignature = z.infer<typeof CountersignatureSchema>;

export const SyncStateSchema = z.object({
  stationId: z.string(),
  status: z.enum(['active', 'revoked', 'quarantined']),
  ackSeq: z.number().int().nonnegative(),
  ackHash: Sha256Hex.nullable(),
  countersignature: CountersignatureSchema.nullable(),
  hubTime: UtcTime,
});
export type SyncState = z.infer<typeof SyncStateSchema>;

/**
 * The hub CA's revocation list of user-signing certificates (PEM "X509 CRL"), issue 10 item 7.
 * The station believes it only after checking its signature against the CA pinned at enrolment.
 */
export const RevocationListBodySchema = z.object({ crlPem: z.string().min(1).max(4_000_000) });
export type RevocationListBody = z.infer<typeof RevocationListBodySchema>;

/** A station asks the hub CA to certify a signer's key its local CA certified (by that certificate's fingerprint). */
export const CertifySignerBodySchema = z.object({ certFingerprint: Sha256Hex });
export type CertifySignerBody = z.infer<typeof CertifySignerBodySchema>;
export const CertifiedSignerSchema = z.object({ certPem: z.string().includes('BEGIN CERTIFICATE').max(100_000) });
export type CertifiedSigner = z.infer<typeof CertifiedSignerSchema>;

/**
 * All of a station's new signers in one signed request (FR-120): the hub checks each exactly
 * as one by one (/sync/signer-certificates) and answers for each, a certificate or that signer's refusal
 * (the same codes). A hub without the route answers 404 and the station asks one by one.
 */
export const MAX_CERTIFY_SIGNERS = 100;
/** The one rule for a signer asked twice in one request: refused as a whole (INPUT_INVALID), by the route's schema and by certifyStationSigners alike. */
export const EACH_FINGERPRINT_ONCE = 'each certificate fingerprint once';
export const eachFingerprintOnce = (fps: readonly string[]): boolean => new Set(fps).size === fps.length;
export const CertifySignersBodySchema = z.object({
  certFingerprints: z.array(Sha256Hex).min(1).max(MAX_CERTIFY_SIGNERS).refine(eachFingerprintOnce, EACH_FINGERPRINT_ONCE),
});
export type CertifySignersBody = z.infer<typeof CertifySignersBodySchema>;
export const CertifiedSignersSchema = z.object({
  signers: z
    .array(
      z.union([
        z.object({ certFingerprint: Sha256Hex, certPem: CertifiedSignerSchema.shape.certPem }),
        z.object({ certFingerprint: Sha256Hex, error: z.object({ code: z.string().max(100), message: z.string().max(2000) }) }),
      ]),
    )
    .max(MAX_CERTIFY_SIGNERS),
});
export type CertifiedSigners = z.infer<typeof CertifiedSignersSchema>;

/** The hub's hashes of some of the calling station's entries (at most its acknowledged seq). */
export const MAX_HASH_SEQS = 64;
export const HashesQuerySchema = z.object({
  seqs: z
    .string()
    .regex(/^\d{1,15}(,\d{1,15}){0,63}$/, 'seqs is a comma-separated list of up to 64 sequence numbers')
    .transform((s) => s.split(',').map(Number)),
});
export const HashesResultSchema = z.object({
  ackSeq: z.number().int().nonnegative(),
  hashes: z.array(z.object({ seq: z.number().int().positive(), hash: Sha256Hex })),
});
export type HashesResult = z.infer<typeof HashesResultSchema>;

export const PushBodySchema = z.object({
  /** Contiguous, ascending; may start at or before the hub's acknowledged seq (overlap is checked, not stored twice). */
  entries: z.array(LedgerEntrySchema).min(1).max(MAX_PUSH_ENTRIES),
  /** The station's checkpoints over sizes covered by this page (and one at the acknowledged size). */
  checkpoints: z.array(CheckpointSchema).max(MAX_PUSH_ENTRIES),
  /** True when the page ends at the station's head: no checkpoint may then lie beyond it. */
  atHead: z.boolean(),
});
export type PushBody = z.infer<typeof PushBodySchema>;

export const PushResultSchema = z.object({
  ackSeq: z.number().int().nonnegative(),
  ackHash: Sha256Hex.nullable(),
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  countersignature: CountersignatureSchema.nullable(),
});
export type PushResult = z.infer<typeof PushResultSchema>;

// ---- master data down -----------------------------------------------------------------------

export const FeedChangeSchema = MasterDataChangeSchema.extend({ cursor: z.string() });

export const MasterDataFeedSchema = z.object({
  changes: z.array(FeedChangeSchema),
  /** Resume point: pass as `after` next time (unchanged when there was nothing new). */
  cursor: z.string().nullable(),
  more: z.boolean(),
  servedAt: UtcTime,
});
export type MasterDataFeed = z.infer<typeof MasterDataFeedSchema>;

/** Objects asked for again by key (a station re-requesting recipes it refused before an upgrade; issue 14). */
export const MasterDataObjectsQuerySchema = z.object({ kind: z.enum(['recipe']), keys: z.string().min(1).max(4000) });

export const FeedQuerySchema = z.object({
  after: z.string().regex(/^\d{1,18}$/).optional(),
  limit: queryInteger(1, MAX_PULL_CHANGES).optional(),
});

export const MasterDataPutBodySchema = z.object({
  data: z.record(z.string(), z.unknown()),
  /** Optimistic concurrency: refuse if the object moved on since it was read. */
  expectedVersion: z.number().int().nonnegative().optional(),
  reason: z.string().trim().min(3).max(500),
});

export const MasterDataDeleteBodySchema = z.object({
  expectedVersion: z.number().int().nonnegative().optional(),
  reason: z.string().trim().min(3).max(500),
});

export const MasterDataObjectSchema = z.object({
  kind: z.string(),
  key: z.string(),
  version: z.number().int().positive(),
  data: z.unknown().nullable(),
  cursor: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const QcStatusBodySchema = z.object({
  status: z.enum(['quarantine', 'released', 'rejected', 'on-hold']),
  reason: z.string().trim().min(3).max(500),
  /** The LIMS/ERP's own reference (sample, inspection lot), kept with the change. */
  reference: z.string().max(100).optional(),
  /** A new last day of use, after a retest or shelf-life extension QC decided (FR-143); absent: kept. */
  expiryDate: IsoDate.optional(),
  /** A new retest date after a passed retest (null: no longer subject to retest; FR-143); absent: kept. */
  retestDate: IsoDate.nullable().optional(),
});
export type QcStatusBody = z.infer<typeof QcStatusBodySchema>;

// ---- hub administration ---------------------------------------------------------------------

// GMP roles (qa, qp, operator) come from src-shared/quality/quality-roles.ts.
export const HubRole = z.enum(['admin', 'master-data', 'lims', ...QUALITY_ROLES]);
export type HubRole = z.infer<typeof HubRole>;

export const LoginBodySchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export const LoginResultSchema = z.object({ token: z.string(), expiresAt: z.string(), roles: z.array(HubRole) });

export const NewHubUserBodySchema = z.object({
  username: z.string().regex(/^[a-z0-9._-]{2,32}$/),
  printedName: z.string().trim().min(1).max(100),
  roles: z.array(HubRole).min(1),
  password: z.string().min(1).max(256),
});

export const StationSummarySchema = z.object({
  stationId: z.string(),
  name: z.string(),
  site: z.string(),
  status: z.enum(['active', 'revoked', 'quarantined']),
  statusReason: z.string().nullable(),
  ackSeq: z.number().int(),
  lastPushAt: z.string().nullable(),
  lastPullAt: z.string().nullable(),
  masterDataCursor: z.string().nullable(),
  openForks: z.number().int(),
  refusals: z.number().int(),
});
export type StationSummary = z.infer<typeof StationSummarySchema>;

export const ForkSchema = z.object({
  id: z.number().int(),
  stationId: z.string(),
  seq: z.number().int(),
  hubHash: z.string(),
  stationHash: z.string(),
  detectedAt: z.string(),
  resolvedAt: z.string().nullable(),
});

export const RefusalSchema = z.object({ id: z.number().int(), stationId: z.string(), at: z.string(), code: z.string(), seq: z.number().int().nullable(), reason: z.string() });
