/**
 * What the console shows IT and QA about the hub itself: station sync health (with how far the
 * quality projection has caught up), accounts, certificates and the audit trail.
 */
import { z } from 'zod';
import { StationSummarySchema } from '../sync/sync-protocol.ts';

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
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
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
