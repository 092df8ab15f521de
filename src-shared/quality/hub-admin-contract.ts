/**
 * What the console shows IT and QA about the hub itself: station sync health (with how far the
 * quality projection has caught up), accounts, certificates and the audit trail.
 */
import { z } from 'zod';
import { queryInteger } from '../api/query-number.ts';
import { StationSummarySchema } from '../sync/sync-protocol.ts';

/**
 * A fresh ledger offered under a station id the hub knows (issue 10 item 2): what the hub knew
 * (trusted genesis, acknowledged entries) and what it was offered, refused and kept for IT and QA.
 */
export const IdentityIncidentSchema = z.object({
  id: z.number().int(),
  stationId: z.string(),
  detectedAt: z.string(),
  lastSeenAt: z.string(),
  attempts: z.number().int(),
  source: z.string(),
  knownGenesisHash: z.string(),
  knownAckSeq: z.number().int(),
  offeredGenesisHash: z.string(),
  offeredGenesisTime: z.string(),
  offeredKeyFingerprint: z.string(),
  stationName: z.string(),
  site: z.string(),
  /** open until an administrator AND a QA person (two different people) accepted it. */
  status: z.enum(['open', 'accepted']),
  adminAcceptedBy: z.string().nullable(),
  adminAcceptedAt: z.string().nullable(),
  adminReason: z.string().nullable(),
  qaAcceptedBy: z.string().nullable(),
  qaAcceptedAt: z.string().nullable(),
  qaReason: z.string().nullable(),
  /** Once accepted: the hub-side ledger key (`ST-01~2`) the re-created station's ledger is kept under. */
  ledgerKey: z.string().nullable(),
  epoch: z.number().int().nullable(),
});
export type IdentityIncident = z.infer<typeof IdentityIncidentSchema>;

/** An administrator or QA accepts an identity incident in their own role, with a reason. */
export const AcceptIdentityBodySchema = z.object({
  role: z.enum(['admin', 'qa']),
  reason: z.string().trim().min(3).max(2000),
});
export type AcceptIdentityBody = z.infer<typeof AcceptIdentityBodySchema>;

export const StationHealthSchema = StationSummarySchema.extend({
  /** Entries received but not yet in genealogy and review (normally 0). */
  projectionLag: z.number().int(),
});
export type StationHealth = z.infer<typeof StationHealthSchema>;

export const HubUserViewSchema = z.object({
  userId: z.string(),
  username: z.string(),
  printedName: z.string(),
  roles: z.array(z.string()),
  status: z.string(),
  createdAt: z.string(),
});
export type HubUserView = z.infer<typeof HubUserViewSchema>;

export const CertificateViewSchema = z.object({
  fingerprint: z.string(),
  serialNumber: z.string(),
  kind: z.string(),
  subjectId: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  issuedAt: z.string(),
  issuedBy: z.string(),
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
});
export type CertificateView = z.infer<typeof CertificateViewSchema>;

export const AuditQuerySchema = z.object({
  from: z.string().datetime().optional(),
  to: z.string().datetime().optional(),
  actor: z.string().max(64).optional(),
  /** Prefix match: "release" finds release.signed and release.refused. */
  action: z.string().max(64).optional(),
  subject: z.string().max(200).optional(),
  /** Keyset paging: rows with a smaller id (newest first). */
  before: queryInteger(1).optional(),
  limit: queryInteger(1, 1000).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditExportQuerySchema = AuditQuerySchema.omit({ before: true, limit: true }).extend({ format: z.enum(['csv', 'json']).default('csv') });

export const AuditRowSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  details: z.unknown(),
  ok: z.boolean(),
});
export type AuditRow = z.infer<typeof AuditRowSchema>;

export const RevokeBodySchema = z.object({ reason: z.string().trim().min(3).max(500) });

/** Hub account administration (issue 10 item 5): every change carries its reason. */
export const AccountReasonBodySchema = z.object({ reason: z.string().trim().min(3).max(500) });

/** Typed at the verifier's console with the holder present: the holder's part stays theirs. */
export const VerifyIdentityBodySchema = z.object({
  method: z.string().trim().min(3).max(200),
  oneTimePassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const AccountViewSchema = z.object({ userId: z.string(), username: z.string(), status: z.string() });

/** Shown once, to be handed to the holder; the hub keeps only its hash. */
export const PasswordResetResultSchema = AccountViewSchema.extend({ oneTimePassword: z.string() });

/** A one-time enrolment code for one station (issue 10 item 6), valid for `validHours`. */
export const EnrolmentCodeBodySchema = z.object({ validHours: z.number().int().min(1).max(168).default(24) });
export const EnrolmentCodeSchema = z.object({ code: z.string(), expiresAt: z.string() });

/** Re-issue of a revoked signing certificate: an administrator asks, QA approves (issue 10 item 7). */
export const SignerReissueSchema = z.object({
  id: z.number().int(),
  userId: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  reason: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  usedAt: z.string().nullable(),
});
export type SignerReissue = z.infer<typeof SignerReissueSchema>;

/**
 * The second factor at signing of the logged-in hub user (D25-03, FR-101): whether enrolled,
 * and whether their e-signatures need a code (enrolled, or the site policy names a role of theirs).
 * A signing request carries the code in the header `x-batchline-otp`.
 */
export const HubMfaStatusSchema = z.object({ enrolled: z.boolean(), required: z.boolean(), enrolledAt: z.string().nullable() });
export type HubMfaStatusView = z.infer<typeof HubMfaStatusSchema>;
/** A fresh secret, shown once; nothing is stored until it is confirmed. */
export const HubMfaStartSchema = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() });
export const HubMfaConfirmBodySchema = z.object({ secret: z.string().max(128), code: z.string().trim().max(12), password: z.string().min(1).max(256) });
export const HUB_OTP_HEADER = 'x-batchline-otp';
