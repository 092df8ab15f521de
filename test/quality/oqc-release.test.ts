/**
 * Finished-product results (OQC) in the batch's review and release (issue 12 item 4), on PGlite
 * and on PostgreSQL: with a finished-product specification in force, the QP's release is refused
 * while an output lot's result is missing or out of specification (each listed), like open
 * deviations are; with every result in and passing, it releases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchReview } from '../../src-shared/quality/review-contract.ts';
import type { DeviationRecordView, DeviationSummary } from '../../src-shared/quality/deviation-contract.ts';
import { eq } from 'drizzle-orm';
import { hubAudit } from '../../src-server/db/schema.ts';
import { noticeOf, type AuditRow } from '../../src-server/notify/notify-events.ts';
import { recordBatch } from './support/station-batch.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';
import { iqcApi, provisionIqcPeople, putSpec } from './support/iqc-setup.ts';
import { consoleZhCN } from '../../src-console/i18n/zh-CN.ts';

describe.each(QUALITY_BACKENDS)('OQC gating release on %s', (backendName) => {
  let q: QualityHub;
  let api: ReturnType<typeof iqcApi>;
  const release = (batch: string) => api<{ signatureId: number }>('qp.hub', 'POST', `/api/v1/quality/batches/${batch}/decision`, { decision: 'released', password: HUB_PASSWORD });
  const oqc = (resultId: string, lotId: string, testCode: string, value: number | string) => ({ resultId, lotId, testCode, value, coaReference: 'QC-REL-1', ...(typeof value === 'number' ? { unit: '%' } : {}) });

  beforeAll(async () => {
    q = await startQualityHub(backendName);
    api = iqcApi(q);
    await provisionIqcPeople(q);
    recordBatch(q.station, { batchNumber: 'B-OQC-1', apiLot: 'API-LOT-1', excipientLot: 'MCC-LOT-7' });
    recordBatch(q.station, { batchNumber: 'B-OQC-2', apiLot: 'API-LOT-2', excipientLot: 'MCC-LOT-7' });
    await q.sync();
    for (const b of ['B-OQC-1', 'B-OQC-2']) {
      const r = await api('qa.hub', 'POST', `/api/v1/quality/batches/${b}/review`, { password: HUB_PASSWORD, comment: 'no exceptions' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  }, 240_000);
  afterAll(async () => {
    await q?.close();
  });

  it('FR-49 a product without a finished-product specification has no OQC gate; with one, release waits for an output lot and its results', async () => {
    expect((await api<BatchReview>('qa.hub', 'GET', '/api/v1/quality/batches/B-OQC-1')).body.oqc).toEqual({ specVersion: null, lots: [], findings: [] });
    await putSpec(q, 'PARA-500', [
      { code: 'DISSO', name: 'Dissolution 30 min', kind: 'numeric', unit: '%', lower: 80, upper: null },
      { code: 'APPEAR', name: 'Appearance', kind: 'text', accepted: ['white round tablets'] },
    ]);
    const noLot = await release('B-OQC-1');
    expect([noLot.status, noLot.body.error?.code]).toEqual([422, 'RELEASE_OQC_OPEN']);
    expect(noLot.body.error?.details?.findings).toEqual([{ lotId: '', testCode: null, problem: 'no-output-lot', resultId: null }]);

    expect((await api('erp', 'POST', '/api/v1/genealogy/batches/B-OQC-1/output-lots', { lotId: 'FG-1', role: 'finished', quantity: '160000 tablets', reason: 'ERP goods receipt from production' })).status).toBe(201);
    expect((await api('erp', 'POST', '/api/v1/quality/results', { results: [oqc('OQC-1', 'FG-1', 'DISSO', 92)] })).status).toBe(200);
    const missing = await release('B-OQC-1');
    expect(missing.body.error?.code).toBe('RELEASE_OQC_OPEN');
    expect(missing.body.error?.details?.findings).toEqual([{ lotId: 'FG-1', testCode: 'APPEAR', problem: 'missing', resultId: null }]);
    expect(missing.body.error?.message).toContain('FG-1 APPEAR missing');

    // Out of specification: listed, and a passing retest does not hide it; the OOS result opened an OOS record (FR-92), which the release names first.
    await api('erp', 'POST', '/api/v1/quality/results', { results: [oqc('OQC-2', 'FG-1', 'APPEAR', 'chipped tablets'), oqc('OQC-3', 'FG-1', 'APPEAR', 'white round tablets')] });
    const oos = await release('B-OQC-1');
    expect(oos.body.error?.code).toBe('RELEASE_QUALITY_RECORDS_OPEN');
    const review = (await api<BatchReview>('qa.hub', 'GET', '/api/v1/quality/batches/B-OQC-1')).body as BatchReview;
    expect(review.oqc.findings).toEqual([{ lotId: 'FG-1', testCode: 'APPEAR', problem: 'out-of-specification', resultId: 'OQC-2' }]);
    expect(review.oqc.specVersion).toBe(1);
    expect(review.oqc.lots[0]).toMatchObject({ lotId: 'FG-1', disposition: 'rejected' });
  }, 240_000);

  it('FR-92 FR-102 an OQC result out of specification opens one OOS record of its batch (its words a code worded per reader), named by the result, that the QP release gate lists; a repeat delivery opens none, a passing result none', async () => {
    const records = async () => (await q.hub.api<DeviationSummary[]>('GET', '/api/v1/quality/deviations?batch=B-OQC-1', undefined, await q.token('qa.hub'))).body;
    const mine = (await records()).filter((d) => d.kind === 'oos');
    expect(mine).toHaveLength(1);
    const rec = (await api<DeviationRecordView>('qa.hub', 'GET', `/api/v1/quality/deviations/${mine[0]!.id}`)).body as DeviationRecordView;
    expect(rec).toMatchObject({ kind: 'oos', state: 'raised', batchNumber: 'B-OQC-1', lots: ['FG-1'], raisedBy: 'hub', steps: [], next: { step: 'classify' } });
    expect(rec.title).toBe('OOS: FG-1 APPEAR = chipped tablets (batch B-OQC-1)');
    // FR-102: the hub's own words are also a code and values, which the console words per reader.
    expect(rec.systemText).toMatchObject({ key: 'result-oos', params: { lot: 'FG-1', test: 'APPEAR', value: 'chipped tablets', batch: 'B-OQC-1' } });
    expect(consoleZhCN.dev.system['result-oos'].title.replace(/\{\{(\w+)\}\}/g, (_m: string, k: string) => rec.systemText!.params[k]!)).toBe('超标：FG-1 APPEAR = chipped tablets（批次 B-OQC-1）');
    expect(rec.description).toContain('OQC-2');
    expect(rec.description).toContain('one of: white round tablets');
    // The same result again (a LIMS re-delivery) is a duplicate and opens nothing.
    const again = await api<{ accepted: number; duplicates: number }>('erp', 'POST', '/api/v1/quality/results', { results: [oqc('OQC-2', 'FG-1', 'APPEAR', 'chipped tablets')] });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await records()).filter((d) => d.kind === 'oos').map((d) => d.id)).toEqual([rec.id]);
    // The release gate names the record, like any open deviation record of the batch.
    const refused = await release('B-OQC-1');
    expect([refused.status, refused.body.error?.code]).toEqual([422, 'RELEASE_QUALITY_RECORDS_OPEN']);
    expect(refused.body.error?.details?.records).toEqual([expect.objectContaining({ kind: 'deviation', id: rec.id, state: 'raised' })]);
    // Audited as opened by the hub, and pushed as an OOS.
    const audit = (await q.hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'deviation.opened'))).filter((r) => r.subject === rec.id) as AuditRow[];
    expect(audit).toEqual([expect.objectContaining({ actor: 'hub', details: expect.objectContaining({ resultId: 'OQC-2', lotId: 'FG-1', testCode: 'APPEAR' }) })]);
    expect(noticeOf(audit[0]!)).toEqual({ event: 'oos', facts: [['summary', rec.title], ['batch', 'B-OQC-1']] });
    // QA signs the next step as for any OOS record: laboratory investigation first.
    const classified = await api<DeviationRecordView>('qa.hub', 'POST', `/api/v1/quality/deviations/${rec.id}/steps`, { step: 'classify', classification: 'major', password: HUB_PASSWORD });
    expect(classified.status, JSON.stringify(classified.body)).toBe(201);
    expect((classified.body as DeviationRecordView).steps.map((x) => [x.state, x.valid])).toEqual([['classified', true]]);
  }, 240_000);

  it('FR-49 releases once every output lot has passing results for every test of the specification', async () => {
    await api('erp', 'POST', '/api/v1/genealogy/batches/B-OQC-2/output-lots', { lotId: 'FG-2', role: 'finished', reason: 'ERP goods receipt from production' });
    await api('erp', 'POST', '/api/v1/genealogy/batches/B-OQC-2/output-lots', { lotId: 'FG-3', role: 'finished', reason: 'ERP goods receipt from production' });
    await api('lin.wei', 'POST', '/api/v1/quality/results', { results: [oqc('OQC-20', 'FG-2', 'DISSO', 95), oqc('OQC-21', 'FG-2', 'APPEAR', 'White round tablets'), oqc('OQC-30', 'FG-3', 'DISSO', 88)] });
    const one = await release('B-OQC-2');
    expect(one.body.error?.details?.findings).toEqual([{ lotId: 'FG-3', testCode: 'APPEAR', problem: 'missing', resultId: null }]);
    await api('lin.wei', 'POST', '/api/v1/quality/results', { results: [oqc('OQC-31', 'FG-3', 'APPEAR', 'white round tablets')] });
    const released = await release('B-OQC-2');
    expect(released.status, JSON.stringify(released.body)).toBe(201);
    const review = (await api<BatchReview>('qa.hub', 'GET', '/api/v1/quality/batches/B-OQC-2')).body as BatchReview;
    expect(review.oqc.findings).toEqual([]);
    expect(review.summary.decision).toBe('released');
  }, 240_000);
});
