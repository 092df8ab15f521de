/**
 * Change control at the hub (issue 12 item 6): request → impact assessment (naming the roles
 * that must approve) → approvals, one per required role, each by a different person →
 * implementation tasks with owners and due dates → implemented (every task done) →
 * effectiveness check → closure. Every step an electronic signature (signing/record-step.ts),
 * hash-chained per record, in the hub audit trail; every refusal audited too. A change names the
 * recipe, specification or setting versions it changes (change-contract.ts).
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { err, ok, type BatchlineError, type Result } from '../../../src-shared/result.ts';
import type { SignatureMeaning } from '../../../src-shared/signature-meaning.ts';
import { gmpRoleConflict } from '../../../src-shared/quality/quality-roles.ts';
import type { ChangeState, ChangeStep, ChangeStepName, ChangeView, RequestChange } from '../../../src-shared/quality/change-contract.ts';
import { createCertificateCache } from '../../../src-core/pki/certificate-check.ts';
import { hubUsers, issuedCertificates } from '../../db/schema.ts';
import type { HubQuery, HubTx } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';
import { qualitySignatures } from '../db/quality-schema.ts';
import { qualityChanges, qualityChangeSteps, qualityChangeTasks } from '../db/change-schema.ts';
import { GENESIS_HASH, recordStepHash, signRecordStep } from '../signing/record-step.ts';
import { SIGNATURE_REFUSALS } from '../signing/signer-credentials.ts';
import { signatureProblem } from '../signing/signature-check.ts';

type Row = typeof qualityChanges.$inferSelect;
const PURPOSE = 'batchline.change-step.v1';

const STEP: Record<ChangeStepName | 'request', { from: ChangeState | null; to: ChangeState | null; meaning: SignatureMeaning; roles: readonly string[] }> = {
  request: { from: null, to: 'requested', meaning: 'performed', roles: ['qa', 'master-data', 'operator'] },
  'assess-impact': { from: 'requested', to: 'impact-assessed', meaning: 'reviewed', roles: ['qa'] },
  approve: { from: 'impact-assessed', to: null, meaning: 'approved', roles: ['qa', 'qp', 'master-data'] },
  'plan-implementation': { from: 'approved', to: 'implementation-planned', meaning: 'approved', roles: ['qa'] },
  'complete-task': { from: 'implementation-planned', to: null, meaning: 'performed', roles: ['qa', 'master-data', 'operator'] },
  'check-effectiveness': { from: 'implemented', to: 'effectiveness-checked', meaning: 'reviewed', roles: ['qa'] },
  close: { from: 'effectiveness-checked', to: 'closed', meaning: 'approved', roles: ['qa'] },
};

export class ChangeService {
  private readonly cache = createCertificateCache();

  constructor(private readonly ctx: HubContext) {}

  async list(): Promise<{ id: string; title: string; state: ChangeState; requestedAt: string }[]> {
    const rows = await this.ctx.db.select().from(qualityChanges).orderBy(desc(qualityChanges.no)).limit(500);
    return rows.map((r) => ({ id: r.id, title: r.title, state: r.state, requestedAt: r.requestedAt.toISOString() }));
  }

  async get(id: string): Promise<Result<ChangeView>> {
    const [row] = await this.ctx.db.select().from(qualityChanges).where(eq(qualityChanges.id, id));
    if (!row) return err('CHANGE_UNKNOWN', `no change control ${id}`, { id });
    return ok(await this.view(this.ctx.db, row));
  }

  async request(signer: HubPrincipal, input: RequestChange): Promise<Result<ChangeView>> {
    const refusal = roleProblem(signer, 'request');
    if (refusal) return this.refused(signer, 'request', '(new)', refusal);
    return this.ctx.db.transaction(async (tx): Promise<Result<ChangeView>> => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('batchline.quality:change-numbering'))`);
      const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`coalesce(max(${qualityChanges.no}), 0)::int` }).from(qualityChanges);
      const now = this.ctx.clock.now();
      const id = `CC-${now.getUTCFullYear()}-${String(Number(n) + 1).padStart(4, '0')}`;
      const data = { title: input.title, reason: input.reason, links: input.links };
      const signed = await signRecordStep(tx, this.ctx, signer, input.password, { subjectKind: 'change-record', purpose: PURPOSE, recordId: id, key: 'requested', meaning: 'performed', data, previous: GENESIS_HASH, action: 'change.request' });
      if (!signed.ok) return this.afterRefusal(tx, signer, 'request', id, signed.error);
      await tx.insert(qualityChangeSteps).values({ changeId: id, state: 'requested', data, hash: signed.value.hash, signatureId: signed.value.signatureId, recordedAt: now });
      await tx.insert(qualityChanges).values({ id, title: input.title, reason: input.reason, links: input.links, state: 'requested', approverRoles: [], requestedBy: signer.username, requestedAt: now, lastHash: signed.value.hash, updatedAt: now });
      const [row] = await tx.select().from(qualityChanges).where(eq(qualityChanges.id, id));
      return ok(await this.view(tx, row!));
    });
  }

  async step(signer: HubPrincipal, id: string, input: ChangeStep): Promise<Result<ChangeView>> {
    const refusal = roleProblem(signer, input.step);
    if (refusal) return this.refused(signer, input.step, id, refusal);
    return this.ctx.db.transaction(async (tx): Promise<Result<ChangeView>> => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`batchline.quality:${id}`}))`);
      const [row] = await tx.select().from(qualityChanges).where(eq(qualityChanges.id, id)).for('update');
      if (!row) return this.refusedIn(tx, signer, input.step, id, { code: 'CHANGE_UNKNOWN', message: `no change control ${id}`, details: { id } });
      const plan = STEP[input.step];
      if (row.state !== plan.from) return this.refusedIn(tx, signer, input.step, id, { code: 'CHANGE_STATE_INVALID', message: `${id} is ${row.state}; "${input.step}" needs it ${plan.from}`, details: { state: row.state, expected: plan.from, step: input.step } });
      const now = this.ctx.clock.now();
      const tasks = await tx.select().from(qualityChangeTasks).where(eq(qualityChangeTasks.changeId, id)).orderBy(asc(qualityChangeTasks.id));
      const approvals = await this.approvals(tx, id);
      let key: string = plan.to ?? input.step;
      let data: Record<string, unknown>;
      let patch: Partial<Row> = {};
      let after: (() => Promise<void>) | null = null;
      switch (input.step) {
        case 'assess-impact': {
          const roles = [...new Set(input.approverRoles)].sort();
          data = { assessment: input.assessment, approverRoles: roles };
          patch = { approverRoles: roles };
          break;
        }
        case 'approve': {
          if (!row.approverRoles.includes(input.role)) return this.refusedIn(tx, signer, input.step, id, { code: 'INPUT_INVALID', message: `${id} does not need the approval of ${input.role}; it needs ${row.approverRoles.join(', ')}` });
          if (!signer.roles.includes(input.role)) return this.refusedIn(tx, signer, input.step, id, { code: 'AUTH_ROLE_REQUIRED', message: `approving as ${input.role} needs the ${input.role} role` });
          // FR-143: the approval is the second person's, never the requester's (in any role).
          if (row.requestedBy === signer.username) return this.refusedIn(tx, signer, input.step, id, { code: 'REVIEWER_NOT_INDEPENDENT', message: `${signer.username} requested ${id}; another person approves it` });
          if (approvals.some((a) => a.role === input.role)) return this.refusedIn(tx, signer, input.step, id, { code: 'CONFLICT', message: `${input.role} approved ${id} already` });
          if (approvals.some((a) => a.username === signer.username)) return this.refusedIn(tx, signer, input.step, id, { code: 'REVIEWER_NOT_INDEPENDENT', message: `${signer.username} approved ${id} already in another role; each role is another person` });
          key = `approved-${input.role}`;
          data = { role: input.role, comment: input.comment ?? null };
          const remaining = row.approverRoles.filter((r) => r !== input.role && !approvals.some((a) => a.role === r));
          if (remaining.length === 0) patch = { state: 'approved' };
          break;
        }
        case 'plan-implementation': {
          const planned: { description: string; owner: string; dueAt: string }[] = [];
          for (const t of input.tasks) {
            const [owner] = await tx.select({ status: hubUsers.status }).from(hubUsers).where(eq(hubUsers.username, t.owner.toLowerCase()));
            if (!owner || owner.status !== 'active') return this.refusedIn(tx, signer, input.step, id, { code: 'INPUT_INVALID', message: `the owner ${t.owner} is not an active hub account`, details: { owner: t.owner } });
            const dueAt = t.dueDate.length > 10 ? new Date(t.dueDate) : new Date(`${t.dueDate}T23:59:59.999${this.ctx.clock.tzOffset(now)}`);
            if (dueAt <= now) return this.refusedIn(tx, signer, input.step, id, { code: 'INPUT_INVALID', message: `the due date ${t.dueDate} is not in the future`, details: { dueDate: t.dueDate } });
            planned.push({ description: t.description, owner: t.owner.toLowerCase(), dueAt: dueAt.toISOString() });
          }
          data = { tasks: planned };
          after = async () => {
            for (const p of planned) await tx.insert(qualityChangeTasks).values({ changeId: id, description: p.description, owner: p.owner, dueAt: new Date(p.dueAt), createdAt: now });
          };
          break;
        }
        case 'complete-task': {
          const task = tasks.find((x) => x.id === input.taskId);
          if (!task) return this.refusedIn(tx, signer, input.step, id, { code: 'INPUT_INVALID', message: `${id} has no task ${input.taskId}` });
          if (task.doneAt) return this.refusedIn(tx, signer, input.step, id, { code: 'CONFLICT', message: `task ${task.id} was completed by ${task.doneBy} already` });
          if (task.owner !== signer.username && !signer.roles.includes('qa')) return this.refusedIn(tx, signer, input.step, id, { code: 'AUTH_ROLE_REQUIRED', message: `task ${task.id} belongs to ${task.owner}; its owner or QA completes it` });
          key = `task-done-${task.id}`;
          data = { taskId: task.id, description: task.description, note: input.note };
          if (tasks.every((x) => x.id === task.id || x.doneAt !== null)) patch = { state: 'implemented' };
          after = async () => {
            await tx.update(qualityChangeTasks).set({ doneAt: now, doneBy: signer.username, note: input.note }).where(eq(qualityChangeTasks.id, task.id));
          };
          break;
        }
        case 'check-effectiveness':
          data = { evidence: input.evidence };
          break;
        case 'close':
          data = { conclusion: input.conclusion };
          break;
      }
      const signed = await signRecordStep(tx, this.ctx, signer, input.password, { subjectKind: 'change-record', purpose: PURPOSE, recordId: id, key, meaning: plan.meaning, data, previous: row.lastHash, action: `change.${input.step}` });
      if (!signed.ok) return this.afterRefusal(tx, signer, input.step, id, signed.error);
      await tx.insert(qualityChangeSteps).values({ changeId: id, state: key, data, hash: signed.value.hash, signatureId: signed.value.signatureId, recordedAt: now });
      if (after) await after();
      await tx.update(qualityChanges).set({ ...patch, ...(plan.to ? { state: plan.to } : {}), lastHash: signed.value.hash, updatedAt: now }).where(eq(qualityChanges.id, id));
      const [fresh] = await tx.select().from(qualityChanges).where(eq(qualityChanges.id, id));
      return ok(await this.view(tx, fresh!));
    });
  }

  private async approvals(q: HubQuery, id: string): Promise<{ role: string; username: string; signedAt: string }[]> {
    const rows = await q
      .select({ step: qualityChangeSteps, sig: qualitySignatures })
      .from(qualityChangeSteps)
      .innerJoin(qualitySignatures, eq(qualitySignatures.id, qualityChangeSteps.signatureId))
      .where(and(eq(qualityChangeSteps.changeId, id), sql`${qualityChangeSteps.state} like 'approved-%'`))
      .orderBy(asc(qualityChangeSteps.id));
    return rows.map((r) => ({ role: String(r.step.data.role), username: r.sig.username, signedAt: r.sig.signedAt }));
  }

  private async view(q: HubQuery, row: Row): Promise<ChangeView> {
    const now = this.ctx.clock.now();
    const tasks = await q.select().from(qualityChangeTasks).where(eq(qualityChangeTasks.changeId, row.id)).orderBy(asc(qualityChangeTasks.id));
    const steps = await q
      .select({ step: qualityChangeSteps, sig: qualitySignatures })
      .from(qualityChangeSteps)
      .innerJoin(qualitySignatures, eq(qualitySignatures.id, qualityChangeSteps.signatureId))
      .where(eq(qualityChangeSteps.changeId, row.id))
      .orderBy(asc(qualityChangeSteps.id));
    const fps = [...new Set(steps.map((s) => s.sig.certFingerprint))];
    const certs = fps.length ? await q.select().from(issuedCertificates).where(inArray(issuedCertificates.fingerprint, fps)) : [];
    const certOf = new Map(certs.map((c) => [c.fingerprint, { certPem: c.certPem, revokedAt: c.revokedAt }]));
    let previous = GENESIS_HASH;
    const stepViews = steps.map(({ step, sig }) => {
      const chained = recordStepHash(PURPOSE, row.id, step.state, step.data, previous) === step.hash && sig.subjectHash === step.hash && sig.subjectKey === `${row.id}/${step.state}`;
      previous = step.hash;
      const problem = signatureProblem(sig, certOf.get(sig.certFingerprint), this.ctx.keys.caCertPem, this.cache);
      return { state: step.state, data: step.data, hash: step.hash, signatureId: sig.id, meaning: sig.meaning as SignatureMeaning, username: sig.username, printedName: sig.printedName, signedAt: sig.signedAt, tzOffset: sig.tzOffset, valid: problem === null && chained };
    });
    return {
      id: row.id,
      title: row.title,
      reason: row.reason,
      state: row.state,
      links: row.links,
      approverRoles: row.approverRoles,
      approvals: (await this.approvals(q, row.id)).map((a) => ({ role: a.role as ChangeView['approverRoles'][number], username: a.username, signedAt: a.signedAt })),
      requestedBy: row.requestedBy,
      requestedAt: row.requestedAt.toISOString(),
      tasks: tasks.map((t) => ({ id: t.id, description: t.description, owner: t.owner, dueAt: t.dueAt.toISOString(), overdue: t.doneAt === null && t.dueAt < now, doneAt: t.doneAt?.toISOString() ?? null, doneBy: t.doneBy, note: t.note })),
      steps: stepViews,
    };
  }

  /** A refusal from signing: a wrong password or a locked account is audited by the signing step itself. */
  private async afterRefusal(tx: HubTx, signer: HubPrincipal, step: string, id: string, e: BatchlineError): Promise<Result<never>> {
    if (SIGNATURE_REFUSALS.has(e.code)) return { ok: false, error: e };
    return this.refusedIn(tx, signer, step, id, e);
  }

  private async refused(signer: HubPrincipal, step: string, id: string, e: BatchlineError): Promise<Result<never>> {
    return this.ctx.db.transaction((tx) => this.refusedIn(tx, signer, step, id, e));
  }

  private async refusedIn(tx: HubTx, signer: HubPrincipal, step: string, id: string, e: BatchlineError): Promise<Result<never>> {
    await audit(tx, this.ctx.clock.now(), { actor: signer.username, action: 'change.refused', subject: id, ok: false, details: { step, code: e.code, message: e.message } });
    return { ok: false, error: e };
  }
}

function roleProblem(signer: HubPrincipal, step: ChangeStepName | 'request'): BatchlineError | null {
  const conflict = gmpRoleConflict(signer.roles);
  if (conflict) return { code: 'GMP_ROLE_CONFLICT', message: conflict };
  const roles = STEP[step].roles;
  if (!roles.some((r) => (signer.roles as readonly string[]).includes(r))) return { code: 'AUTH_ROLE_REQUIRED', message: `"${step}" of a change is signed by ${roles.join(' or ')}` };
  return null;
}
