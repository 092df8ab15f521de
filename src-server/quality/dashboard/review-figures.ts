/**
 * Batches waiting for QA review and for QP release with their ages, and the right-first-time
 * rate (issue 15 item 4). Both come from the review service's own assessment of each completed
 * batch (exceptions, review state, verified decision), so the dashboard and the batch page never
 * disagree about a batch.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { ageBucket, AGE_BUCKETS, type ReviewQueue, type RightFirstTime, type WaitingBatch } from '../../../src-shared/quality/dashboard-contract.ts';
import type { HubContext } from '../../hub-context.ts';
import { qualityBatches } from '../db/quality-schema.ts';
import { qualityDeviations } from '../db/deviation-schema.ts';
import type { QualityServices } from '../quality-services.ts';
import type { Assessment } from '../review/review-service.ts';

const MAX_BATCHES = 1000;

async function completedAssessments(ctx: HubContext, q: QualityServices): Promise<Assessment[]> {
  await q.projector.catchUp();
  const rows = await ctx.db.select().from(qualityBatches).where(eq(qualityBatches.status, 'complete')).orderBy(desc(qualityBatches.completedAt)).limit(MAX_BATCHES);
  const out: Assessment[] = [];
  for (const r of rows) {
    const a = await q.reviews.assess(ctx.db, r.batchNumber);
    if (a.ok) out.push(a.value);
  }
  return out;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export async function reviewQueueFigure(ctx: HubContext, q: QualityServices): Promise<ReviewQueue> {
  const now = ctx.clock.now();
  const waiting = (a: Assessment, since: string): WaitingBatch => {
    const age = Math.max(0, now.getTime() - Date.parse(since));
    return { batchNumber: a.batch.batchNumber, productCode: a.batch.productCode, since, ageHours: round1(age / 3_600_000), bucket: ageBucket(age), exceptions: a.exceptions.length };
  };
  const review: WaitingBatch[] = [];
  const release: WaitingBatch[] = [];
  for (const a of await completedAssessments(ctx, q)) {
    if (a.decision) continue;
    if (a.review === 'current' && a.currentReview) release.push(waiting(a, a.currentReview.signedAt));
    else review.push(waiting(a, a.batch.completedAt ?? a.batch.lastReceivedAt?.toISOString() ?? now.toISOString()));
  }
  const oldestFirst = (x: WaitingBatch, y: WaitingBatch) => y.ageHours - x.ageHours || x.batchNumber.localeCompare(y.batchNumber);
  const buckets = (list: WaitingBatch[]) => AGE_BUCKETS.map((b) => list.filter((w) => w.bucket === b).length);
  return { asOf: now.toISOString(), waitingReview: review.sort(oldestFirst), waitingRelease: release.sort(oldestFirst), reviewBuckets: buckets(review), releaseBuckets: buckets(release) };
}

export async function rightFirstTimeFigure(ctx: HubContext, q: QualityServices): Promise<RightFirstTime> {
  const assessed = await completedAssessments(ctx, q);
  const numbers = assessed.map((a) => a.batch.batchNumber);
  const records = numbers.length === 0 ? [] : await ctx.db.select({ batch: qualityDeviations.batchNumber }).from(qualityDeviations).where(and(inArray(qualityDeviations.batchNumber, numbers)));
  const recordCount = new Map<string, number>();
  for (const r of records) if (r.batch) recordCount.set(r.batch, (recordCount.get(r.batch) ?? 0) + 1);
  const batches = assessed
    .map((a) => {
      const deviations = a.deviations.length + (recordCount.get(a.batch.batchNumber) ?? 0);
      return { batchNumber: a.batch.batchNumber, product: a.batch.productCode ?? '', rightFirstTime: a.exceptions.length === 0 && deviations === 0, exceptions: a.exceptions.length, deviations };
    })
    .sort((x, y) => x.batchNumber.localeCompare(y.batchNumber));
  const rate = (list: typeof batches) => {
    const rft = list.filter((b) => b.rightFirstTime).length;
    return { completed: list.length, rightFirstTime: rft, rate: list.length === 0 ? null : rft / list.length };
  };
  const products = [...new Set(batches.map((b) => b.product))].sort();
  return { asOf: ctx.clock.now().toISOString(), overall: rate(batches), byProduct: products.map((p) => ({ product: p, ...rate(batches.filter((b) => b.product === p)) })), batches };
}
