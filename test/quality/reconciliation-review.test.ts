/**
 * A yield out of limits, shown in review by exception at the hub (issue 17 item 6): a batch whose
 * reconciliation at the station found its yield outside the recipe's limits and a return beyond
 * its limit reaches the hub through the ordinary signed sync; review by exception lists both, the
 * station's yield deviation is a hub deviation record that blocks release until QA closes it,
 * and the record lines say it in English and in zh-CN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchReview } from '../../src-shared/quality/review-contract.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { recordYieldOutOfLimits } from './support/yield-batch.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';

const B = 'B-2026-071';

describe('FR-31 reconciliation out of limits at the hub', () => {
  let q: QualityHub;
  let yieldSeq = 0;
  let deviationSeq = 0;
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));

  beforeAll(async () => {
    q = await startQualityHub('pglite');
    ({ yieldSeq, deviationSeq } = recordYieldOutOfLimits(q.station, B, '71'));
    await q.sync();
  });
  afterAll(async () => {
    await q?.close();
  });

  it('FR-31 review by exception lists the yield out of limits and the return beyond its limit; the station deviation is a hub deviation record', async () => {
    const review = (await api<BatchReview>('qa.hub', 'GET', `/api/v1/quality/batches/${B}`)).body;
    expect(review.summary.status).toBe('complete');
    const kinds = review.exceptions.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['yield-out-of-limits', 'return-discrepancy', 'deviation']));
    expect(review.exceptions.find((e) => e.kind === 'yield-out-of-limits')).toMatchObject({ seq: yieldSeq, params: { percent: '100.0625', lower: '99.0', upper: '100.0' } });
    expect(review.exceptions.find((e) => e.kind === 'return-discrepancy')).toMatchObject({ params: { difference: '-2.000 kg', limit: '0.500 kg' } });
    expect(review.deviations).toEqual([expect.objectContaining({ deviationId: `DEV-${B}-001`, category: 'yield-out-of-limits', approvedAtStation: true, closure: null })]);
    // The batch record says it, the same at the hub as at the station, in both languages.
    const line = review.record.find((r) => r.seq === yieldSeq)!;
    expect(line.summary).toContain('YIELD 100.0625 %');
    const entry = q.station.ledger.query({ batchRef: B, types: ['reconciliation.recorded'] })[0]!;
    expect(renderRecordLine(describeEntry(entry.type, entry.payload), 'zh-CN')).toContain('收率 100.0625 %');
  });

  it('FR-31 release waits for QA to close the yield deviation', async () => {
    expect((await api('qa.hub', 'POST', `/api/v1/quality/batches/${B}/review`, { password: HUB_PASSWORD, comment: 'yield assessed' })).status).toBe(201);
    const refused = await api<{ error?: { code: string; details?: { deviations?: unknown[] } } }>('qp.hub', 'POST', `/api/v1/quality/batches/${B}/decision`, { decision: 'released', password: HUB_PASSWORD });
    expect(refused.body.error?.code).toBe('RELEASE_DEVIATIONS_OPEN');
    expect(refused.body.error?.details?.deviations).toEqual([expect.objectContaining({ deviationId: `DEV-${B}-001`, seq: deviationSeq })]);
  });
});
