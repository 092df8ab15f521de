/**
 * The LIMS and ERP side of incoming inspection (issue 12 item 1), on PGlite and on PostgreSQL:
 * who may call, and what hostile or malformed input gets — a typed 4xx, and nothing half-stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { SamplingTaskView } from '../../src-shared/quality/iqc-contract.ts';
import { masterData } from '../../src-server/db/schema.ts';
import { qualityResults, iqcReceipts } from '../../src-server/quality/iqc/iqc-schema.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';
import { b2mmlReceipt, iqcApi, postB2mml, provisionIqcPeople, putMaterial, putSpec } from './support/iqc-setup.ts';

describe.each(QUALITY_BACKENDS)('LIMS and ERP API refusals on %s', (backendName) => {
  let q: QualityHub;
  let api: ReturnType<typeof iqcApi>;
  const result = (resultId: string, value: number | string, testCode = 'ASSAY', lotId = 'PARA-L1') => ({ resultId, lotId, testCode, value, coaReference: 'COA-1', ...(testCode === 'ASSAY' ? { unit: '%' } : {}) });
  const stored = async () => (await q.hub.hub.db.orm.select({ id: qualityResults.resultId }).from(qualityResults)).map((r) => r.id).sort();

  beforeAll(async () => {
    q = await startQualityHub(backendName);
    api = iqcApi(q);
    await provisionIqcPeople(q);
    await putMaterial(q, 'API-PARA', 'Paracetamol');
    await putMaterial(q, 'EXC-TALC', 'Talc');
    await putSpec(q, 'API-PARA');
    const r = await postB2mml(q, 'erp', b2mmlReceipt({ receiptId: 'GR-1', material: 'API-PARA', lotId: 'PARA-L1', lotNumber: 'P1', containers: 2, supplierStatus: 'approved' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const task = (await api<SamplingTaskView>('op.hub', 'GET', '/api/v1/quality/iqc/tasks/IQC-PARA-L1')).body as SamplingTaskView;
    expect(task.plan.rule).toBe('all');
    for (const c of task.containers) await api('op.hub', 'POST', '/api/v1/quality/iqc/tasks/IQC-PARA-L1/samples', { containerId: c.containerId, quantity: { amount: '20', unit: 'g' }, password: HUB_PASSWORD });
  }, 240_000);
  afterAll(async () => {
    await q?.close();
  });

  it('FR-47 results need a session with the lims or qa role', async () => {
    const anonymous = await q.hub.api<{ error: { code: string } }>('POST', '/api/v1/quality/results', { results: [result('R-0', 99)] }, 'not-a-token');
    expect(anonymous.status).toBe(401);
    expect((await api('op.hub', 'POST', '/api/v1/quality/results', { results: [result('R-0', 99)] })).status).toBe(403);
    expect((await api('qp.hub', 'POST', '/api/v1/quality/results', { results: [result('R-0', 99)] })).status).toBe(403);
    expect(await stored()).toEqual([]);
  }, 120_000);

  it('FR-47 malformed or hostile results are refused with a typed 4xx, and one bad result stores none of its request', async () => {
    const cases: [unknown, number, string][] = [
      [{ results: [] }, 400, 'INPUT_INVALID'],
      [{ results: [{ ...result('R-1', 99), value: null }] }, 400, 'INPUT_INVALID'],
      [{ results: [{ ...result('R-1', 99), resultId: '../../etc' }] }, 400, 'INPUT_INVALID'],
      [{ results: [{ ...result('R-1', 99), coaReference: '' }] }, 400, 'INPUT_INVALID'],
      [{ results: [result('R-1', 99), result('R-1', 99)] }, 400, 'INPUT_INVALID'],
      [{ results: [result('R-1', 99), result('R-2', 'x', 'NO-SUCH-TEST')] }, 400, 'INPUT_INVALID'],
      [{ results: [result('R-1', 99), result('R-2', 99, 'ASSAY', 'NO-SUCH-LOT')] }, 404, 'NOT_FOUND'],
      [{ results: [result('R-1', 99), { ...result('R-2', 'conforms', 'ID-IR'), lotId: 'x'.repeat(65) }] }, 400, 'INPUT_INVALID'],
    ];
    for (const [body, status, code] of cases) {
      const r = await api('erp', 'POST', '/api/v1/quality/results', body);
      expect([r.status, r.body.error?.code], JSON.stringify(body).slice(0, 200)).toEqual([status, code]);
    }
    const nul = await fetch(`${q.hub.url}/api/v1/quality/results`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await q.token('erp')}` }, body: '{"results":[{"resultId":"R-9","lotId":"PARA-L1","testCode":"ID-IR","value":"con\\u0000forms","coaReference":"C"}]}' });
    expect(nul.status).toBe(400);
    expect(await stored()).toEqual([]);
  }, 120_000);

  it('FR-47 is idempotent by result id: the same result again is a duplicate, other content under its id is a conflict that stores nothing', async () => {
    expect((await api<{ accepted: number }>('erp', 'POST', '/api/v1/quality/results', { results: [result('R-1', 99.1)] })).body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await api('erp', 'POST', '/api/v1/quality/results', { results: [result('R-1', 99.1), result('R-2', 'conforms', 'ID-IR')] })).body).toMatchObject({ accepted: 1, duplicates: 1 });
    const changed = await api('erp', 'POST', '/api/v1/quality/results', { results: [result('R-3', 100, 'ASSAY'), result('R-1', 101.9)] });
    expect(changed.status).toBe(409);
    expect(changed.body.error?.code).toBe('IQC_RESULT_CONFLICT');
    expect(await stored()).toEqual(['R-1', 'R-2']);
  }, 120_000);

  it('FR-46 a B2MML receipt that is hostile, malformed or for a material without a specification is refused and leaves no lot behind', async () => {
    const doctype = await postB2mml(q, 'erp', b2mmlReceipt({ receiptId: 'GR-2', material: 'API-PARA', lotId: 'PARA-L2', lotNumber: 'P2', containers: 1, supplierStatus: 'new', doctype: true }));
    expect([doctype.status, doctype.body.error?.code]).toEqual([400, 'IQC_RECEIPT_INVALID']);
    const broken = await postB2mml(q, 'erp', '<MaterialInformation><ID>GR-3</ID><MaterialLot>');
    expect([broken.status, broken.body.error?.code]).toEqual([400, 'IQC_RECEIPT_INVALID']);
    const noSpec = await postB2mml(q, 'erp', b2mmlReceipt({ receiptId: 'GR-4', material: 'EXC-TALC', lotId: 'TALC-L1', lotNumber: 'T1', containers: 3, supplierStatus: 'new' }));
    expect([noSpec.status, noSpec.body.error?.code]).toEqual([404, 'SPEC_UNKNOWN']);
    const badDate = await postB2mml(q, 'erp', b2mmlReceipt({ receiptId: 'GR-5', material: 'API-PARA', lotId: 'PARA-L3', lotNumber: 'P3', containers: 1, supplierStatus: 'new' }).replace('2029-06-30', '2029-13-45'));
    expect([badDate.status, badDate.body.error?.code]).toEqual([400, 'IQC_RECEIPT_INVALID']);
    // A lot that exists already: the whole receipt is refused, its other lot is not created.
    const clash = await api('md.zhou', 'POST', '/api/v1/quality/iqc/receipts', {
      receiptId: 'GR-6',
      material: 'API-PARA',
      supplier: { code: 'SUP-ACME', status: 'new' },
      lots: [
        { lotId: 'PARA-L9', lotNumber: 'P9', expiryDate: '2029-01-31', containers: [{ containerId: 'PARA-L9-C1', quantity: { amount: '5', unit: 'kg' }, tare: { amount: '0.5', unit: 'kg' } }] },
        { lotId: 'PARA-L1', lotNumber: 'P1', expiryDate: '2029-01-31', containers: [{ containerId: 'PARA-L1-C9', quantity: { amount: '5', unit: 'kg' }, tare: { amount: '0.5', unit: 'kg' } }] },
      ],
    });
    expect([clash.status, clash.body.error?.code]).toEqual([409, 'CONFLICT']);
    const valid = { receiptId: 'GR-7', material: 'API-PARA', supplier: { code: 'SUP-ACME', status: 'new' }, lots: [{ lotId: 'PARA-L9', lotNumber: 'P9', expiryDate: '2029-01-31', containers: [{ containerId: 'PARA-L9-C1', quantity: { amount: '5', unit: 'kg' }, tare: { amount: '0.5', unit: 'kg' } }] }] };
    expect((await api('op.hub', 'POST', '/api/v1/quality/iqc/receipts', valid)).status).toBe(403);
    for (const key of ['PARA-L2', 'TALC-L1', 'PARA-L3', 'PARA-L9', 'PARA-L9-C1']) expect(await q.hub.hub.db.orm.select().from(masterData).where(eq(masterData.key, key))).toEqual([]);
    expect((await q.hub.hub.db.orm.select({ id: iqcReceipts.receiptId }).from(iqcReceipts)).map((r) => r.id)).toEqual(['GR-1']);
  }, 120_000);
});
