/**
 * A yield out of limits, shown in review by exception at the hub (issue 17 item 6): a batch whose
 * reconciliation at the station found its yield outside the recipe's limits and a return beyond
 * its limit reaches the hub through the ordinary signed sync; review by exception lists both, the
 * station's yield deviation is a hub deviation record that blocks release until QA closes it,
 * and the record lines say it in English and in zh-CN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import type { BatchReview } from '../../src-shared/quality/review-contract.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { DEMO_PASSWORD } from '../../src-main/demo/seed-demo.ts';
import { recordBatch } from './support/station-batch.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';

const kg = (amount: string) => ({ amount, unit: 'kg' as const });
const B = 'B-2026-071';

describe('FR-31 reconciliation out of limits at the hub', () => {
  let q: QualityHub;
  let yieldSeq = 0;
  let deviationSeq = 0;
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));

  beforeAll(async () => {
    q = await startQualityHub('pglite');
    const batch = recordBatch(q.station, { batchNumber: B, apiLot: 'API-LOT-71', excipientLot: 'MCC-LOT-71', incomplete: true });
    const t = q.station;
    const operator = t.userId('op.li');
    const session = unwrap(t.auth.login('op.li', DEMO_PASSWORD));
    const append = (type: string, payload: Record<string, unknown>): number => {
      t.clock.advance(30_000);
      return unwrap(t.ledger.append([{ type, actor: operator, batchRef: B, payload }]))[0]!.seq;
    };
    const approve = (targetSeq: number) => {
      t.clock.advance(10_000);
      unwrap(t.signatures.sign({ sessionId: session.sessionId, targetSeq, meaning: 'approved', password: DEMO_PASSWORD, username: 'sup.wang' }));
    };
    const reading = (amount: string) => ({ mass: kg(amount), stable: true, raw: `S S     ${amount} kg` });
    const rule = { percent: '0.5', minimum: { amount: '1.00', unit: 'g' } };
    // The API drum came back 2 kg short of its theory: beyond the 0.5 kg limit; the supervisor adjusted the stock.
    const ret = append('return.weighed', {
      containerId: batch.apiContainer, lotId: 'API-LOT-71', materialCode: 'API-PARA', balanceId: 'BAL-64', reading: reading('49.200'), containerTare: kg('1.200'),
      remaining: kg('48.000'), declaredEmpty: false, returned: kg('48.000'), residue: null, issued: kg('100.000'), dispensed: kg('50.000'), theoretical: kg('50.000'),
      difference: kg('-2.000'), limit: kg('0.500'), limitRule: rule, finding: 'short-not-empty', beyondLimit: true,
    });
    approve(append('return.discrepancy_resolved', { returnSeq: ret, containerId: batch.apiContainer, decision: 'stock-adjusted', reason: 'hub quantity wrong at receipt; drum reweighed', difference: kg('-2.000'), stockAfter: kg('48.000') }));
    append('return.weighed', {
      containerId: batch.excipientContainer, lotId: 'MCC-LOT-71', materialCode: 'EXC-MCC', balanceId: 'BAL-64', reading: reading('71.150'), containerTare: kg('1.200'),
      remaining: kg('69.950'), declaredEmpty: false, returned: kg('69.950'), residue: null, issued: kg('100.000'), dispensed: kg('30.050'), theoretical: kg('69.950'),
      difference: kg('0.000'), limit: kg('0.500'), limitRule: rule, finding: 'exact', beyondLimit: false,
    });
    const balance = (materialCode: string, containers: string[], dispensed: string, returned: string) => ({
      materialCode, containers, issued: kg(String((Number(dispensed) + Number(returned)).toFixed(3))), dispensed: kg(dispensed), returned: kg(returned), wasted: kg('0'), difference: kg('0.000'), tolerance: kg('0.500'), closes: true,
    });
    yieldSeq = append('reconciliation.recorded', {
      materials: [balance('API-PARA', [batch.apiContainer], '50.000', '48.000'), balance('EXC-MCC', [batch.excipientContainer], '30.050', '69.950')],
      closes: true,
      orderLimit: rule,
      yield: { theoretical: kg('80.000'), actual: kg('80.050'), percent: '100.0625', limits: { lowerPercent: '99.0', upperPercent: '100.0' }, within: false },
      deviationIds: [`DEV-${B}-001`],
    });
    deviationSeq = append('deviation.raised', { deviationId: `DEV-${B}-001`, category: 'yield-out-of-limits', stepId: null, targetSeq: null, code: 'YIELD_OUT_OF_LIMITS', reason: 'yield 100.0625 % is outside the recipe\'s limits 99.0 % – 100.0 %' });
    approve(deviationSeq);
    append('order.completed', { steps: 2, portions: 2, deviations: 1 });
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
