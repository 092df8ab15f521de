/**
 * Deviation records at the hub (issue 12 items 5 and 7), on PGlite and on PostgreSQL, with
 * batches recorded at a real station and received through the ordinary signed sync:
 *   - a station deviation is opened as a hub record linked to its batch and walks
 *     raised → classified → investigated → impact-assessed → capa-planned →
 *     effectiveness-checked → closed, every step an e-signature by the right role, every step
 *     and every refusal in the hub audit trail;
 *   - impact comes from genealogy: every batch that used the lot involved;
 *   - due dates set by classification, CAPA due dates, both flagged overdue;
 *   - QP release refused at each open link (record in each state, each open CAPA action),
 *     accepted when all are closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import type { DeviationRecordView, DeviationSummary } from '../../src-shared/quality/deviation-contract.ts';
import type { BatchReview } from '../../src-shared/quality/review-contract.ts';
import { hubAudit } from '../../src-server/db/schema.ts';
import { qualityDeviationSteps } from '../../src-server/quality/db/deviation-schema.ts';
import { recordBatch, type RecordedBatch } from './support/station-batch.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';

type Reply = { error?: { code: string; message: string; details?: Record<string, unknown> } } & Partial<DeviationRecordView>;
const DAY = 86_400_000;

describe.each(QUALITY_BACKENDS)('deviation → CAPA → closure and release on %s', (backendName) => {
  let q: QualityHub;
  let withDeviation: RecordedBatch;
  let sibling: RecordedBatch;
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
  const step = (who: string, id: string, body: Record<string, unknown>) => api<Reply>(who, 'POST', `/api/v1/quality/deviations/${id}/steps`, { password: HUB_PASSWORD, ...body });
  const release = (batch: string) => api<{ error?: { code: string; details?: Record<string, unknown> } }>('qp.hub', 'POST', `/api/v1/quality/batches/${batch}/decision`, { decision: 'released', password: HUB_PASSWORD });
  const blockers = async (batch: string) => {
    const r = await release(batch);
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    return { code: r.body.error!.code, records: (r.body.error!.details?.records ?? []) as { kind: string; id: string; state: string }[] };
  };

  beforeAll(async () => {
    q = await startQualityHub(backendName);
    withDeviation = recordBatch(q.station, { batchNumber: 'B-DEV-001', apiLot: 'API-LOT-D1', excipientLot: 'MCC-LOT-9', deviation: true });
    sibling = recordBatch(q.station, { batchNumber: 'B-DEV-002', apiLot: 'API-LOT-D2', excipientLot: 'MCC-LOT-9' });
    recordBatch(q.station, { batchNumber: 'B-DEV-003', apiLot: 'API-LOT-D3', excipientLot: 'MCC-LOT-10' });
    await q.sync();
    for (const b of [withDeviation.batchNumber, sibling.batchNumber]) {
      expect((await api('qa.second', 'POST', `/api/v1/quality/batches/${b}/review`, { password: HUB_PASSWORD })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await q?.close();
  });

  it('FR-41 FR-42 A11-25 a station deviation walks raised → closed, each step signed by the right role, and release is refused at every open link until then', async () => {
    const b = withDeviation.batchNumber;
    const source = { stationId: q.station.stationId, seq: withDeviation.deviationSeq! };
    // Release is refused: the station deviation is open.
    expect((await blockers(b)).code).toBe('RELEASE_DEVIATIONS_OPEN');

    const raised = await api<Reply>('qa.hub', 'POST', '/api/v1/quality/deviations', { title: 'Excipient overweight on W2', description: 'MCC weighed 30.900 kg against 30.000 kg ± 0.5 %.', batchNumber: b, source, password: HUB_PASSWORD });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const id = raised.body.id!;
    expect(id).toMatch(/^DEV-\d{4}-0001$/);
    expect(raised.body).toMatchObject({ state: 'raised', batchNumber: b, source, impactedBatches: [b], next: { step: 'classify', role: 'qa' } });
    expect(raised.body.description).toContain('DEV-B-DEV-001-1');

    const again = await api<Reply>('qa.hub', 'POST', '/api/v1/quality/deviations', { title: 'Same deviation again', description: 'A second record for the same station deviation.', batchNumber: b, source, password: HUB_PASSWORD });
    expect(again.body.error?.code).toBe('DEVIATION_ALREADY_OPENED');

    // Wrong order, wrong role, wrong password: refused, nothing changes.
    expect((await step('qa.hub', id, { step: 'investigate', rootCause: { method: 'five-whys', whys: ['Why?'], rootCause: 'Too early.' } })).body.error).toMatchObject({ code: 'DEVIATION_STATE_INVALID', details: { state: 'raised', expected: 'classified' } });
    const operator = await step('op.hub', id, { step: 'classify', classification: 'major' });
    expect(operator.status).toBe(403);
    expect(operator.body.error?.code).toBe('AUTH_ROLE_REQUIRED');
    expect((await step('qa.hub', id, { step: 'classify', classification: 'major', password: 'wrong-password' })).body.error?.code).toBe('SIGNATURE_PASSWORD_INVALID');
    expect((await step('qp.hub', id, { step: 'classify', classification: 'major' })).status).toBe(403);

    const classified = await step('qa.hub', id, { step: 'classify', classification: 'major' });
    expect(classified.status, JSON.stringify(classified.body)).toBe(201);
    expect(classified.body.classification).toBe('major');
    expect(Date.parse(classified.body.dueAt!) - Date.parse(classified.body.raisedAt!)).toBe(30 * DAY);
    expect((await blockers(b)).code).toBe('RELEASE_DEVIATIONS_OPEN');

    const investigated = await step('qa.hub', id, {
      step: 'investigate',
      rootCause: { method: 'five-whys', whys: ['The scoop delivered too much.', 'The operator used the large scoop.', 'The small scoop was at cleaning.'], rootCause: 'Only one small scoop per booth; none available during cleaning.' },
    });
    expect(investigated.body.state).toBe('investigated');

    // Impact from genealogy: B-DEV-002 used the same excipient lot; B-DEV-003 did not.
    const impact = await step('qa.hub', id, { step: 'assess-impact', lots: ['MCC-LOT-9'], assessment: 'The overweight concerns one container; other batches of the lot to be checked.' });
    expect(impact.status, JSON.stringify(impact.body)).toBe(201);
    expect(impact.body.impactedBatches).toEqual(['B-DEV-001', 'B-DEV-002']);
    // Now the sibling batch is blocked by the record too.
    const siblingBlock = await blockers(sibling.batchNumber);
    expect(siblingBlock.code).toBe('RELEASE_QUALITY_RECORDS_OPEN');
    expect(siblingBlock.records).toEqual([expect.objectContaining({ kind: 'deviation', id, state: 'impact-assessed' })]);

    const inPast = await step('qa.hub', id, { step: 'plan-capa', actions: [{ kind: 'corrective', description: 'Re-weigh the container', owner: 'op.hub', dueDate: '2000-01-01' }] });
    expect(inPast.body.error?.code).toBe('INPUT_INVALID');
    const unknownOwner = await step('qa.hub', id, { step: 'plan-capa', actions: [{ kind: 'corrective', description: 'Re-weigh the container', owner: 'nobody.here', dueDate: '2099-01-01' }] });
    expect(unknownOwner.body.error?.code).toBe('INPUT_INVALID');
    const now = q.station.clock.now().getTime();
    const due = (days: number) => new Date(now + days * DAY).toISOString().slice(0, 10);
    const planned = await step('qa.hub', id, {
      step: 'plan-capa',
      actions: [
        { kind: 'corrective', description: 'Buy a second small scoop for every booth', owner: 'op.hub', dueDate: due(10) },
        { kind: 'preventive', description: 'Add scoop availability to the booth line clearance', owner: 'qa.second', dueDate: due(20) },
      ],
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    const [a1, a2] = planned.body.actions!;
    expect(a1).toMatchObject({ owner: 'op.hub', overdue: false, doneAt: null });

    // Each open CAPA action is listed with the refusal.
    const withActions = await blockers(sibling.batchNumber);
    expect(withActions.records.map((r) => r.kind)).toEqual(['deviation', 'capa', 'capa']);
    expect(withActions.records[1]!.id).toBe(`${id}/CAPA-${a1!.id}`);

    const early = await step('qa.hub', id, { step: 'check-effectiveness', evidence: 'Two weeks without overweight.' });
    expect(early.body.error?.code).toBe('CAPA_ACTIONS_OPEN');
    expect((early.body.error?.details?.actions as unknown[]).length).toBe(2);

    // The owner (an operator) completes their own action; not somebody else's.
    expect((await step('op.hub', id, { step: 'complete-action', actionId: a2!.id, note: 'Not mine to complete.' })).body.error?.code).toBe('AUTH_ROLE_REQUIRED');
    expect((await step('op.hub', id, { step: 'complete-action', actionId: a1!.id, note: 'Scoops bought and placed in booths 1-4.' })).status).toBe(201);
    expect((await step('op.hub', id, { step: 'complete-action', actionId: a1!.id, note: 'Twice.' })).body.error?.code).toBe('CONFLICT');
    expect((await blockers(sibling.batchNumber)).records.map((r) => r.kind)).toEqual(['deviation', 'capa']);
    expect((await step('qa.second', id, { step: 'complete-action', actionId: a2!.id, note: 'Line clearance checklist v4 issued.' })).status).toBe(201);
    expect((await blockers(sibling.batchNumber)).records.map((r) => r.kind)).toEqual(['deviation']);

    const effective = await step('qa.hub', id, { step: 'check-effectiveness', evidence: 'Twenty batches since without an overweight on W2.' });
    expect(effective.body.state).toBe('effectiveness-checked');
    expect((await blockers(b)).code).toBe('RELEASE_DEVIATIONS_OPEN');

    // Four eyes: the investigator does not close.
    expect((await step('qa.hub', id, { step: 'close', conclusion: 'Closing my own investigation.' })).body.error?.code).toBe('REVIEWER_NOT_INDEPENDENT');
    const closed = await step('qa.second', id, { step: 'close', conclusion: 'Root cause removed, CAPA effective. Closed.' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    expect(closed.body).toMatchObject({ state: 'closed', next: null, overdue: false });
    expect((await step('qa.second', id, { step: 'close', conclusion: 'Again.' })).body.error?.code).toBe('DEVIATION_STATE_INVALID');

    // Every step signed, verified now, chained; the meanings as the contract says.
    const view = (await api<DeviationRecordView>('op.hub', 'GET', `/api/v1/quality/deviations/${id}`)).body;
    expect(view.steps.map((s) => s.state)).toEqual(['raised', 'classified', 'investigated', 'impact-assessed', 'capa-planned', 'action-done', 'action-done', 'effectiveness-checked', 'closed']);
    expect(view.steps.map((s) => s.meaning)).toEqual(['performed', 'reviewed', 'performed', 'reviewed', 'approved', 'performed', 'performed', 'reviewed', 'approved']);
    expect(view.steps.every((s) => s.valid)).toBe(true);
    expect(view.steps.map((s) => s.username)).toEqual(['qa.hub', 'qa.hub', 'qa.hub', 'qa.hub', 'qa.hub', 'op.hub', 'qa.second', 'qa.hub', 'qa.second']);

    // The station deviation is followed up by a closed record: release of both batches now goes through.
    const review = (await api<BatchReview>('qa.hub', 'GET', `/api/v1/quality/batches/${b}`)).body;
    expect(review.summary.openDeviations).toBe(0);
    expect(review.qualityRecords).toEqual([]);
    expect((await release(b)).status).toBe(201);
    expect((await release(sibling.batchNumber)).status).toBe(201);

    // The audit trail holds every step and every refusal.
    const db = q.hub.hub.services.ctx.db;
    const trail = await db.select().from(hubAudit).where(eq(hubAudit.subject, id));
    const actions = trail.map((t) => `${t.action}${t.ok ? '' : '!'}`);
    for (const a of ['deviation.raise', 'deviation.classify', 'deviation.investigate', 'deviation.assess-impact', 'deviation.plan-capa', 'deviation.complete-action', 'deviation.check-effectiveness', 'deviation.close']) expect(actions).toContain(a);
    expect(trail.filter((t) => !t.ok).map((t) => (t.details as { code: string }).code)).toEqual(
      expect.arrayContaining(['DEVIATION_ALREADY_OPENED', 'DEVIATION_STATE_INVALID', 'AUTH_ROLE_REQUIRED', 'SIGNATURE_PASSWORD_INVALID', 'INPUT_INVALID', 'CAPA_ACTIONS_OPEN', 'REVIEWER_NOT_INDEPENDENT']),
    );
  });

  it('FR-45 an OOS result is investigated in the laboratory first (phase I), then in the process (phase II); an OOT with a confirmed lab error ends at phase I', async () => {
    const raised = await api<Reply>('qa.hub', 'POST', '/api/v1/quality/deviations', { kind: 'oos', title: 'Assay 93.1 % (spec 95.0-105.0 %)', description: 'Finished-product assay of lot PARA-OUT-7 out of specification.', batchNumber: 'B-DEV-002', password: HUB_PASSWORD });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const id = raised.body.id!;
    expect(raised.body).toMatchObject({ kind: 'oos', phasesDone: [] });
    await step('qa.hub', id, { step: 'classify', classification: 'critical' });
    const root = { method: 'five-whys', whys: ['Low assay.'], rootCause: 'To be found.' };
    const tooEarly = await step('qa.hub', id, { step: 'investigate', phase: 'process', rootCause: root });
    expect(tooEarly.body.error).toMatchObject({ code: 'DEVIATION_STATE_INVALID', details: { expected: 'lab' } });
    const lab = await step('qa.hub', id, { step: 'investigate', phase: 'lab', labErrorConfirmed: false, rootCause: { method: 'fishbone', causes: { measurement: 'Standard, dilution and integration re-checked: no error' }, rootCause: 'No assignable laboratory error.' } });
    expect(lab.status, JSON.stringify(lab.body)).toBe(201);
    expect(lab.body).toMatchObject({ state: 'classified', phasesDone: ['lab'], next: { step: 'investigate' } });
    expect((await step('qa.hub', id, { step: 'investigate', phase: 'lab', rootCause: root })).body.error?.code).toBe('CONFLICT');
    const process = await step('qa.hub', id, { step: 'investigate', rootCause: { method: 'five-whys', whys: ['Blend not uniform.', 'Blending time shortened.'], rootCause: 'Blending time shortened after a timer fault.' } });
    expect(process.body).toMatchObject({ state: 'investigated', phasesDone: ['lab', 'process'] });
    expect(process.body.steps!.map((s) => s.state)).toEqual(['raised', 'classified', 'lab-investigated', 'investigated']);
    expect(process.body.steps!.every((s) => s.valid)).toBe(true);

    const oot = await api<Reply>('qa.hub', 'POST', '/api/v1/quality/deviations', { kind: 'oot', title: 'Hardness trending down', description: 'Seven tablet hardness results in a row falling (Nelson 3).', password: HUB_PASSWORD });
    const ootId = oot.body.id!;
    await step('qa.hub', ootId, { step: 'classify', classification: 'minor' });
    const labError = await step('qa.hub', ootId, { step: 'investigate', phase: 'lab', labErrorConfirmed: true, rootCause: { method: 'five-whys', whys: ['Tester drifted.'], rootCause: 'Hardness tester out of calibration.' } });
    expect(labError.body).toMatchObject({ state: 'investigated', phasesDone: ['lab'] });

    // A plain deviation has no laboratory phase.
    const plain = await api<Reply>('qa.hub', 'POST', '/api/v1/quality/deviations', { title: 'Door left open', description: 'Booth door open during dispensing.', password: HUB_PASSWORD });
    await step('qa.hub', plain.body.id!, { step: 'classify', classification: 'minor' });
    expect((await step('qa.hub', plain.body.id!, { step: 'investigate', phase: 'lab', rootCause: root })).body.error?.code).toBe('INPUT_INVALID');
  });

  it('FR-41 the step history is append-only', async () => {
    const db = q.hub.hub.services.ctx.db;
    await expect(db.update(qualityDeviationSteps).set({ data: {} }).where(like(qualityDeviationSteps.deviationId, 'DEV-%'))).rejects.toThrow();
    await expect(db.delete(qualityDeviationSteps)).rejects.toThrow();
  });

  it('FR-41 due dates follow the classification and records and CAPA actions are flagged overdue when the clock passes them', async () => {
    const raised = await api<Reply>('op.hub', 'POST', '/api/v1/quality/deviations', { title: 'Label roll jammed', description: 'Printer stopped mid-batch on booth 2.', lots: ['MCC-LOT-10'], password: HUB_PASSWORD });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const id = raised.body.id!;
    expect(raised.body.batchNumber).toBeNull();
    const classified = await step('qa.hub', id, { step: 'classify', classification: 'critical' });
    expect(Date.parse(classified.body.dueAt!) - Date.parse(classified.body.raisedAt!)).toBe(15 * DAY);
    await step('qa.hub', id, { step: 'investigate', rootCause: { method: 'fishbone', causes: { machine: 'Worn platen roller', method: 'No roller check in PM plan' }, rootCause: 'Roller wear not covered by preventive maintenance.' } });
    const impact = await step('qa.hub', id, { step: 'assess-impact', lots: ['MCC-LOT-10'], assessment: 'Labels only; batch record unaffected.' });
    expect(impact.body.impactedBatches).toEqual(['B-DEV-003']);
    const due = new Date(q.station.clock.now().getTime() + 3 * DAY).toISOString().slice(0, 10);
    await step('qa.hub', id, { step: 'plan-capa', actions: [{ kind: 'corrective', description: 'Replace the platen roller', owner: 'op.hub', dueDate: due }] });
    let list = (await api<DeviationSummary[]>('qa.hub', 'GET', '/api/v1/quality/deviations?open=true')).body;
    expect(list.find((d) => d.id === id)).toMatchObject({ overdue: false, openActions: 1, overdueActions: 0 });

    q.station.clock.advance(5 * DAY);
    list = (await api<DeviationSummary[]>('qa.hub', 'GET', '/api/v1/quality/deviations?open=true')).body;
    expect(list.find((d) => d.id === id)).toMatchObject({ overdue: false, overdueActions: 1 });
    q.station.clock.advance(11 * DAY);
    const view = (await api<DeviationRecordView>('qa.hub', 'GET', `/api/v1/quality/deviations/${id}`)).body;
    expect(view.overdue).toBe(true);
    expect(view.actions[0]!.overdue).toBe(true);
    const blocked = await blockers('B-DEV-003');
    expect(blocked.code).toBe('REVIEW_REQUIRED');
    expect((await api('qa.second', 'POST', '/api/v1/quality/batches/B-DEV-003/review', { password: HUB_PASSWORD })).status).toBe(201);
    const open = await blockers('B-DEV-003');
    expect(open.code).toBe('RELEASE_QUALITY_RECORDS_OPEN');
    expect(open.records).toEqual([expect.objectContaining({ id, overdue: true }), expect.objectContaining({ kind: 'capa', overdue: true })]);
  });
});
