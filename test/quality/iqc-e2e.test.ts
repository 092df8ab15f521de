/**
 * IQC end to end (issue 12 item 1), on PGlite and on PostgreSQL, with a real station core synced
 * to a real hub: the ERP's goods receipt (B2MML) → lots in quarantine and a sampling task (√n+1)
 * → samples recorded (the containers' stock goes down at the station too) and labelled (ZPL,
 * GS1) → LIMS results with the CoA reference → the disposition the specification implies, signed
 * by QC → the station refuses the lot while quarantined and accepts it after the next sync.
 * Then an out-of-specification lot: rejected, with an OOS record opened in the same act.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { parseBarcode } from '../../src-shared/gs1/parse-barcode.ts';
import type { DeviationRecordView } from '../../src-shared/quality/deviation-contract.ts';
import type { SamplingTaskView } from '../../src-shared/quality/iqc-contract.ts';
import type { PlannedLine } from '../../src-shared/orders/execution-plan.ts';
import { formatMass } from '../../src-shared/mass.ts';
import { checkContainerForLine, containerFacts } from '../../src-main/core/engine/material-checks.ts';
import { hubAudit, masterDataChanges } from '../../src-server/db/schema.ts';
import { qualitySignatures } from '../../src-server/quality/db/quality-schema.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';
import { b2mmlReceipt, iqcApi, postB2mml, provisionIqcPeople, putMaterial, putSpec, syncMasterData } from './support/iqc-setup.ts';

const LINE: PlannedLine = {
  lineId: 'L1',
  materialCode: 'API-IBU',
  materialName: 'Ibuprofen',
  nominal: { amount: '10', unit: 'kg' },
  tolerance: { type: 'percent', minus: '1', plus: '1' },
  potency: { corrected: false },
  compensatesFor: null,
  handlingNotes: [],
  safetyNotes: [],
};

describe.each(QUALITY_BACKENDS)('IQC end to end on %s', (backendName) => {
  let q: QualityHub;
  let api: ReturnType<typeof iqcApi>;
  const stationCheck = (containerId: string) => {
    const scan = { containerId, gtin: null, lotNumber: null };
    return checkContainerForLine(LINE, scan, containerFacts(q.station.masterData.reader, scan), q.station.clock.now().toISOString().slice(0, 10));
  };

  beforeAll(async () => {
    q = await startQualityHub(backendName);
    api = iqcApi(q);
    await provisionIqcPeople(q);
    await putMaterial(q, 'API-IBU', 'Ibuprofen');
    await putSpec(q, 'API-IBU');
  }, 240_000);
  afterAll(async () => {
    await q?.close();
  });

  it('FR-46 FR-47 FR-48 IQC end to end: receipt → quarantine → sampling → LIMS result → automatic disposition → a station refuses, then accepts, the lot after sync', async () => {
    // The ERP sends the receipt: 5 containers from a supplier that is not approved → √5+1 → 4 sampled.
    const received = await postB2mml(q, 'erp', b2mmlReceipt({ receiptId: 'GR-4711', material: 'API-IBU', lotId: 'IBU-L1', lotNumber: 'IBU2026A', containers: 5, supplierStatus: 'new' }));
    expect(received.status, JSON.stringify(received.body)).toBe(201);
    expect(received.body.tasks).toEqual([{ id: 'IQC-IBU-L1', lotId: 'IBU-L1', state: 'open' }]);
    // Sent again: the same answer, nothing new.
    expect((await postB2mml(q, 'erp', b2mmlReceipt({ receiptId: 'GR-4711', material: 'API-IBU', lotId: 'IBU-L1', lotNumber: 'IBU2026A', containers: 5, supplierStatus: 'new' }))).body.tasks).toHaveLength(1);

    let task = (await api<SamplingTaskView>('op.hub', 'GET', '/api/v1/quality/iqc/tasks/IQC-IBU-L1')).body as SamplingTaskView;
    expect(task.plan).toEqual({ rule: 'sqrt-n-plus-1', containers: 4, of: 5 });
    expect(task.specVersion).toBe(1);
    expect(task.containers.map((c) => c.containerId)).toEqual(['IBU-L1-C1', 'IBU-L1-C2', 'IBU-L1-C3', 'IBU-L1-C4']);

    // The station learns the lot in quarantine and refuses it.
    await syncMasterData(q);
    expect(q.station.masterData.reader.get('lot', 'IBU-L1')?.data.qcStatus).toBe('quarantine');
    const refused = stationCheck('IBU-L1-C5');
    expect(!refused.ok && refused.error.code).toBe('LOT_NOT_RELEASED');

    // Results before sampling are refused; samples are labelled and recorded.
    const early = await api('erp', 'POST', '/api/v1/quality/results', { results: [{ resultId: 'LIMS-1', lotId: 'IBU-L1', testCode: 'ASSAY', value: 99.6, unit: '%', coaReference: 'COA-ACME-88' }] });
    expect(early.body.error?.code).toBe('IQC_STATE_INVALID');
    const labels = await q.hub.api<string>('GET', '/api/v1/quality/iqc/tasks/IQC-IBU-L1/labels', undefined, await q.token('op.hub'));
    expect(labels.status).toBe(200);
    expect(labels.body.match(/\^XA/g)).toHaveLength(4);
    const fd = /\^BXN,6,200,,,,_,1\^FD([^^]+)\^FS/.exec(labels.body)![1]!;
    const scanned = parseBarcode(']d2' + fd.replace(/^_1/, '').replaceAll('_1', '\x1D').replaceAll('__', '_'));
    expect(scanned.ok && scanned.value.elements.map((e) => `${e.ai}=${e.value}`)).toEqual(['10=IBU2026A', '21=S1']);
    // Recording a sample is the sampler's e-signature ("performed"): a wrong password records nothing and counts toward the lockout.
    const wrong = await api('op.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-IBU-L1/samples', { containerId: task.containers[0]!.containerId, quantity: { amount: '50', unit: 'g' }, password: 'not-the-password' });
    expect([wrong.status, wrong.body.error?.code]).toEqual([422, 'SIGNATURE_PASSWORD_INVALID']);
    expect((await api<SamplingTaskView>('op.hub', 'GET', '/api/v1/quality/iqc/tasks/IQC-IBU-L1')).body.containers![0]).toMatchObject({ sampledAt: null, signature: null });
    const counted = (await q.hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'iqc.refused'))).filter((r) => r.actor === 'op.hub' && (r.details as { code?: string }).code === 'SIGNATURE_PASSWORD_INVALID');
    expect(counted).toHaveLength(1);
    expect((await api('op.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-IBU-L1/samples', { containerId: task.containers[0]!.containerId, quantity: { amount: '50', unit: 'g' } })).status).toBe(400);
    for (const c of task.containers) {
      const s = await api<{ taskState: string; signatureId: number }>('op.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-IBU-L1/samples', { containerId: c.containerId, quantity: { amount: '50', unit: 'g' }, password: HUB_PASSWORD });
      expect(s.status, JSON.stringify(s.body)).toBe(201);
      expect(s.body.signatureId).toEqual(expect.any(Number));
    }
    expect((await api('op.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-IBU-L1/samples', { containerId: 'IBU-L1-C5', quantity: { amount: '50', unit: 'g' }, password: HUB_PASSWORD })).body.error?.code).toBe('IQC_STATE_INVALID');
    const sampled = (await api<SamplingTaskView>('qa.hub', 'GET', '/api/v1/quality/iqc/tasks/IQC-IBU-L1')).body as SamplingTaskView;
    expect(sampled.containers.map((c) => c.signature)).toEqual(sampled.containers.map(() => ({ printedName: 'Olli Operator', meaning: 'performed', signedAt: expect.any(String), valid: true })));
    const sampleSigs = (await q.hub.hub.db.orm.select().from(qualitySignatures).where(eq(qualitySignatures.subjectKind, 'iqc-record'))).filter((x) => x.subjectKey.startsWith('IQC-IBU-L1/sampled-'));
    expect(sampleSigs.map((x) => [x.username, x.meaning])).toEqual(sampled.containers.map(() => ['op.hub', 'performed']));
    const sampledAudit = (await q.hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'iqc.sampled'))).filter((r) => r.subject === 'IQC-IBU-L1');
    expect(sampledAudit[0]!.details).toMatchObject({ meaning: 'performed', signatureId: expect.any(Number), data: { containerId: 'IBU-L1-C1', quantity: { amount: '50', unit: 'g' } } });

    // The LIMS sends its results (twice: the second delivery is a no-op).
    const results = { results: [
      { resultId: 'LIMS-1', lotId: 'IBU-L1', testCode: 'ASSAY', value: 99.6, unit: '%', coaReference: 'COA-ACME-88' },
      { resultId: 'LIMS-2', lotId: 'IBU-L1', testCode: 'ID-IR', value: 'conforms', coaReference: 'COA-ACME-88' },
    ] };
    const first = await api<{ accepted: number; duplicates: number }>('erp', 'POST', '/api/v1/quality/results', results);
    expect(first.body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await api<{ accepted: number; duplicates: number }>('erp', 'POST', '/api/v1/quality/results', results)).body).toMatchObject({ accepted: 0, duplicates: 2 });

    task = (await api<SamplingTaskView>('qa.hub', 'GET', '/api/v1/quality/iqc/tasks/IQC-IBU-L1')).body as SamplingTaskView;
    expect(task.state).toBe('sampled');
    expect(task.evaluation).toMatchObject({ disposition: 'released', tests: [{ code: 'ASSAY', verdict: 'pass' }, { code: 'ID-IR', verdict: 'pass' }] });

    // QC signs what the results say; not something else, not with a wrong password.
    expect((await api('qa.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-IBU-L1/disposition', { disposition: 'rejected', password: HUB_PASSWORD })).body.error?.code).toBe('CONFLICT');
    expect((await api('qa.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-IBU-L1/disposition', { disposition: 'released', password: 'wrong-password' })).body.error?.code).toBe('SIGNATURE_PASSWORD_INVALID');
    // The wrong password at the disposition counts toward the lockout and is audited (11.300(d)), although nothing else is kept.
    const refusedDisposition = (await q.hub.hub.db.orm.select().from(hubAudit).where(eq(hubAudit.action, 'iqc.refused'))).filter((r) => r.actor === 'qa.hub' && (r.details as { step?: string }).step === 'iqc.disposition_signed');
    expect(refusedDisposition.map((r) => (r.details as { code: string; failedAttempts: number })).map((d) => [d.code, d.failedAttempts])).toEqual([['SIGNATURE_PASSWORD_INVALID', 1]]);
    expect((await api<SamplingTaskView>('qa.hub', 'GET', '/api/v1/quality/iqc/tasks/IQC-IBU-L1')).body.state).toBe('sampled');
    expect((await api('op.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-IBU-L1/disposition', { disposition: 'released', password: HUB_PASSWORD })).status).toBe(403);
    const signed = await api<SamplingTaskView>('qa.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-IBU-L1/disposition', { disposition: 'released', password: HUB_PASSWORD });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body.disposition).toMatchObject({ decision: 'released', signedBy: 'qa.hub', meaning: 'released', oosRecord: null, valid: true });
    const [sig] = await q.hub.hub.db.orm.select().from(qualitySignatures).where(eq(qualitySignatures.subjectKey, 'IQC-IBU-L1/disposed'));
    expect(sig).toMatchObject({ subjectKind: 'iqc-record', username: 'qa.hub', meaning: 'released' });

    // After the next sync the station accepts the lot, and counts down from the sampled stock.
    await syncMasterData(q);
    expect(q.station.masterData.reader.get('lot', 'IBU-L1')?.data.qcStatus).toBe('released');
    expect(stationCheck('IBU-L1-C5').ok).toBe(true);
    expect(formatMass(q.station.masterData.reader.containerLeft('IBU-L1-C1')!)).toBe('24.950 kg');
    expect(formatMass(q.station.masterData.reader.containerLeft('IBU-L1-C5')!)).toBe('25.000 kg');

    const actions = (await q.hub.hub.db.orm.select({ action: hubAudit.action }).from(hubAudit)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['iqc.received', 'iqc.sampled', 'iqc.results_recorded', 'iqc.disposition_signed', 'iqc.refused']));
  }, 240_000);

  it('FR-48 an out-of-specification result rejects the lot and opens an OOS record (lab phase first); a hand-entered result needs another QC person to sign', async () => {
    const received = await api('md.zhou', 'POST', '/api/v1/quality/iqc/receipts', {
      receiptId: 'GR-4712',
      material: 'API-IBU',
      supplier: { code: 'SUP-ACME', status: 'approved' },
      lots: [{ lotId: 'IBU-L2', lotNumber: 'IBU2026B', expiryDate: '2029-06-30', containers: [1, 2, 3, 4].map((i) => ({ containerId: `IBU-L2-C${i}`, quantity: { amount: '25', unit: 'kg' }, tare: { amount: '1.2', unit: 'kg' } })) }],
    });
    expect(received.status, JSON.stringify(received.body)).toBe(201);
    const task = (await api<SamplingTaskView>('qa.hub', 'GET', '/api/v1/quality/iqc/tasks/IQC-IBU-L2')).body as SamplingTaskView;
    expect(task.plan).toEqual({ rule: 'reduced-sqrt-n', containers: 2, of: 4 });
    for (const c of task.containers) await api('op.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-IBU-L2/samples', { containerId: c.containerId, quantity: { amount: '50', unit: 'g' }, password: HUB_PASSWORD });
    const entered = await api('lin.wei', 'POST', '/api/v1/quality/results', { results: [
      { resultId: 'LAB-7', lotId: 'IBU-L2', testCode: 'ASSAY', value: 96.1, unit: '%', coaReference: 'LAB-REPORT-7' },
      { resultId: 'LAB-8', lotId: 'IBU-L2', testCode: 'ID-IR', value: 'conforms', coaReference: 'LAB-REPORT-7' },
    ] });
    expect(entered.status, JSON.stringify(entered.body)).toBe(200);
    expect((await api('lin.wei', 'POST', '/api/v1/quality/iqc/tasks/IQC-IBU-L2/disposition', { disposition: 'rejected', password: HUB_PASSWORD })).body.error?.code).toBe('REVIEWER_NOT_INDEPENDENT');
    const signed = await api<SamplingTaskView>('qa.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-IBU-L2/disposition', { disposition: 'rejected', password: HUB_PASSWORD });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    const oos = signed.body.disposition!.oosRecord!;
    expect(oos).toMatch(/^DEV-\d{4}-\d{4}$/);
    const record = (await api<DeviationRecordView>('qa.hub', 'GET', `/api/v1/quality/deviations/${oos}`)).body as DeviationRecordView;
    expect(record).toMatchObject({ kind: 'oos', state: 'raised', lots: ['IBU-L2'], raisedBy: 'qa.hub' });
    expect(record.description).toContain('LAB-7');
    await syncMasterData(q);
    expect(q.station.masterData.reader.get('lot', 'IBU-L2')?.data.qcStatus).toBe('rejected');
    const refused = stationCheck('IBU-L2-C1');
    expect(!refused.ok && refused.error.code).toBe('LOT_NOT_RELEASED');
  }, 240_000);

  it('FR-112 the reasons the hub writes for a receipt, a sample and a disposition are stored as a code and values beside the English, in the change feed and the audit trail', async () => {
    const db = q.hub.hub.services.ctx.db;
    const lot = await db.select().from(masterDataChanges).where(eq(masterDataChanges.key, 'IBU-L2')).orderBy(masterDataChanges.version);
    expect(lot.map((r) => [r.version, r.reasonKey, r.reasonParams])).toEqual([
      [1, 'goods-receipt', { note: 'goods receipt', receiptId: 'GR-4712', supplier: 'SUP-ACME' }],
      [2, 'qc-disposition', { status: 'rejected', taskId: 'IQC-IBU-L2', specVersion: 1, oosRecord: expect.stringMatching(/^DEV-/) }],
    ]);
    expect(lot[1]!.reason).toMatch(/^QC status rejected: disposition IQC-IBU-L2 \(spec v1\), DEV-/);
    const sampled = await db.select().from(masterDataChanges).where(eq(masterDataChanges.reasonKey, 'iqc-sampled'));
    expect(sampled.find((r) => r.key === 'IBU-L2-C1' || r.key.startsWith('IBU-L2-'))?.reasonParams).toEqual({ amount: '50', unit: 'g', taskId: 'IQC-IBU-L2' });
    const audited = (await db.select().from(hubAudit).where(eq(hubAudit.subject, 'lot/IBU-L2'))).map((a) => a.details as Record<string, unknown>);
    expect(audited.map((d) => d.reasonKey)).toEqual(['goods-receipt', 'qc-disposition']);
    // A person's reason carries no code.
    await putMaterial(q, 'API-PARA', 'Paracetamol');
    const [person] = await db.select().from(masterDataChanges).where(eq(masterDataChanges.key, 'API-PARA'));
    expect([person!.reason, person!.reasonKey, person!.reasonParams]).toEqual(['new material', null, null]);
  });
});
