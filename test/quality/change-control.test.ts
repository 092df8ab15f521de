/**
 * Change control at the hub (issue 12 item 6), on PGlite and on PostgreSQL: a change to a
 * recipe version walks requested → impact-assessed → approved by each required role (different
 * people) → implementation planned → tasks done → effectiveness checked → closed, each step an
 * e-signature verified now, chained, and in the hub audit trail with every refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { ChangeView } from '../../src-shared/quality/change-contract.ts';
import { hubAudit } from '../../src-server/db/schema.ts';
import { qualityChangeSteps } from '../../src-server/quality/db/change-schema.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from './support/quality-hub.ts';
import { QUALITY_BACKENDS } from './support/quality-backends.ts';

type Reply = { error?: { code: string; message: string; details?: Record<string, unknown> } } & Partial<ChangeView>;

describe.each(QUALITY_BACKENDS)('change control on %s', (backendName) => {
  let q: QualityHub;
  const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));
  const step = (who: string, id: string, body: Record<string, unknown>) => api<Reply>(who, 'POST', `/api/v1/quality/changes/${id}/steps`, { password: HUB_PASSWORD, ...body });

  beforeAll(async () => {
    q = await startQualityHub(backendName);
  });
  afterAll(async () => {
    await q?.close();
  });

  it('FR-43 a change to a recipe version is requested, assessed, approved by each required role, implemented, checked and closed, every step signed and audited', async () => {
    const requested = await api<Reply>('op.hub', 'POST', '/api/v1/quality/changes', {
      title: 'Tighten the MCC tolerance',
      reason: 'Overweights on W2 (deviation follow-up): tolerance ±0.5 % → ±0.3 %.',
      links: [{ kind: 'recipe', ref: 'R-PARA', fromVersion: 1, toVersion: 2 }],
      password: HUB_PASSWORD,
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    const id = requested.body.id!;
    expect(id).toMatch(/^CC-\d{4}-0001$/);
    expect(requested.body).toMatchObject({ state: 'requested', links: [{ kind: 'recipe', ref: 'R-PARA', fromVersion: 1, toVersion: 2 }] });

    expect((await step('qa.hub', id, { step: 'approve', role: 'qa' })).body.error?.code).toBe('CHANGE_STATE_INVALID');
    expect((await step('op.hub', id, { step: 'assess-impact', assessment: 'Operators cannot assess.', approverRoles: ['qa'] })).status).toBe(403);
    const assessed = await step('qa.hub', id, { step: 'assess-impact', assessment: 'Recipe only; no validation impact beyond a re-run of OQ case 4.', approverRoles: ['qp', 'qa'] });
    expect(assessed.body).toMatchObject({ state: 'impact-assessed', approverRoles: ['qa', 'qp'] });

    // Approvals: one per required role, each by a different person; a role not required is refused.
    expect((await step('qa.qp', id, { step: 'approve', role: 'qa' })).status).toBe(201);
    expect((await step('qa.qp', id, { step: 'approve', role: 'qp' })).body.error?.code).toBe('REVIEWER_NOT_INDEPENDENT');
    expect((await step('qa.second', id, { step: 'approve', role: 'qa' })).body.error?.code).toBe('CONFLICT');
    expect((await step('qa.second', id, { step: 'approve', role: 'qp' })).body.error?.code).toBe('AUTH_ROLE_REQUIRED');
    expect((await step('qp.hub', id, { step: 'approve', role: 'qp', password: 'wrong' })).body.error?.code).toBe('SIGNATURE_PASSWORD_INVALID');
    const approved = await step('qp.hub', id, { step: 'approve', role: 'qp', comment: 'Agreed.' });
    expect(approved.body.state).toBe('approved');
    expect(approved.body.approvals!.map((a) => `${a.role}:${a.username}`)).toEqual(['qa:qa.qp', 'qp:qp.hub']);

    const due = new Date(q.station.clock.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const planned = await step('qa.hub', id, {
      step: 'plan-implementation',
      tasks: [
        { description: 'Publish recipe R-PARA v2', owner: 'qa.second', dueDate: due },
        { description: 'Train booth operators on the new tolerance', owner: 'op.hub', dueDate: due },
      ],
    });
    expect(planned.body.state).toBe('implementation-planned');
    const [t1, t2] = planned.body.tasks!;
    expect((await step('qa.hub', id, { step: 'check-effectiveness', evidence: 'Too early.' })).body.error?.code).toBe('CHANGE_STATE_INVALID');
    expect((await step('qa.second', id, { step: 'complete-task', taskId: t1!.id, note: 'R-PARA v2 published at the hub.' })).body.state).toBe('implementation-planned');
    expect((await step('op.hub', id, { step: 'complete-task', taskId: t2!.id, note: 'Eight operators trained, records filed.' })).body.state).toBe('implemented');
    expect((await step('qa.hub', id, { step: 'check-effectiveness', evidence: 'Thirty batches on v2 without an overweight.' })).body.state).toBe('effectiveness-checked');
    const closed = await step('qa.hub', id, { step: 'close', conclusion: 'Change effective; closed.' });
    expect(closed.body.state).toBe('closed');

    const view = (await api<ChangeView>('qa.hub', 'GET', `/api/v1/quality/changes/${id}`)).body;
    expect(view.steps.map((s) => s.state)).toEqual(['requested', 'impact-assessed', 'approved-qa', 'approved-qp', 'implementation-planned', `task-done-${t1!.id}`, `task-done-${t2!.id}`, 'effectiveness-checked', 'closed']);
    expect(view.steps.every((s) => s.valid)).toBe(true);

    const db = q.hub.hub.services.ctx.db;
    const trail = await db.select().from(hubAudit).where(eq(hubAudit.subject, id));
    for (const a of ['change.request', 'change.assess-impact', 'change.approve', 'change.plan-implementation', 'change.complete-task', 'change.check-effectiveness', 'change.close']) expect(trail.map((t) => t.action)).toContain(a);
    expect(trail.filter((t) => !t.ok).map((t) => (t.details as { code: string }).code)).toEqual(expect.arrayContaining(['CHANGE_STATE_INVALID', 'REVIEWER_NOT_INDEPENDENT', 'CONFLICT', 'AUTH_ROLE_REQUIRED', 'SIGNATURE_PASSWORD_INVALID']));
    await expect(db.update(qualityChangeSteps).set({ data: {} }).where(eq(qualityChangeSteps.changeId, id))).rejects.toThrow();
  });

  it('FR-43 a change names what it changes and is refused without it', async () => {
    const none = await api<Reply>('qa.hub', 'POST', '/api/v1/quality/changes', { title: 'Nothing named', reason: 'No link to a version.', links: [], password: HUB_PASSWORD });
    expect(none.status).toBe(400);
    const unknown = await api<Reply>('qa.hub', 'GET', '/api/v1/quality/changes/CC-2026-9999');
    expect(unknown.body.error?.code).toBe('CHANGE_UNKNOWN');
  });
});
