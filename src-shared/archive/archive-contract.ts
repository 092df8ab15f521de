/**
 * The hub's archive API (issue 11: P11-04, P11-07, A11-27, DI-09, D25-11): search for
 * inspection, the evidence packet of a batch and the archive register, the end-to-end trace
 * of one entry, retention per record type, and purge with QA approval.
 */
import { z } from 'zod';
import { queryInteger } from '../api/query-number.ts';
import { RecordLineSchema } from '../record/record-line.ts';

export const ARCHIVE_PREFIX = '/api/v1/archive';

/** DI-09: by batch, lot, material, user and date range; at least one criterion. */
export const ArchiveSearchQuerySchema = z
  .object({
    batch: z.string().min(1).max(64).optional(),
    lot: z.string().min(1).max(64).optional(),
    material: z.string().min(1).max(64).optional(),
    user: z.string().min(1).max(64).optional(),
    from: z.string().datetime().optional(),
    to: z.string().datetime().optional(),
    limit: queryInteger(1, 5000).default(500),
  })
  .refine((q) => q.batch || q.lot || q.material || q.user || q.from || q.to, { message: 'give at least one of batch, lot, material, user, from, to' });
export type ArchiveSearchQuery = z.infer<typeof ArchiveSearchQuerySchema>;

export const ArchiveHitSchema = z.object({
  stationId: z.string(),
  seq: z.number().int(),
  time: z.string(),
  tzOffset: z.string(),
  type: z.string(),
  actor: z.string().nullable(),
  /** The signer's or actor's user name where the entry names it. */
  username: z.string().nullable(),
  batchRef: z.string().nullable(),
  hash: z.string(),
  line: RecordLineSchema,
});
export type ArchiveHit = z.infer<typeof ArchiveHitSchema>;

export const ArchiveSearchResultSchema = z.object({
  hits: z.array(ArchiveHitSchema),
  /** The batches the hits belong to, with their review and release state and archived packets. */
  batches: z.array(z.object({ batchNumber: z.string(), status: z.string(), entries: z.number().int(), packets: z.number().int() })),
  truncated: z.boolean(),
  tookMs: z.number(),
});
export type ArchiveSearchResult = z.infer<typeof ArchiveSearchResultSchema>;

export const ArchivedPacketSchema = z.object({
  id: z.number().int(),
  batchNumber: z.string(),
  stationId: z.string(),
  packetSha256: z.string(),
  formatVersion: z.number().int(),
  bytes: z.number().int(),
  entries: z.number().int(),
  recordHash: z.string(),
  location: z.string(),
  writtenBy: z.string(),
  writtenAt: z.string(),
});
export type ArchivedPacket = z.infer<typeof ArchivedPacketSchema>;

/** D25-11: one entry followed from the station to the archive, each step with its hash. */
export const EntryTraceSchema = z.object({
  entry: z.object({ stationId: z.string(), seq: z.number().int(), type: z.string(), time: z.string(), tzOffset: z.string(), batchRef: z.string().nullable(), hash: z.string(), contentHashMatches: z.boolean() }),
  syncReceipt: z
    .object({
      receivedAt: z.string(),
      checkpoint: z.object({ treeSize: z.number().int(), rootHash: z.string(), signedAt: z.string(), acceptedAt: z.string(), hubCertFingerprint: z.string(), countersignatureValid: z.boolean() }).nullable(),
      /** The entry's Merkle inclusion proof against that checkpoint, recomputed now. */
      included: z.boolean(),
    })
    .nullable(),
  review: z.object({ signedAt: z.string(), printedName: z.string(), username: z.string(), subjectHash: z.string(), coversEntry: z.boolean() }).nullable(),
  release: z.object({ meaning: z.string(), signedAt: z.string(), printedName: z.string(), username: z.string(), subjectHash: z.string(), coversEntry: z.boolean() }).nullable(),
  /** The batch record hash now, over every entry of the batch: what review and release must name. */
  recordHash: z.string().nullable(),
  archive: z.array(ArchivedPacketSchema.extend({ containsEntry: z.boolean() })),
});
export type EntryTrace = z.infer<typeof EntryTraceSchema>;

export const RetentionPolicySchema = z.object({ recordType: z.string(), retentionDays: z.number().int().positive(), changedBy: z.string(), changedAt: z.string(), reason: z.string() });
export type RetentionPolicy = z.infer<typeof RetentionPolicySchema>;
export const SetRetentionBodySchema = z.object({ retentionDays: z.number().int().positive().max(36_500), reason: z.string().trim().min(5).max(500) });

export const PurgeRequestBodySchema = z.object({ batchNumber: z.string().min(1).max(64), reason: z.string().trim().min(10).max(1000), password: z.string().min(1).max(256) });
export const PurgeApproveBodySchema = z.object({ password: z.string().min(1).max(256) });
export const PurgeRequestViewSchema = z.object({
  id: z.string(),
  batchNumber: z.string(),
  recordType: z.string(),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  retentionEndsAt: z.string(),
  status: z.enum(['pending', 'purged']),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  contentHash: z.string().nullable(),
  entries: z.number().int().nullable(),
  packetSha256: z.string().nullable(),
});
export type PurgeRequestView = z.infer<typeof PurgeRequestViewSchema>;
