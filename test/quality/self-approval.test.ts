/**
 * FR-143: nobody approves their own quality record at the hub (trust audit, session 14). The
 * second person of a four-eyes step is checked against everyone who authored the record, not
 * against one step of it:
 *   - a change control is never approved by the person who requested it (before: a QA person
 *     could request a change, name `qa` as its only approver and approve it alone, and a
 *     specification then went into force under that "approved" change);
 *   - a deviation record is never closed by the person who raised it, nor by anyone who signed
 *     an investigation of it (before: only the phase-II signature was compared, so the QA who
 *     signed the laboratory phase I of an OOS/OOT, or who raised it, could close it), nor by
 *     someone who took part in a batch it names: closing the record that follows up a station
 *     deviation closes that deviation for release, and the direct closure already demanded
 *     independence from the batch (before: the batch's own supervisor could close it this way);
 *   - an approval flow (recipes, report templates) always has someone other than the author
 *     sign on the way to "effective" (before: one QA could sign a flow whose only transition,
 *     draft → effective, the author may sign alone, then save a recipe and make it effective
 *     alone: stations ran it).
 *   - a lot is released (or a rejected lot let out of rejection, or its expiry or retest date moved
 *     later) only by QC's decision: the signed IQC disposition or the LIMS; a master-data steward
 *     may quarantine or hold a lot and shorten its dates (before: the steward's qc-status call, or a plain master-data put, released a lot QC had
 *     rejected, and stations used it).
 *   - a lot first registered by a steward is never released, a registered lot keeps its material
 *     and a container its lot and material; a released lot's analytical values are QC's too
 *     (before: a released copy of a rejected lot under a new id, with its containers pointed at it);
 *   - after a passed retest QC extends a lot's dates: the LIMS (qc-status with the dates) or a
 *     signed retest at the hub (before: nobody could, the lot stayed blocked);
 *   - the lims role is held alone: an account that is also a steward is a steward;
 *   - an old lot record today's schema does not read is read for its status and dates.
 * Each refusal of a signer is REVIEWER_NOT_INDEPENDENT, of a steward LOT_DECISION_QC_ONLY or
 * MASTER_DATA_FIELD_FIXED, and in the hub audit trail; the second person then signs as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { ChangeView } from '../../src-shared/quality/change-contract.ts';
import type { DeviationRecordView } from '../../src-shared/quality/deviation-contract.ts';
import { DEFAULT_APPROVAL_FLOW, flowIssues, type ApprovalFlow, type FlowView } from '../../src-shared/recipe/recipe-version-contract.ts';
import { DEFAULT_TEMPLATE_FLOW } from '../../src-shared/reports/template-flow.ts';
import { hubAudit, hubUsers, masterData, masterDataChanges } from '../../src-server/db/schema.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';
import { recordBatch, type RecordedBatch } from './support/station-batch.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';

type Err = { error?: { code: string; message: string; details?: Record<string, unknown> } };

describe.each(QUALITY_BACKENDS)('FR-143 no self-approval of hub quality records on %s', (backendName) => {
  let q: QualityHub;
  let batch: RecordedBatch;
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
  const changeStep = (who: string, id: string, body: Record<string, unknown>) => api<Err & Partial<ChangeView>>(who, 'POST', `/api/v1/quality/changes/${id}/steps`, { password: HUB_PASSWORD, ...body });
  const devStep = (who: string, id: string, body: Record<string, unknown>) => api<Err & Partial<DeviationRecordView>>(who, 'POST', `/api/v1/quality/deviations/${id}/steps`, { password: HUB_PASSWORD, ...body });
  const refusals = async (subject: string) => {
    const rows = await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.subject, subject), eq(hubAudit.ok, false)));
    return rows.map((r) => (r.details as { code?: string }).code);
  };

  beforeAll(async () => {
    q = await startQualityHub(backendName);
    // sup.wang co-signed this batch at the station and holds QA at the hub: not independent of it.
    batch = recordBatch(q.station, { batchNumber: 'B-SELF-001', apiLot: 'API-LOT-S1', excipientLot: 'MCC-LOT-S1', deviation: true });
    await q.sync();
  });
  afterAll(async () => {
    await q?.close();
  });

  it('FR-143 P11-10 the person who requested a change control never approves it, in any role', async () => {
    const requested = await api<Err & Partial<ChangeView>>('qa.qp', 'POST', '/api/v1/quality/changes', {
      title: 'Specification of MCC',
      reason: 'A tighter loss-on-drying limit from the supplier audit.',
      links: [{ kind: 'specification', ref: 'spec/MCC', fromVersion: null, toVersion: 1 }],
      password: HUB_PASSWORD,
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    const id = requested.body.id!;
    expect((await changeStep('qa.hub', id, { step: 'assess-impact', assessment: 'A specification only; no batch affected.', approverRoles: ['qa', 'qp'] })).body.state).toBe('impact-assessed');

    // The requester holds both roles the change needs; neither approval may be theirs.
    for (const role of ['qa', 'qp']) {
      const own = await changeStep('qa.qp', id, { step: 'approve', role });
      expect(own.body.error?.code, JSON.stringify(own.body)).toBe('REVIEWER_NOT_INDEPENDENT');
    }
    expect((await api<ChangeView>('qa.hub', 'GET', `/api/v1/quality/changes/${id}`)).body).toMatchObject({ state: 'impact-assessed', approvals: [] });
    expect(await refusals(id)).toEqual(['REVIEWER_NOT_INDEPENDENT', 'REVIEWER_NOT_INDEPENDENT']);

    expect((await changeStep('qa.second', id, { step: 'approve', role: 'qa' })).status).toBe(201);
    const approved = await changeStep('qp.hub', id, { step: 'approve', role: 'qp' });
    expect(approved.body.state).toBe('approved');
    expect(approved.body.approvals!.map((a) => `${a.role}:${a.username}`)).toEqual(['qa:qa.second', 'qp:qp.hub']);
  });

  it('FR-143 P11-10 a change whose only approver role is the requester\'s own cannot be pushed through by one person', async () => {
    const requested = await api<Err & Partial<ChangeView>>('qa.hub', 'POST', '/api/v1/quality/changes', {
      title: 'Freeze diameter limits',
      reason: 'Phase I complete; freeze the limits.',
      links: [{ kind: 'setting', ref: 'spc/PISTON/diameter', fromVersion: null, toVersion: 1 }],
      password: HUB_PASSWORD,
    });
    const id = requested.body.id!;
    await changeStep('qa.hub', id, { step: 'assess-impact', assessment: 'Limits of one check; no other impact.', approverRoles: ['qa'] });
    const alone = await changeStep('qa.hub', id, { step: 'approve', role: 'qa' });
    expect(alone.body.error?.code, JSON.stringify(alone.body)).toBe('REVIEWER_NOT_INDEPENDENT');
    expect(alone.body.error?.message).toContain('requested');
    expect((await changeStep('qa.hub', id, { step: 'plan-implementation', tasks: [{ description: 'Freeze the limits', owner: 'qa.hub', dueDate: '2099-01-01' }] })).body.error?.code).toBe('CHANGE_STATE_INVALID');
  });

  it('FR-143 P11-10 an OOT is not closed by the QA who signed its laboratory investigation (phase I)', async () => {
    const raised = await api<Err & Partial<DeviationRecordView>>('qa.hub', 'POST', '/api/v1/quality/deviations', { kind: 'oot', title: 'Hardness trending down', description: 'Seven tablet hardness results in a row falling (Nelson 3).', password: HUB_PASSWORD });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const id = raised.body.id!;
    await devStep('qa.hub', id, { step: 'classify', classification: 'minor' });
    // Phase I by qa.second (no laboratory error), phase II by qa.qp.
    const lab = await devStep('qa.second', id, { step: 'investigate', phase: 'lab', labErrorConfirmed: false, rootCause: { method: 'five-whys', whys: ['Tester checked.'], rootCause: 'No assignable laboratory error.' } });
    expect(lab.body.phasesDone).toEqual(['lab']);
    await devStep('qa.qp', id, { step: 'investigate', rootCause: { method: 'five-whys', whys: ['Granule moisture drifting.'], rootCause: 'Dryer end point set too early.' } });
    await devStep('qa.hub', id, { step: 'assess-impact', lots: [], assessment: 'No released batch made with the drifting granulate.' });
    const planned = await devStep('qa.hub', id, { step: 'plan-capa', actions: [{ kind: 'corrective', description: 'Reset the dryer end point', owner: 'qa.hub', dueDate: '2099-01-01' }] });
    await devStep('qa.hub', id, { step: 'complete-action', actionId: planned.body.actions![0]!.id, note: 'End point reset and verified.' });
    expect((await devStep('qa.hub', id, { step: 'check-effectiveness', evidence: 'Twenty hardness results in trend since.' })).body.state).toBe('effectiveness-checked');

    const labInvestigator = await devStep('qa.second', id, { step: 'close', conclusion: 'Closing what I investigated.' });
    expect(labInvestigator.body.error?.code, JSON.stringify(labInvestigator.body)).toBe('REVIEWER_NOT_INDEPENDENT');
    const processInvestigator = await devStep('qa.qp', id, { step: 'close', conclusion: 'Closing what I investigated.' });
    expect(processInvestigator.body.error?.code).toBe('REVIEWER_NOT_INDEPENDENT');
    const raiser = await devStep('qa.hub', id, { step: 'close', conclusion: 'Closing what I raised.' });
    expect(raiser.body.error?.code, JSON.stringify(raiser.body)).toBe('REVIEWER_NOT_INDEPENDENT');
    expect(await refusals(id)).toEqual(['REVIEWER_NOT_INDEPENDENT', 'REVIEWER_NOT_INDEPENDENT', 'REVIEWER_NOT_INDEPENDENT']);

    const closed = await devStep('sup.wang', id, { step: 'close', conclusion: 'Root cause removed; trend back in control. Closed.' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    expect(closed.body.state).toBe('closed');
  });

  it('FR-143 P11-10 an approval flow on which the author alone can bring a version to effective is refused (recipes and report templates)', async () => {
    const alone: ApprovalFlow = {
      ...DEFAULT_APPROVAL_FLOW,
      transitions: [
        { name: 'publish', from: 'draft', to: 'effective', meaning: 'approved', signatures: [{ roles: ['qa'] }], authorMaySign: true, notSignedBySignersOf: [] },
        { name: 'retire', from: 'effective', to: 'retired', meaning: 'approved', signatures: [{ roles: ['qa'] }], authorMaySign: true, notSignedBySignersOf: [] },
      ],
    };
    type Refusal = Err & { details?: never } & Partial<FlowView>;
    const recipe = await api<Refusal>('qa.hub', 'PUT', '/api/v1/recipes/flow', { definition: alone, reason: 'Faster publishing', password: HUB_PASSWORD });
    expect(recipe.status, JSON.stringify(recipe.body)).toBe(400);
    expect(recipe.body.error?.code).toBe('RECIPE_FLOW_INVALID');
    expect(String(recipe.body.error?.details?.problems)).toContain('author');
    // A longer path whose every step the author may sign alone is the same hole.
    const steps: ApprovalFlow = {
      ...DEFAULT_APPROVAL_FLOW,
      transitions: DEFAULT_APPROVAL_FLOW.transitions.map((t) => ({ ...t, signatures: [t.signatures[0]!], authorMaySign: true, notSignedBySignersOf: [] })),
    };
    expect((await api<Refusal>('qa.hub', 'PUT', '/api/v1/recipes/flow', { definition: steps, reason: 'Faster publishing', password: HUB_PASSWORD })).body.error?.code).toBe('RECIPE_FLOW_INVALID');
    const template = await api<Refusal>('qa.hub', 'PUT', '/api/v1/report-templates/flow', { definition: { ...alone, flowCode: DEFAULT_TEMPLATE_FLOW.flowCode, authorRoles: DEFAULT_TEMPLATE_FLOW.authorRoles }, reason: 'Faster publishing', password: HUB_PASSWORD });
    expect(template.body.error?.code, JSON.stringify(template.body)).toBe('TEMPLATE_FLOW_INVALID');
    expect((await api<FlowView>('qa.hub', 'GET', '/api/v1/recipes/flow')).body.version).toBe(1);

    // The author may sign a step that also needs a second person's signature, or a step after one
    // the author may not sign: both keep a second person on every path.
    const twoPeople: ApprovalFlow = { ...alone, transitions: [{ ...alone.transitions[0]!, signatures: [{ roles: ['qa'] }, { roles: ['qp'] }] }, alone.transitions[1]!] };
    expect(flowIssues(twoPeople, 'recipe')).toEqual([]);
    const reviewedFirst: ApprovalFlow = { ...steps, transitions: steps.transitions.map((t, i) => (i === 0 ? { ...t, authorMaySign: false } : t)) };
    expect(flowIssues(reviewedFirst, 'recipe')).toEqual([]);
    expect(flowIssues(DEFAULT_APPROVAL_FLOW, 'recipe')).toEqual([]);
    const accepted = await api<FlowView>('qa.hub', 'PUT', '/api/v1/recipes/flow', { definition: twoPeople, reason: 'Approval and publication in one step, two people', password: HUB_PASSWORD });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
  });

  it('FR-143 A11-25 the record that follows up a station deviation is not closed by someone who took part in the batch', async () => {
    const b = batch.batchNumber;
    const source = { stationId: q.station.stationId, seq: batch.deviationSeq! };
    // The direct closure refuses the batch's supervisor; the record's closure must too.
    const direct = await api<Err>('sup.wang', 'POST', `/api/v1/quality/batches/${b}/deviations/close`, { ...source, conclusion: 'My own batch, closed.', password: HUB_PASSWORD });
    expect(direct.body.error?.code, JSON.stringify(direct.body)).toBe('REVIEWER_NOT_INDEPENDENT');
    const raised = await api<Err & Partial<DeviationRecordView>>('qa.hub', 'POST', '/api/v1/quality/deviations', { title: 'Excipient overweight', description: 'Followed up from the station.', batchNumber: b, source, password: HUB_PASSWORD });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const id = raised.body.id!;
    await devStep('qa.hub', id, { step: 'classify', classification: 'minor' });
    await devStep('qa.second', id, { step: 'investigate', rootCause: { method: 'five-whys', whys: ['Large scoop used.'], rootCause: 'Scoop size not specified.' } });
    await devStep('qa.hub', id, { step: 'assess-impact', lots: [], assessment: 'This batch only.' });
    const planned = await devStep('qa.hub', id, { step: 'plan-capa', actions: [{ kind: 'corrective', description: 'Specify the scoop size', owner: 'qa.hub', dueDate: '2099-01-01' }] });
    await devStep('qa.hub', id, { step: 'complete-action', actionId: planned.body.actions![0]!.id, note: 'Scoop size in the SOP.' });
    expect((await devStep('qa.hub', id, { step: 'check-effectiveness', evidence: 'No overweight since.' })).body.state).toBe('effectiveness-checked');

    const participant = await devStep('sup.wang', id, { step: 'close', conclusion: 'Closed by the batch supervisor.' });
    expect(participant.body.error?.code, JSON.stringify(participant.body)).toBe('REVIEWER_NOT_INDEPENDENT');
    expect(participant.body.error?.message).toContain(b);
    const review = async () => (await api<{ deviations: { closure: unknown }[]; summary: { openDeviations: number } }>('qa.hub', 'GET', `/api/v1/quality/batches/${b}`)).body;
    expect((await review()).summary.openDeviations).toBe(1);
    expect((await devStep('qa.qp', id, { step: 'close', conclusion: 'Root cause removed. Closed.' })).body.state).toBe('closed');
    expect((await review()).summary.openDeviations).toBe(0);
  });

  it('FR-143 P11-09 a master-data steward cannot release a lot, let it out of rejection or extend its expiry or retest date: only the QC disposition or the LIMS decide', async () => {
    await provisionHubUser(q.hub, { username: 'md.self', printedName: 'Mo Steward', roles: ['master-data'], password: HUB_PASSWORD });
    await provisionHubUser(q.hub, { username: 'lims.self', printedName: 'LIMS interface', roles: ['lims'], password: HUB_PASSWORD });
    type Obj = Err & { version?: number; data?: { qcStatus: string } };
    const lot = { lotId: 'LOT-SELF-1', materialCode: 'MAT-LACTOSE', lotNumber: 'LS-1', qcStatus: 'quarantine', expiryDate: '2028-12-31' };
    const put = (who: string, data: Record<string, unknown>) => api<Obj>(who, 'PUT', `/api/v1/master-data/lot/${lot.lotId}`, { data, reason: 'steward change' });
    const qcStatus = (who: string, status: string) => api<Obj>(who, 'PUT', `/api/v1/lots/${lot.lotId}/qc-status`, { status, reason: 'status change' });
    expect((await put('md.self', lot)).status).toBe(200);
    // The steward may make a lot stricter: on hold, then back to quarantine.
    expect((await qcStatus('md.self', 'on-hold')).body.data?.qcStatus).toBe('on-hold');
    expect((await put('md.self', { ...lot, qcStatus: 'quarantine' })).body.data?.qcStatus).toBe('quarantine');
    // How long a lot may be used is QC's too: the steward may shorten its dates, not extend them.
    expect((await put('md.self', { ...lot, expiryDate: '2028-06-30', retestDate: '2027-01-31' })).status).toBe(200);
    expect((await put('md.self', { ...lot, expiryDate: '2029-12-31', retestDate: '2027-01-31' })).body.error?.code).toBe('LOT_DECISION_QC_ONLY');
    expect((await put('md.self', { ...lot, expiryDate: '2028-06-30', retestDate: null })).body.error?.code).toBe('LOT_DECISION_QC_ONLY');
    expect((await put('md.self', { ...lot, expiryDate: '2028-06-30', retestDate: '2026-12-31' })).status).toBe(200);
    // Releasing is QC's decision, by either route.
    const viaRoute = await qcStatus('md.self', 'released');
    expect(viaRoute.body.error?.code, JSON.stringify(viaRoute.body)).toBe('LOT_DECISION_QC_ONLY');
    expect((await put('md.self', { ...lot, expiryDate: '2028-06-30', retestDate: '2026-12-31', qcStatus: 'released' })).body.error?.code).toBe('LOT_DECISION_QC_ONLY');
    expect((await qcStatus('lims.self', 'rejected')).body.data?.qcStatus).toBe('rejected');
    // A rejected lot stays rejected for the steward: not released, not back in quarantine, not
    // withdrawn and registered again as released.
    for (const status of ['released', 'quarantine', 'on-hold']) expect((await qcStatus('md.self', status)).body.error?.code).toBe('LOT_DECISION_QC_ONLY');
    expect((await api<Obj>('md.self', 'DELETE', `/api/v1/master-data/lot/${lot.lotId}`, { reason: 'withdrawn' })).status).toBe(200);
    expect((await put('md.self', { ...lot, expiryDate: '2028-06-30', retestDate: '2026-12-31', qcStatus: 'released' })).body.error?.code).toBe('LOT_DECISION_QC_ONLY');
    const trail = await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.subject, `lot/${lot.lotId}`), eq(hubAudit.ok, false)));
    expect(trail.length).toBe(8);
    // The LIMS relays QC's decision.
    expect((await put('md.self', { ...lot, expiryDate: '2028-06-30', retestDate: '2026-12-31', qcStatus: 'rejected' })).status).toBe(200);
    expect((await qcStatus('lims.self', 'released')).body.data?.qcStatus).toBe('released');
  });

  it('FR-143 P11-09 a steward registers a lot not released, never moves a lot to another material or a container to another lot, and changes a released lot\'s analytical values only after holding it', async () => {
    await provisionHubUser(q.hub, { username: 'md.reg', printedName: 'Rita Register', roles: ['master-data'], password: HUB_PASSWORD });
    type Obj = Err & { version?: number; data?: Record<string, unknown> };
    const put = (kind: string, key: string, data: Record<string, unknown>) => api<Obj>('md.reg', 'PUT', `/api/v1/master-data/${kind}/${key}`, { data, reason: 'steward change' });
    const rejected = { lotId: 'LOT-REG-R', materialCode: 'MAT-LACTOSE', lotNumber: 'LR-1', qcStatus: 'rejected', expiryDate: '2028-12-31' };
    // A first registration by a steward is quarantine, on hold or rejected: never released (a
    // released copy of a rejected lot under a new id).
    expect((await put('lot', rejected.lotId, rejected)).status).toBe(200);
    const copy = await put('lot', 'LOT-REG-COPY', { ...rejected, lotId: 'LOT-REG-COPY', qcStatus: 'released' });
    expect(copy.status, JSON.stringify(copy.body)).toBe(403);
    expect(copy.body.error?.code).toBe('LOT_DECISION_QC_ONLY');
    expect((await put('lot', 'LOT-REG-H', { ...rejected, lotId: 'LOT-REG-H', qcStatus: 'on-hold' })).status).toBe(200);
    // A container of the rejected lot is not pointed at another lot, nor withdrawn and registered again under it.
    const container = { containerId: 'C-REG-1', lotId: rejected.lotId, materialCode: 'MAT-LACTOSE', quantity: { amount: '25', unit: 'kg' }, tare: { amount: '1.2', unit: 'kg' } };
    expect((await put('container', container.containerId, container)).status).toBe(200);
    const moved = await put('container', container.containerId, { ...container, lotId: 'LOT-REG-H' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(409);
    expect(moved.body.error).toMatchObject({ code: 'MASTER_DATA_FIELD_FIXED', details: { fields: ['lotId'] } });
    expect((await put('container', container.containerId, { ...container, materialCode: 'MAT-OTHER' })).body.error?.code).toBe('MASTER_DATA_FIELD_FIXED');
    expect((await put('container', container.containerId, { ...container, quantity: { amount: '24', unit: 'kg' } })).status).toBe(200);
    expect((await api<Obj>('md.reg', 'DELETE', `/api/v1/master-data/container/${container.containerId}`, { reason: 'withdrawn' })).status).toBe(200);
    expect((await put('container', container.containerId, { ...container, lotId: 'LOT-REG-H' })).body.error?.code).toBe('MASTER_DATA_FIELD_FIXED');
    // A lot keeps its material.
    expect((await put('lot', 'LOT-REG-H', { ...rejected, lotId: 'LOT-REG-H', qcStatus: 'on-hold', materialCode: 'MAT-OTHER' })).body.error?.code).toBe('MASTER_DATA_FIELD_FIXED');
    // A released lot (QC released it through the LIMS): its assay is QC's while it stays released.
    const lot = { lotId: 'LOT-REG-A', materialCode: 'MAT-LACTOSE', lotNumber: 'LA-1', qcStatus: 'quarantine', expiryDate: '2028-12-31', assayPercent: '99.1' };
    expect((await put('lot', lot.lotId, lot)).status).toBe(200);
    expect((await api<Obj>('erp', 'PUT', `/api/v1/lots/${lot.lotId}/qc-status`, { status: 'released', reason: 'CoA approved' })).body.data?.qcStatus).toBe('released');
    const assay = await put('lot', lot.lotId, { ...lot, qcStatus: 'released', assayPercent: '101.5' });
    expect(assay.body.error?.code, JSON.stringify(assay.body)).toBe('LOT_DECISION_QC_ONLY');
    expect(assay.body.error?.details?.fields).toEqual(['assayPercent']);
    expect((await put('lot', lot.lotId, { ...lot, qcStatus: 'on-hold', assayPercent: '101.5' })).body.data).toMatchObject({ qcStatus: 'on-hold', assayPercent: '101.5' });
    // Hub seeding code (tests, bench, demo) may register a released lot; the audit trail names it.
    const seeded = await q.hub.hub.services.masterData.put({ userId: 'u-seed', username: 'md.reg', roles: ['master-data'] }, 'lot', 'LOT-REG-SEED', { data: { ...rejected, lotId: 'LOT-REG-SEED', qcStatus: 'released' }, reason: 'seeded', via: 'seed' });
    expect(seeded.ok).toBe(true);
  });

  it('FR-143 P11-09 after a passed retest QC extends a lot\'s retest and expiry dates: the LIMS with its status, or a signed retest at the hub; the steward still cannot', async () => {
    await provisionHubUser(q.hub, { username: 'md.retest', printedName: 'Rob Retest', roles: ['master-data'], password: HUB_PASSWORD });
    // FR-153: who entered the retest results elsewhere is an active hub user.
    await provisionHubUser(q.hub, { username: 'lab.analyst', printedName: 'Lab Analyst', roles: ['qa'], password: HUB_PASSWORD });
    type Obj = Err & { version?: number; data?: Record<string, unknown> };
    const lot = { lotId: 'LOT-RT-1', materialCode: 'MAT-LACTOSE', lotNumber: 'RT-1', qcStatus: 'quarantine', expiryDate: '2027-06-30', retestDate: '2026-12-01' };
    expect((await api<Obj>('md.retest', 'PUT', `/api/v1/master-data/lot/${lot.lotId}`, { data: lot, reason: 'register' })).status).toBe(200);
    expect((await api<Obj>('erp', 'PUT', `/api/v1/lots/${lot.lotId}/qc-status`, { status: 'released', reason: 'CoA approved' })).status).toBe(200);
    // The LIMS relays a passed retest: new retest date, expiry kept.
    const relayed = await api<Obj>('erp', 'PUT', `/api/v1/lots/${lot.lotId}/qc-status`, { status: 'released', reason: 'retest passed', reference: 'RT-4711', retestDate: '2027-03-01' });
    expect(relayed.status, JSON.stringify(relayed.body)).toBe(200);
    expect(relayed.body.data).toMatchObject({ qcStatus: 'released', retestDate: '2027-03-01', expiryDate: '2027-06-30' });
    const [change] = await q.hub.hub.services.ctx.db.select().from(masterDataChanges).where(and(eq(masterDataChanges.kind, 'lot'), eq(masterDataChanges.key, lot.lotId), eq(masterDataChanges.version, 3)));
    expect(change).toMatchObject({ reasonKey: 'qc-status-dates', reasonParams: { status: 'released', retestDate: '2027-03-01', expiryDate: '2027-06-30', reference: 'RT-4711' } });
    // A steward on the same route is no LIMS.
    const steward = await api<Obj>('md.retest', 'PUT', `/api/v1/lots/${lot.lotId}/qc-status`, { status: 'on-hold', reason: 'extend', expiryDate: '2029-01-01' });
    expect(steward.body.error?.code, JSON.stringify(steward.body)).toBe('LOT_DECISION_QC_ONLY');
    // QC signs a retest at the hub: a new expiry and no more retest; the status is kept.
    const retest = (who: string, body: Record<string, unknown>) => api<Err & { version?: number; expiryDate?: string; retestDate?: string | null }>(who, 'POST', `/api/v1/quality/lots/${lot.lotId}/retest`, { password: HUB_PASSWORD, reason: 'Retest RT-2 passed all tests', resultsReference: 'LIMS-RT-2', resultsEnteredBy: 'lab.analyst', ...body });
    expect((await retest('md.retest', { expiryDate: '2028-06-30' })).status).toBe(403);
    expect((await retest('qa.hub', { password: 'wrong-password-1', expiryDate: '2028-06-30' })).body.error?.code).toBe('SIGNATURE_PASSWORD_INVALID');
    expect((await retest('qa.hub', {})).status).toBe(400);
    const signed = await retest('qa.hub', { expiryDate: '2028-06-30', retestDate: null });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body).toMatchObject({ expiryDate: '2028-06-30', retestDate: null });
    const now = (await api<Obj>('md.retest', 'GET', `/api/v1/master-data/lot/${lot.lotId}`)).body;
    expect(now.data).toMatchObject({ qcStatus: 'released', expiryDate: '2028-06-30', retestDate: null });
    const trail = await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.subject, lot.lotId), eq(hubAudit.action, 'iqc.retest_signed')));
    expect(trail.length).toBe(1);
    expect(trail[0]!.actor).toBe('qa.hub');
    const changed = await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.subject, `lot/${lot.lotId}`), eq(hubAudit.action, 'masterdata.changed')));
    expect(changed.map((r) => (r.details as { setBy?: string }).setBy)).toEqual([undefined, 'lims', 'lims', 'qc-disposition']);
  });

  it('FR-143 P11-09 the lims role is held alone: an account asking for it beside another role is refused, and one that holds both from before is a steward, not the LIMS', async () => {
    const both = await q.hub.api<Err>('POST', '/api/v1/admin/users', { username: 'md.lims', printedName: 'Lee Both', roles: ['master-data', 'lims'], password: 'Handed-over-2026!' });
    expect(both.status, JSON.stringify(both.body)).toBe(400);
    expect(both.body.error?.code).toBe('LIMS_ROLE_CONFLICT');
    // An account made before the rule with both roles.
    const userId = await provisionHubUser(q.hub, { username: 'md.old', printedName: 'Olga Older', roles: ['master-data'], password: HUB_PASSWORD });
    await q.hub.hub.services.ctx.db.update(hubUsers).set({ roles: ['master-data', 'lims'] }).where(eq(hubUsers.userId, userId));
    type Obj = Err & { data?: Record<string, unknown> };
    const lot = { lotId: 'LOT-BOTH-1', materialCode: 'MAT-LACTOSE', lotNumber: 'B-1', qcStatus: 'quarantine', expiryDate: '2028-12-31' };
    expect((await api<Obj>('md.old', 'PUT', `/api/v1/master-data/lot/${lot.lotId}`, { data: lot, reason: 'register' })).status).toBe(200);
    const alone = await api<Obj>('md.old', 'PUT', `/api/v1/lots/${lot.lotId}/qc-status`, { status: 'released', reason: 'released by myself' });
    expect(alone.body.error?.code, JSON.stringify(alone.body)).toBe('LOT_DECISION_QC_ONLY');
    expect((await api<Obj>('erp', 'PUT', `/api/v1/lots/${lot.lotId}/qc-status`, { status: 'released', reason: 'CoA approved' })).body.data?.qcStatus).toBe('released');
  });

  it('FR-143 P11-09 a lot record today\'s schema does not read is read for its status and dates: the steward edits it within them; missing, it counts as rejected', async () => {
    await provisionHubUser(q.hub, { username: 'md.legacy', printedName: 'Lars Legacy', roles: ['master-data'], password: HUB_PASSWORD });
    type Obj = Err & { data?: Record<string, unknown> };
    const db = q.hub.hub.services.ctx.db;
    const put = (data: Record<string, unknown>) => api<Obj>('md.legacy', 'PUT', `/api/v1/master-data/lot/${data.lotId as string}`, { data, reason: 'steward change' });
    // Old records: an assay stored as a number (today's schema wants text); one without a status.
    for (const [key, stored] of [
      ['LOT-OLD-1', { lotId: 'LOT-OLD-1', materialCode: 'MAT-LACTOSE', lotNumber: 'O-1', qcStatus: 'quarantine', expiryDate: '2028-12-31', retestDate: '2027-06-30', assayPercent: 99.2 }],
      ['LOT-OLD-2', { lotId: 'LOT-OLD-2', materialCode: 'MAT-LACTOSE', lotNumber: 'O-2', expiryDate: '2028-12-31', assayPercent: 99.2 }],
    ] as const) {
      const [row] = await db.insert(masterDataChanges).values({ kind: 'lot', key, version: 1, data: stored, changedAt: new Date(), changedBy: 'old.import', reason: 'old export' }).returning({ cursor: masterDataChanges.cursor });
      await db.insert(masterData).values({ kind: 'lot', key, version: 1, data: stored, changeCursor: row!.cursor, updatedAt: new Date(), updatedBy: 'old.import' });
    }
    const today = { lotId: 'LOT-OLD-1', materialCode: 'MAT-LACTOSE', lotNumber: 'O-1-relabelled', qcStatus: 'quarantine', expiryDate: '2028-12-31', retestDate: '2027-06-30', assayPercent: '99.2' };
    const relabelled = await put(today);
    expect(relabelled.status, JSON.stringify(relabelled.body)).toBe(200);
    expect((await put({ ...today, expiryDate: '2029-12-31' })).body.error?.code).toBe('LOT_DECISION_QC_ONLY');
    // Without a status the record counts as rejected: only QC brings it into use.
    expect((await put({ ...today, lotId: 'LOT-OLD-2', lotNumber: 'O-2' })).body.error?.code).toBe('LOT_DECISION_QC_ONLY');
  });
});
