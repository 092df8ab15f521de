/**
 * The audit trail as people read it (21 CFR 11.10(e), Annex 11 §9): filtered views for review,
 * and an export that is itself recorded (who took which slice of the record, D25-01).
 */
import { z } from 'zod';
import { endpoint } from './contract.ts';

const REVIEWERS = ['supervisor', 'qa', 'qp', 'admin'] as const;
const IsoTime = z.string().datetime({ offset: true });

export const AuditQuery = z
  .object({
    batchRef: z.string().min(1).max(100).optional(),
    actor: z.string().min(1).max(100).optional(),
    /** The same filter by user name, for reviewers who know people by name, not by id. */
    username: z.string().trim().min(1).max(64).optional(),
    typePrefix: z.string().min(1).max(60).optional(),
    fromTime: IsoTime.optional(),
    toTime: IsoTime.optional(),
    /** Paging: entries after this sequence number. */
    afterSeq: z.number().int().nonnegative().optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type AuditQuery = z.input<typeof AuditQuery>;

export const AuditRecordView = z.object({
  seq: z.number().int(),
  time: z.string(),
  tzOffset: z.string(),
  stationId: z.string(),
  deviceId: z.string().nullable(),
  actor: z.object({ userId: z.string(), username: z.string().nullable(), printedName: z.string().nullable() }).nullable(),
  type: z.string(),
  batchRef: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  correction: z
    .object({ targetSeq: z.number(), changes: z.array(z.object({ path: z.string(), oldValue: z.unknown(), newValue: z.unknown() })), reason: z.string() })
    .optional(),
  hash: z.string(),
});
export type AuditRecordView = z.infer<typeof AuditRecordView>;

export const auditContract = {
  'audit.query': endpoint(REVIEWERS, AuditQuery, z.array(AuditRecordView)),
  'audit.export': endpoint(REVIEWERS, AuditQuery, z.object({ exportedSeq: z.number().int(), records: z.array(AuditRecordView) })),
};
