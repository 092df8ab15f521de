/**
 * FR-153: what the trust audit of session 14 left open around a lot's inspection (FR-143 follow-up),
 * each from the seat of whoever would abuse or hit it:
 *   - the LIMS releases a lot whose sampling task at the hub is still open (before: accepted, the
 *     hub's inspection record then had samples and no disposition, or not even all samples);
 *     a disposition releasing a lot someone held during its inspection (before: the hold was
 *     overwritten without a word);
 *   - a steward registers a new container under a released lot, or one under inspection, or grows
 *     a container's quantity there (before: accepted; stations' stock reset to the new quantity);
 *   - a steward registers a container under a lot not yet received, which the lot's goods receipt
 *     then took in outside its sample plan (before: both accepted);
 *   - a QC person signs the retest of results they entered themselves (before: nothing checked who
 *     entered them, nor recorded it); a retest citing an out-of-specification result; a retest
 *     citing the incoming inspection's results again, or an earlier retest's (before: accepted,
 *     the expiry extended again and again on the same results);
 *   - (FR-143) a deviation record naming a batch whose participants cannot be read is not closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { SamplingTaskView } from '../../src-shared/quality/iqc-contract.ts';
import type { DeviationRecordView } from '../../src-shared/quality/deviation-contract.ts';
import { err } from '../../src-shared/result.ts';
import { hubAudit, hubUsers, masterData } from '../../src-server/db/schema.ts';
import { qualitySignatures } from '../../src-server/quality/db/quality-schema.ts';
import { MasterDataService } from '../../src-server/master-data/master-data-service.ts';
import { DeviationService } from '../../src-server/quality/deviations/deviation-service.ts';
import type { ReviewService } from '../../src-server/quality/review/review-service.ts';
import type { HubPrincipal } from '../../src-server/admin/admin-auth.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';
import { b2mmlReceipt, iqcApi, postB2mml, provisionIqcPeople, putMaterial, putSpec } from './support/iqc-setup.ts';

describe.each(QUALITY_BACKENDS)('FR-153 a lot\'s inspection and what may change around it on %s', (backendName) => {
  let q: QualityHub;
  let api: ReturnType<typeof iqcApi>;
  const lotData = async (lotId: string) => (await q.hub.hub.services.ctx.db.select().from(masterData).where(and(eq(masterData.kind, 'lot'), eq(masterData.key, lotId))))[0]?.data as { qcStatus: string } | undefined;
  const refusals = async (subject: string) => (await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.subject, subject), eq(hubAudit.ok, false)))).map((r) => (r.details as { code?: string }).code);
  const qcStatus = (who: string, lotId: string, status: string) => api<{ data: { qcStatus: string } }>(who, 'PUT', `/api/v1/lots/${lotId}/qc-status`, { status, reason: 'LIMS decision', reference: 'LIMS-77' });
  const sampleAll = async (taskId: string) => {
    const task = (await api<SamplingTaskView>('op.hub', 'GET', `/api/v1/quality/iqc/tasks/${taskId}`)).body as SamplingTaskView;
    for (const c of task.containers) expect((await api('op.hub', 'POST', `/api/v1/quality/iqc/tasks/${taskId}/samples`, { containerId: c.containerId, quantity: { amount: '20', unit: 'g' }, password: HUB_PASSWORD })).status).toBe(201);
  };
  const results = (lotId: string, assay: number, prefix: string) => ({
    results: [
      { resultId: `${prefix}-A`, lotId, testCode: 'ASSAY', value: assay, unit: '%', coaReference: `COA-${prefix}` },
      { resultId: `${prefix}-I`, lotId, testCode: 'ID-IR', value: 'conforms', coaReference: `COA-${prefix}` },
    ],
  });
  const container = (containerId: string, lotId: string, amount: string) => ({ containerId, lotId, materialCode: 'API-PARA', quantity: { amount, unit: 'kg' }, tare: { amount: '1.2', unit: 'kg' } });
  const putContainer = (c: ReturnType<typeof container>) => api<{ version: number }>('md.zhou', 'PUT', `/api/v1/master-data/container/${c.containerId}`, { data: c, reason: 'steward change' });

  beforeAll(async () => {
    q = await startQualityHub(backendName);
    api = iqcApi(q);
    await provisionIqcPeople(q);
    await putMaterial(q, 'API-PARA', 'Paracetamol');
    await putSpec(q, 'API-PARA');
    for (const [receiptId, lotId, containers] of [['GR-INS-1', 'INS-L1', 2], ['GR-INS-2', 'INS-L2', 1]] as const) {
      const r = await postB2mml(q, 'erp', b2mmlReceipt({ receiptId, material: 'API-PARA', lotId, lotNumber: lotId, containers, supplierStatus: 'approved' }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  }, 240_000);
  afterAll(async () => {
    await q?.close();
  });

  it('FR-153 P11-09 the LIMS cannot release a lot while its sampling task at the hub is open; a hold set during inspection is lifted before QC releases', async () => {
    // Before sampling: the LIMS's release is refused and the lot stays in quarantine.
    const early = await qcStatus('erp', 'INS-L1', 'released');
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'IQC_INSPECTION_OPEN', details: { fields: ['qcStatus'] } });
    expect(early.body.error?.message).toContain('IQC-INS-L1');
    expect((await lotData('INS-L1'))?.qcStatus).toBe('quarantine');
    // Sampled, results not yet signed off: still refused (the record would have no disposition).
    await sampleAll('IQC-INS-L1');
    expect((await qcStatus('erp', 'INS-L1', 'released')).body.error?.code).toBe('IQC_INSPECTION_OPEN');
    // The stricter direction stays the LIMS's (and the steward's): a hold.
    expect((await qcStatus('erp', 'INS-L1', 'on-hold')).body.data?.qcStatus).toBe('on-hold');
    expect(await refusals('lot/INS-L1')).toEqual(['IQC_INSPECTION_OPEN', 'IQC_INSPECTION_OPEN']);
    // The LIMS sends its results; the disposition they imply is a release, but the lot is on hold.
    expect((await api('erp', 'POST', '/api/v1/quality/results', results('INS-L1', 99.4, 'R-INS1'))).status).toBe(200);
    const overHold = await api<SamplingTaskView>('qa.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-INS-L1/disposition', { disposition: 'released', password: HUB_PASSWORD });
    expect(overHold.status, JSON.stringify(overHold.body)).toBe(409);
    expect(overHold.body.error).toMatchObject({ code: 'IQC_LOT_NOT_QUARANTINED', details: { qcStatus: 'on-hold' } });
    expect((await api<SamplingTaskView>('qa.hub', 'GET', '/api/v1/quality/iqc/tasks/IQC-INS-L1')).body).toMatchObject({ state: 'sampled', disposition: null });
    expect((await lotData('INS-L1'))?.qcStatus).toBe('on-hold');
    // The hold lifted (back to quarantine), QC signs; only then may the LIMS change the status again.
    expect((await qcStatus('md.zhou', 'INS-L1', 'quarantine')).status).toBe(200);
    const signed = await api<SamplingTaskView>('qa.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-INS-L1/disposition', { disposition: 'released', password: HUB_PASSWORD });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body.disposition).toMatchObject({ decision: 'released', signedBy: 'qa.hub', valid: true });
    expect((await lotData('INS-L1'))?.qcStatus).toBe('released');
    expect((await qcStatus('erp', 'INS-L1', 'on-hold')).status).toBe(200);
    expect((await qcStatus('erp', 'INS-L1', 'released')).status).toBe(200);
  });

  it('FR-153 P11-09 a steward cannot bring material QC did not inspect under a released lot or one under inspection: no new container, no larger quantity', async () => {
    // INS-L1 was released by its disposition: a container found later is not part of that release.
    const late = await putContainer(container('INS-L1-C9', 'INS-L1', '25'));
    expect(late.status, JSON.stringify(late.body)).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'CONTAINER_NOT_INSPECTED', details: { fields: ['lotId'] } });
    // A container of the lot grows: refused; a count corrected down stays the steward's.
    const c1 = (await q.hub.hub.services.ctx.db.select().from(masterData).where(and(eq(masterData.kind, 'container'), eq(masterData.key, 'INS-L1-C1'))))[0]!.data as ReturnType<typeof container>;
    expect(c1.quantity.unit).toBe('kg');
    const grown = await putContainer({ ...c1, quantity: { amount: '250', unit: 'kg' } });
    expect(grown.body.error).toMatchObject({ code: 'CONTAINER_NOT_INSPECTED', details: { fields: ['quantity'] } });
    expect((await putContainer({ ...c1, quantity: { amount: '24', unit: 'kg' } })).status).toBe(200);
    // Withdrawn and registered again with more in it: still compared with its last record.
    expect((await api('md.zhou', 'DELETE', '/api/v1/master-data/container/INS-L1-C1', { reason: 'withdrawn' })).status).toBe(200);
    expect((await putContainer({ ...c1, quantity: { amount: '30', unit: 'kg' } })).body.error?.code).toBe('CONTAINER_NOT_INSPECTED');
    expect((await putContainer({ ...c1, quantity: { amount: '24', unit: 'kg' } })).status).toBe(200);
    // Nor moved to another lot (FR-143), nor added to a lot whose sampling plan is being worked.
    expect((await putContainer({ ...c1, lotId: 'INS-L2' })).body.error?.code).toBe('MASTER_DATA_FIELD_FIXED');
    expect((await putContainer(container('INS-L2-C9', 'INS-L2', '25'))).body.error?.code).toBe('CONTAINER_NOT_INSPECTED');
    // A lot a steward registered (no sampling task): containers while in quarantine, none once the LIMS released it.
    expect((await api('md.zhou', 'PUT', '/api/v1/master-data/lot/INS-L3', { data: { lotId: 'INS-L3', materialCode: 'API-PARA', lotNumber: 'L3', qcStatus: 'quarantine', expiryDate: '2029-06-30' }, reason: 'register' })).status).toBe(200);
    expect((await putContainer(container('INS-L3-C1', 'INS-L3', '25'))).status).toBe(200);
    expect((await putContainer(container('INS-L3-C1', 'INS-L3', '26'))).status).toBe(200);
    expect((await qcStatus('erp', 'INS-L3', 'released')).status).toBe(200);
    expect((await putContainer(container('INS-L3-C2', 'INS-L3', '25'))).body.error?.code).toBe('CONTAINER_NOT_INSPECTED');
    // Held after its release: a hold does not reopen the lot to new material.
    expect((await qcStatus('md.zhou', 'INS-L3', 'on-hold')).status).toBe(200);
    expect((await putContainer(container('INS-L3-C2', 'INS-L3', '25'))).body.error?.code).toBe('CONTAINER_NOT_INSPECTED');
    expect((await putContainer(container('INS-L3-C1', 'INS-L3', '27'))).body.error?.code).toBe('CONTAINER_NOT_INSPECTED');
    expect(await refusals('container/INS-L3-C2')).toEqual(['CONTAINER_NOT_INSPECTED', 'CONTAINER_NOT_INSPECTED']);
  });

  it('FR-153 P11-09 a container registered ahead of its lot does not join the lot\'s goods receipt uninspected', async () => {
    // The steward registers PRE-C1 (900 kg) under lot FUT-L1, which the ERP has not received yet.
    const early = await putContainer(container('PRE-C1', 'FUT-L1', '900'));
    expect(early.status, JSON.stringify(early.body)).toBe(422);
    expect(early.body.error).toMatchObject({ code: 'LOT_UNKNOWN', details: { fields: ['lotId'] } });
    // A withdrawn lot has no current record either.
    expect((await api('md.zhou', 'PUT', '/api/v1/master-data/lot/INS-L5', { data: { lotId: 'INS-L5', materialCode: 'API-PARA', lotNumber: 'L5', qcStatus: 'quarantine', expiryDate: '2029-06-30' }, reason: 'register' })).status).toBe(200);
    expect((await api('md.zhou', 'DELETE', '/api/v1/master-data/lot/INS-L5', { reason: 'withdrawn' })).status).toBe(200);
    expect((await putContainer(container('INS-L5-C1', 'INS-L5', '25'))).body.error?.code).toBe('LOT_UNKNOWN');
    expect(await refusals('container/PRE-C1')).toEqual(['LOT_UNKNOWN']);
    // A container already naming the lot (registered by seeding code, or before this check): the
    // receipt is refused, its sample plan would not cover it.
    const ctx = q.hub.hub.services.ctx;
    const seeded = await new MasterDataService(ctx).put({ userId: 'seed', username: 'seed', roles: ['admin'] }, 'container', 'PRE-C2', { data: container('PRE-C2', 'FUT-L2', '900'), expectedVersion: 0, reason: 'seed', via: 'seed' });
    expect(seeded.ok, JSON.stringify(seeded)).toBe(true);
    const receipt = await postB2mml(q, 'erp', b2mmlReceipt({ receiptId: 'GR-FUT-2', material: 'API-PARA', lotId: 'FUT-L2', lotNumber: 'FUT-L2', containers: 1, supplierStatus: 'approved' }));
    expect(receipt.status, JSON.stringify(receipt.body)).toBe(409);
    expect((receipt.body as { error?: { code: string; details?: unknown } }).error).toMatchObject({ code: 'CONFLICT', details: { key: 'PRE-C2', lotId: 'FUT-L2' } });
    // FUT-L1 (no container ahead of it) is received with all its containers in its sample plan.
    const fut1 = await postB2mml(q, 'erp', b2mmlReceipt({ receiptId: 'GR-FUT-1', material: 'API-PARA', lotId: 'FUT-L1', lotNumber: 'FUT-L1', containers: 1, supplierStatus: 'approved' }));
    expect(fut1.status, JSON.stringify(fut1.body)).toBe(201);
    expect((await putContainer(container('PRE-C1', 'FUT-L1', '900'))).body.error?.code).toBe('CONTAINER_NOT_INSPECTED');
  });

  it('FR-153 P11-10 a retest cites results recorded for it (never the disposition\'s or an earlier retest\'s), not entered by its signer, within specification; the signed step names who entered them', async () => {
    type Reply = { expiryDate?: string; retestDate?: string | null };
    const retest = (who: string, lotId: string, body: Record<string, unknown>) => api<Reply>(who, 'POST', `/api/v1/quality/lots/${lotId}/retest`, { password: HUB_PASSWORD, reason: 'Retest RT-9 passed all tests', retestDate: '2028-01-31', ...body });
    // No results named: refused before anything else.
    expect((await retest('qa.hub', 'INS-L1', {})).status).toBe(400);
    // Entered elsewhere (LIMS, notebook): the signer is not the person named as having entered them.
    const own = await retest('lin.wei', 'INS-L1', { resultsReference: 'LIMS-RT-9', resultsEnteredBy: 'LIN.WEI' });
    expect(own.body.error?.code, JSON.stringify(own.body)).toBe('REVIEWER_NOT_INDEPENDENT');
    // Recorded at the hub: lin.wei entered one of INS-L2's results by hand, erp the other.
    await sampleAll('IQC-INS-L2');
    expect((await api('erp', 'POST', '/api/v1/quality/results', { results: [results('INS-L2', 99.9, 'R-INS2').results[0]] })).status).toBe(200);
    expect((await api('lin.wei', 'POST', '/api/v1/quality/results', { results: [results('INS-L2', 99.9, 'R-INS2').results[1]] })).status).toBe(200);
    expect((await api('qa.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-INS-L2/disposition', { disposition: 'released', password: HUB_PASSWORD })).status).toBe(201);
    // The retest's own results, recorded after the disposition: erp one, lin.wei the other by hand.
    expect((await api('erp', 'POST', '/api/v1/quality/results', { results: [results('INS-L2', 99.7, 'R-INS2R').results[0]] })).status).toBe(200);
    expect((await api('lin.wei', 'POST', '/api/v1/quality/results', { results: [results('INS-L2', 99.7, 'R-INS2R').results[1]] })).status).toBe(200);
    const hubEntered = await retest('lin.wei', 'INS-L2', { resultIds: ['R-INS2R-A', 'R-INS2R-I'] });
    expect(hubEntered.body.error).toMatchObject({ code: 'REVIEWER_NOT_INDEPENDENT', details: { resultIds: ['R-INS2R-I'] } });
    expect((await retest('qa.hub', 'INS-L2', { resultIds: ['R-INS1-A'] })).body.error?.code).toBe('NOT_FOUND');
    // The incoming inspection's results prove no retest: its disposition cited them.
    const original = await retest('qa.hub', 'INS-L2', { resultIds: ['R-INS2-A', 'R-INS2-I'], expiryDate: '2030-01-31' });
    expect(original.status, JSON.stringify(original.body)).toBe(409);
    expect(original.body.error).toMatchObject({ code: 'IQC_RETEST_RESULT_NOT_NEW', details: { resultIds: ['R-INS2-A', 'R-INS2-I'] } });
    expect(await refusals('INS-L2')).toEqual(['REVIEWER_NOT_INDEPENDENT', 'NOT_FOUND', 'IQC_RETEST_RESULT_NOT_NEW']);
    const byOther = await retest('qa.hub', 'INS-L2', { resultIds: ['R-INS2R-A', 'R-INS2R-I'] });
    expect(byOther.status, JSON.stringify(byOther.body)).toBe(201);
    // Nor does one retest's result prove the next.
    expect((await retest('qa.second', 'INS-L2', { resultIds: ['R-INS2R-I'], expiryDate: '2032-01-31' })).body.error?.code).toBe('IQC_RETEST_RESULT_NOT_NEW');
    // The disposed task is still evaluated over the results its disposition was signed on.
    const task = (await api<SamplingTaskView>('qa.hub', 'GET', '/api/v1/quality/iqc/tasks/IQC-INS-L2')).body as SamplingTaskView;
    expect(task.evaluation?.tests.map((t) => t.resultId)).toEqual(['R-INS2-A', 'R-INS2-I']);
    // Results entered elsewhere name an active hub user.
    expect((await retest('qa.hub', 'INS-L1', { resultsReference: 'LIMS-RT-9', resultsEnteredBy: 'nobody.here' })).body.error?.code).toBe('IQC_RETEST_ENTERER_UNKNOWN');
    const elsewhere = await retest('qa.hub', 'INS-L1', { resultsReference: 'LIMS-RT-9', resultsEnteredBy: 'lin.wei' });
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(201);
    expect(elsewhere.body.retestDate).toBe('2028-01-31');
    const steps = await q.hub.hub.services.ctx.db.select().from(qualitySignatures).where(and(eq(qualitySignatures.subjectKind, 'iqc-record'), eq(qualitySignatures.username, 'qa.hub')));
    expect(steps.filter((s) => s.subjectKey.startsWith('INS-L')).map((s) => s.subjectKey).sort()).toEqual(['INS-L1/retest-v7', 'INS-L2/retest-v3']);
    const audited = await q.hub.hub.services.ctx.db.select().from(hubAudit).where(eq(hubAudit.action, 'iqc.retest_signed'));
    const data = audited.map((a) => JSON.stringify(a.details));
    expect(data.some((d) => d.includes('LIMS-RT-9') && d.includes('lin.wei')), data.join('\n')).toBe(true);
    expect(data.some((d) => d.includes('R-INS2R-I') && d.includes('lin.wei') && d.includes('erp')), data.join('\n')).toBe(true);
    // A retest citing a result out of specification extends nothing.
    const failing = await postB2mml(q, 'erp', b2mmlReceipt({ receiptId: 'GR-INS-4', material: 'API-PARA', lotId: 'INS-L4', lotNumber: 'L4', containers: 1, supplierStatus: 'approved' }));
    expect(failing.status).toBe(201);
    await sampleAll('IQC-INS-L4');
    expect((await api('erp', 'POST', '/api/v1/quality/results', results('INS-L4', 91.0, 'R-INS4'))).status).toBe(200);
    expect((await api('qa.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-INS-L4/disposition', { disposition: 'rejected', password: HUB_PASSWORD })).status).toBe(201);
    expect((await api('erp', 'POST', '/api/v1/quality/results', results('INS-L4', 92.0, 'R-INS4R'))).status).toBe(200);
    const oos = await retest('qa.second', 'INS-L4', { resultIds: ['R-INS4R-A', 'R-INS4R-I'], expiryDate: '2030-01-31' });
    expect(oos.status, JSON.stringify(oos.body)).toBe(409);
    expect(oos.body.error).toMatchObject({ code: 'IQC_RETEST_FAILED', details: { resultIds: ['R-INS4R-A'] } });
  });

  it('FR-143 A11-25 a deviation record naming a batch whose participants cannot be read is not closed (any failure but BATCH_UNKNOWN)', async () => {
    const devStep = (who: string, id: string, body: Record<string, unknown>) => api<DeviationRecordView>(who, 'POST', `/api/v1/quality/deviations/${id}/steps`, { password: HUB_PASSWORD, ...body });
    const raised = await api<DeviationRecordView>('qa.hub', 'POST', '/api/v1/quality/deviations', { title: 'Granulate moisture high', description: 'Loss on drying above the in-process limit.', batchNumber: 'B-UNREAD-1', password: HUB_PASSWORD });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const id = raised.body.id!;
    await devStep('qa.hub', id, { step: 'classify', classification: 'minor' });
    await devStep('qa.second', id, { step: 'investigate', rootCause: { method: 'five-whys', whys: ['Dryer stopped early.'], rootCause: 'End point set too early.' } });
    await devStep('qa.hub', id, { step: 'assess-impact', lots: [], assessment: 'This batch only.' });
    const planned = await devStep('qa.hub', id, { step: 'plan-capa', actions: [{ kind: 'corrective', description: 'Reset the end point', owner: 'qa.hub', dueDate: '2099-01-01' }] });
    await devStep('qa.hub', id, { step: 'complete-action', actionId: planned.body.actions![0]!.id, note: 'Done.' });
    expect((await devStep('qa.hub', id, { step: 'check-effectiveness', evidence: 'No high moisture since.' })).body.state).toBe('effectiveness-checked');
    // The closer is independent; only who took part in the batch cannot be read (its ledger rows,
    // say, fail to load). The QA person closing it gets the typed refusal, and the record stays open.
    const ctx = q.hub.hub.services.ctx;
    const [user] = await ctx.db.select().from(hubUsers).where(eq(hubUsers.username, 'qa.qp'));
    const signer = { userId: user!.userId, username: 'qa.qp', roles: user!.roles as HubPrincipal['roles'] };
    const unreadable = { assess: async () => err('IO_ERROR', 'ledger rows of the batch could not be read') } as unknown as ReviewService;
    const deviations = new DeviationService(ctx, unreadable, q.quality.traces);
    const closed = await deviations.step(signer, id, { step: 'close', conclusion: 'Closed.', password: HUB_PASSWORD });
    expect(closed.ok).toBe(false);
    expect(!closed.ok && closed.error).toMatchObject({ code: 'IO_ERROR', details: { batchNumber: 'B-UNREAD-1' } });
    expect(!closed.ok && closed.error.message).toContain('cannot be read');
    const throwing = new DeviationService(ctx, { assess: async () => Promise.reject(new Error('connection lost')) } as unknown as ReviewService, q.quality.traces);
    await expect(throwing.step(signer, id, { step: 'close', conclusion: 'Closed.', password: HUB_PASSWORD })).rejects.toThrow('connection lost');
    expect((await api<DeviationRecordView>('qa.hub', 'GET', `/api/v1/quality/deviations/${id}`)).body.state).toBe('effectiveness-checked');
    expect(await refusals(id)).toEqual(['IO_ERROR']);
    // Through the hub (the batch never reached it: BATCH_UNKNOWN, nobody took part here) it closes.
    expect((await devStep('qa.qp', id, { step: 'close', conclusion: 'Root cause removed. Closed.' })).body.state).toBe('closed');
  });
});
