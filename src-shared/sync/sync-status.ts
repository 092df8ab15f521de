/**
 * What the station UI shows about sync (issue #6: progress and pending counts, never blocking
 * the operator). Produced by src-main/sync/sync-service.ts; plain data so it can cross IPC.
 */
import { z } from 'zod';

export const SyncPhase = z.enum([
  /** No hub configured: a standalone station. */
  'standalone',
  /** Enrolment requested, waiting for an administrator at the hub. */
  'enrolment-pending',
  'idle',
  'pushing',
  'pulling',
  /** The hub could not be reached; the station works on and retries. */
  'offline',
  /** The hub refused (revoked, quarantined, tampered ledger…): needs IT, see lastError. */
  'refused',
]);
export type SyncPhase = z.infer<typeof SyncPhase>;

export const SyncStatusSchema = z.object({
  phase: SyncPhase,
  hubUrl: z.string().nullable(),
  localHeadSeq: z.number().int().nonnegative(),
  /** Last sequence the hub acknowledged (as far as the station knows). */
  hubAckSeq: z.number().int().nonnegative(),
  pendingEntries: z.number().int().nonnegative(),
  /** Largest tree size the hub countersigned. */
  countersignedSize: z.number().int().nonnegative(),
  lastPushAt: z.string().nullable(),
  lastPullAt: z.string().nullable(),
  /** When the hub served the master data the station last applied (its age counts from here). */
  masterDataServedAt: z.string().nullable(),
  pushedTotal: z.number().int().nonnegative(),
  pulledTotal: z.number().int().nonnegative(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
  /**
   * Something the station noticed and repaired that people must still hear about: the hub had
   * lost acknowledged history (HUB_HISTORY_LOST) and was sent it again. Kept until restart.
   */
  notice: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable().optional(),
  nextAttemptAt: z.string().nullable(),
  /**
   * Trusted time (issue 10 item 3, A11-22): whether the station clock agreed with the hub's at
   * the last signed answer, the policy while it does not, and the drift (station minus hub, s).
   */
  time: z
    .object({ trusted: z.boolean(), policy: z.enum(['block', 'flag']), driftSeconds: z.number().nullable() })
    .optional(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;
