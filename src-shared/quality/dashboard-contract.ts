/**
 * Dashboards at the hub (issue 15 item 4; FR-56): one API per figure, each answering the numbers
 * the console draws. Ages are counted on the hub's clock and put in the same buckets everywhere.
 */
import { z } from 'zod';
import { OeeLineReportSchema } from '../equipment/oee-contract.ts';

/** Age buckets, in days: [0,1), [1,3), [3,7), [7,30), [30,∞). */
export const AGE_BUCKETS = ['lt1d', '1to3d', '3to7d', '7to30d', 'ge30d'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
const BUCKET_UPPER_DAYS = [1, 3, 7, 30];

export function ageBucket(ageMs: number): AgeBucket {
  const days = ageMs / 86_400_000;
  const i = BUCKET_UPPER_DAYS.findIndex((u) => days < u);
  return AGE_BUCKETS[i === -1 ? AGE_BUCKETS.length - 1 : i]!;
}

/** Counts per bucket, in AGE_BUCKETS order. */
const BucketCounts = z.array(z.number().int()).length(AGE_BUCKETS.length);

export const ProductionDashboardSchema = z.object({
  asOf: z.string(),
  /** One row per line (station) with open orders or orders completed in the last 24 hours. */
  lines: z.array(
    z.object({
      line: z.string(),
      planned: z.number().int(),
      inProgress: z.number().int(),
      completedLast24h: z.number().int(),
      stepsDone: z.number().int(),
      stepsTotal: z.number().int(),
    }),
  ),
  orders: z.array(
    z.object({
      batchNumber: z.string(),
      productCode: z.string().nullable(),
      productName: z.string().nullable(),
      line: z.string(),
      booth: z.string().nullable(),
      status: z.enum(['planned', 'in-progress', 'complete']),
      stepsDone: z.number().int(),
      stepsTotal: z.number().int(),
      startedAt: z.string().nullable(),
      completedAt: z.string().nullable(),
    }),
  ),
});
export type ProductionDashboard = z.infer<typeof ProductionDashboardSchema>;

const Waiting = z.object({ batchNumber: z.string(), productCode: z.string().nullable(), since: z.string(), ageHours: z.number(), bucket: z.enum(AGE_BUCKETS), exceptions: z.number().int() });
export type WaitingBatch = z.infer<typeof Waiting>;

export const ReviewQueueSchema = z.object({
  asOf: z.string(),
  /** Complete, not decided, no valid QA review of the current record: since completion. */
  waitingReview: z.array(Waiting),
  /** Reviewed (current), not yet released or rejected: since the review was signed. */
  waitingRelease: z.array(Waiting),
  reviewBuckets: BucketCounts,
  releaseBuckets: BucketCounts,
});
export type ReviewQueue = z.infer<typeof ReviewQueueSchema>;

export const CLASS_ROWS = ['critical', 'major', 'minor', 'unclassified'] as const;
const ByClass = z.object({ critical: BucketCounts, major: BucketCounts, minor: BucketCounts, unclassified: BucketCounts });

export const QualityAgeingSchema = z.object({
  asOf: z.string(),
  /** Open deviation records (any kind: deviation, OOS, OOT) by age since raised and class. */
  deviations: z.object({ open: z.number().int(), overdue: z.number().int(), byClass: ByClass }),
  /** Open CAPA actions by age since created and the class of their deviation. */
  capa: z.object({ open: z.number().int(), overdue: z.number().int(), byClass: ByClass }),
});
export type QualityAgeing = z.infer<typeof QualityAgeingSchema>;

export const SYNC_STATES = ['ok', 'late', 'silent', 'never', 'quarantined', 'revoked'] as const;
export const SyncHealthSchema = z.object({
  asOf: z.string(),
  /** Minutes after which a station that has not pushed is late, and then silent. */
  lateAfterMinutes: z.number().int(),
  silentAfterMinutes: z.number().int(),
  stations: z.array(
    z.object({
      stationId: z.string(),
      name: z.string(),
      state: z.enum(SYNC_STATES),
      lastPushAt: z.string().nullable(),
      minutesSincePush: z.number().nullable(),
      ackSeq: z.number().int(),
      projectionLag: z.number().int(),
      openForks: z.number().int(),
      refusals: z.number().int(),
    }),
  ),
});
export type SyncHealth = z.infer<typeof SyncHealthSchema>;

export const OeeSchema = z.object({
  available: z.boolean(),
  /** Why not, while the hub has no shift calendar with lines and their equipment. */
  reason: z.enum(['NO_EQUIPMENT_SIGNALS']).nullable(),
  /** Each line's shift now running, else the last one (src-server/equipment-signals/oee-service.ts). */
  lines: z.array(OeeLineReportSchema),
});
export type Oee = z.infer<typeof OeeSchema>;

const Rate = z.object({ completed: z.number().int(), rightFirstTime: z.number().int(), rate: z.number().nullable() });
export const RightFirstTimeSchema = z.object({
  asOf: z.string(),
  /** Over completed batches: right first time = no exception in review by exception, no deviation at the station, no deviation record at the hub. */
  overall: Rate,
  byProduct: z.array(Rate.extend({ product: z.string() })),
  batches: z.array(z.object({ batchNumber: z.string(), product: z.string(), rightFirstTime: z.boolean(), exceptions: z.number().int(), deviations: z.number().int() })),
});
export type RightFirstTime = z.infer<typeof RightFirstTimeSchema>;
