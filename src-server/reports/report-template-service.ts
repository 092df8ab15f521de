/**
 * Report templates at the hub (issue 14 item 6), versioned the way recipes are and through the
 * same machinery: every save a new immutable version (content, canonical-JSON SHA-256, author,
 * time); a version moves through the template approval flow (data, in the flow store, interpreted
 * by recipe-flow.ts) one e-signature at a time, each by a role the flow names, chained from the
 * content hash, audited with every refusal; an effective version never changes (here and by the
 * database trigger of migration 0034); a successor of an effective version becomes effective only
 * under an approved change control naming it, and retires it.
 *
 * The effective `batch-record` version shapes the hub's batch-record PDF; the effective
 * `container-label` version is published as master data `label-template` (key = template code),
 * which stations pull with the sync they already run and print labels by.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { err, ok, type BatchlineError, type Result } from '../../src-shared/result.ts';
import { DEFAULT_TEMPLATE_FLOW } from '../../src-shared/reports/template-flow.ts';
import { TEMPLATE_SCHEMAS, templateProblems, type TemplateCode, type TemplateContent, type TemplateRef } from '../../src-shared/reports/report-template.ts';
import type { FlowView, PutFlow, RecipeVersionState } from '../../src-shared/recipe/recipe-version-contract.ts';
import type { SaveTemplateVersion, TemplateDiff, TemplateListItem, TemplateTransitionRequest, TemplateVersionSummary, TemplateVersionView } from '../../src-shared/reports/report-template-contract.ts';
import { describeTemplateChanges } from '../../src-shared/reports/template-diff.ts';
import { gmpRoleConflict } from '../../src-shared/quality/quality-roles.ts';
import { canonicalJson } from '../../src-core/ledger/canonical-json.ts';
import { createCertificateCache } from '../../src-core/pki/certificate-check.ts';
import { createHash } from 'node:crypto';
import type { HubQuery, HubTx } from '../db/open-hub-db.ts';
import type { HubContext } from '../hub-context.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { audit } from '../admin/hub-audit.ts';
import { MasterDataService } from '../master-data/master-data-service.ts';
import { qualityChanges } from '../quality/db/change-schema.ts';
import { recordStepHash, signRecordStep } from '../quality/signing/record-step.ts';
import { ApprovalFlowStore, flowKey, type FlowRow } from '../recipes/approval-flow-store.ts';
import { readFlowVersion, toFlowStep } from '../recipes/flow-version-view.ts';
import { SUPERSEDED, foldFlow, signatureSlot, stepFlow, type FlowPosition } from '../recipes/recipe-flow.ts';
import { reportTemplateSteps, reportTemplateVersions } from './report-template-schema.ts';

const PURPOSE = 'batchline.report-template.v1';
const CHANGE_APPROVED = ['approved', 'implementation-planned', 'implemented', 'effectiveness-checked', 'closed'];

type VersionRow = typeof reportTemplateVersions.$inferSelect;
type StepRow = typeof reportTemplateSteps.$inferSelect;

const sha256 = (v: unknown) => createHash('sha256').update(canonicalJson(v), 'utf8').digest('hex');
const versionKey = (code: string, version: number) => `${code}@${version}`;

export interface EffectiveTemplate<C extends TemplateCode = TemplateCode> {
  ref: TemplateRef;
  content: TemplateContent<C>;
}

export class ReportTemplateService {
  private readonly cache = createCertificateCache();
  private readonly masterData: MasterDataService;
  private readonly flows: ApprovalFlowStore;

  constructor(private readonly ctx: HubContext) {
    this.masterData = new MasterDataService(ctx);
    this.flows = new ApprovalFlowStore(ctx, DEFAULT_TEMPLATE_FLOW, 'template');
  }

  flow(): Promise<FlowView> {
    return this.flows.view();
  }

  /** Every version of the template flow, oldest first, with who signed each change, when and why. */
  flowHistory(): Promise<FlowView[]> {
    return this.flows.history();
  }

  putFlow(actor: HubPrincipal, input: PutFlow): Promise<Result<FlowView>> {
    return this.flows.put(actor, input);
  }

  // ------------------------------------------------------------------ versions

  async save(actor: HubPrincipal, code: TemplateCode, input: Required<Pick<SaveTemplateVersion, 'content'>> & { basedOn: number | null; note: string }): Promise<Result<TemplateVersionView>> {
    return this.ctx.db.transaction(async (tx): Promise<Result<TemplateVersionView>> => {
      await this.lock(tx, code);
      const flow = await this.flows.current(tx);
      const unusable = await this.flows.unusable(tx, actor, code, flow, 'save');
      if (unusable) return unusable;
      if (!flow.definition.authorRoles.some((r) => (actor.roles as readonly string[]).includes(r))) {
        return this.refusedIn(tx, actor, 'save', code, { code: 'AUTH_ROLE_REQUIRED', message: `templates are saved by ${flow.definition.authorRoles.join(' or ')}` });
      }
      if (input.basedOn !== null && !(await this.row(tx, code, input.basedOn))) {
        return this.refusedIn(tx, actor, 'save', code, { code: 'TEMPLATE_VERSION_UNKNOWN', message: `template ${code} has no version ${input.basedOn} to base a new one on`, details: { basedOn: input.basedOn } });
      }
      const parsed = TEMPLATE_SCHEMAS[code].safeParse(input.content);
      const problems = parsed.success ? templateProblems(code, parsed.data) : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`);
      if (!parsed.success || problems.length > 0) {
        return this.refusedIn(tx, actor, 'save', code, { code: 'TEMPLATE_INVALID', message: `the ${code} template does not hold together: ${problems.join('; ')}`, details: { problems } });
      }
      const content = parsed.data as Record<string, unknown>;
      const contentHash = sha256(content);
      const [top] = await tx.select({ n: sql<number>`coalesce(max(${reportTemplateVersions.version}), 0)::int` }).from(reportTemplateVersions).where(eq(reportTemplateVersions.templateCode, code));
      const next = Number(top?.n ?? 0) + 1;
      const now = this.ctx.clock.now();
      const [row] = await tx
        .insert(reportTemplateVersions)
        .values({ templateCode: code, version: next, content, contentHash, basedOn: input.basedOn, note: input.note, flowCode: flow.flowCode, flowVersion: flow.version, createdBy: actor.username, createdAt: now })
        .returning();
      await audit(tx, now, { actor: actor.username, action: 'template.version_saved', subject: versionKey(code, next), details: { version: next, contentHash, basedOn: input.basedOn } });
      return ok(await this.view(tx, row!));
    });
  }

  async list(): Promise<TemplateListItem[]> {
    const rows = await this.ctx.db.select().from(reportTemplateVersions).orderBy(asc(reportTemplateVersions.templateCode), asc(reportTemplateVersions.version));
    const states = await this.states(this.ctx.db, rows);
    return (['batch-record', 'container-label'] as const).map((c) => {
      const mine = rows.filter((r) => r.templateCode === c);
      const latest = mine.at(-1);
      const effective = mine.filter((r) => states.get(r.id)!.state === 'effective').at(-1);
      return { templateCode: c, latest: latest ? summary(latest, states.get(latest.id)!.state) : null, effective: effective ? summary(effective, 'effective') : null };
    });
  }

  async versions(code: TemplateCode): Promise<TemplateVersionSummary[]> {
    const rows = await this.ctx.db.select().from(reportTemplateVersions).where(eq(reportTemplateVersions.templateCode, code)).orderBy(asc(reportTemplateVersions.version));
    const states = await this.states(this.ctx.db, rows);
    return rows.map((r) => summary(r, states.get(r.id)!.state));
  }

  async get(code: TemplateCode, version: number): Promise<Result<TemplateVersionView>> {
    const row = await this.row(this.ctx.db, code, version);
    if (!row) return err('TEMPLATE_VERSION_UNKNOWN', `template ${code} has no version ${version}`, { templateCode: code, version });
    return ok(await this.view(this.ctx.db, row));
  }

  /** The effective version of a template, or null while none is (the code's layout then applies). */
  async effective<C extends TemplateCode>(code: C, q: HubQuery = this.ctx.db): Promise<EffectiveTemplate<C> | null> {
    const rows = await q.select().from(reportTemplateVersions).where(eq(reportTemplateVersions.templateCode, code)).orderBy(asc(reportTemplateVersions.version));
    const states = await this.states(q, rows);
    const row = rows.filter((r) => states.get(r.id)!.state === 'effective').at(-1);
    return row ? { ref: { templateCode: code, version: row.version, contentHash: row.contentHash }, content: row.content as TemplateContent<C> } : null;
  }

  async diff(code: TemplateCode, from: number, to: number): Promise<Result<TemplateDiff>> {
    const a = await this.row(this.ctx.db, code, from);
    const b = await this.row(this.ctx.db, code, to);
    const missing = !a ? from : !b ? to : null;
    if (missing !== null) return err('TEMPLATE_VERSION_UNKNOWN', `template ${code} has no version ${missing}`, { templateCode: code, version: missing });
    const ca = a!.content as TemplateContent;
    const cb = b!.content as TemplateContent;
    return ok({ templateCode: code, from, to, sentences: { en: describeTemplateChanges(code, ca, cb, 'en'), 'zh-CN': describeTemplateChanges(code, ca, cb, 'zh-CN') } });
  }

  /** An edit in place: never. Audited. */
  async refuseEdit(actor: HubPrincipal, code: TemplateCode, version: number): Promise<Result<never>> {
    return this.ctx.db.transaction(async (tx) => {
      const subject = versionKey(code, version);
      const row = await this.row(tx, code, version);
      if (!row) return this.refusedIn(tx, actor, 'edit', subject, { code: 'TEMPLATE_VERSION_UNKNOWN', message: `template ${code} has no version ${version}`, details: { templateCode: code, version } });
      const state = (await this.states(tx, [row])).get(row.id)!.state;
      const message =
        state === 'effective'
          ? `template ${code} version ${version} is effective and never changes: save a successor and take it through the flow under change control`
          : `template ${code} version ${version} is stored (${state}) and never changes: save a new version`;
      return this.refusedIn(tx, actor, 'edit', subject, { code: 'TEMPLATE_VERSION_IMMUTABLE', message, details: { templateCode: code, version, state } });
    });
  }

  // ------------------------------------------------------------------ signatures

  async transition(signer: HubPrincipal, code: TemplateCode, version: number, input: TemplateTransitionRequest): Promise<Result<TemplateVersionView>> {
    const subject = versionKey(code, version);
    const conflict = gmpRoleConflict(signer.roles);
    return this.ctx.db
      .transaction(async (tx): Promise<Result<TemplateVersionView>> => {
        if (conflict) return this.refusedIn(tx, signer, input.transition, subject, { code: 'GMP_ROLE_CONFLICT', message: conflict });
        await this.lock(tx, code);
        const row = await this.row(tx, code, version);
        if (!row) return this.refusedIn(tx, signer, input.transition, subject, { code: 'TEMPLATE_VERSION_UNKNOWN', message: `template ${code} has no version ${version}`, details: { templateCode: code, version } });
        const flow = await this.flows.at(tx, row.flowVersion);
        const unusable = await this.flows.unusable(tx, signer, subject, flow, input.transition);
        if (unusable) return unusable;
        const steps = await this.steps(tx, row.id);
        const history = steps.map(toFlowStep);
        const { position } = foldFlow(flow.definition, flowKey(flow), history);
        const slot = signatureSlot(flow.definition, position, history, row.createdBy, signer, input);
        if (!slot.ok) return this.refusedIn(tx, signer, input.transition, subject, asTemplateRefusal(slot.error));
        const after = stepFlow(flow.definition, flowKey(flow), position, slot.slot, slot.transition.name);
        if (after.state === position.state && (after.pending?.filled.length ?? 0) === (position.pending?.filled.length ?? 0)) {
          return this.refusedIn(tx, signer, input.transition, subject, { code: 'TEMPLATE_TRANSITION_OUT_OF_ORDER', message: `the flow does not take "${slot.transition.name}" now`, details: { state: position.state } });
        }
        const predecessors = slot.transition.to === 'effective' ? await this.effectiveOthers(tx, code, version) : [];
        if (predecessors.length > 0) {
          const problem = await this.changeProblem(tx, code, version, predecessors, input.changeId);
          if (problem) return this.refusedIn(tx, signer, input.transition, subject, problem);
        }
        const data = { transition: slot.transition.name, slot: slot.slot, role: slot.role, stateAfter: after.state, contentHash: row.contentHash, flow: { flowCode: flow.flowCode, version: flow.version }, changeId: input.changeId ?? null, comment: input.comment ?? null };
        const signed = await signRecordStep(tx, this.ctx, signer, input.password, { subjectKind: 'report-template', purpose: PURPOSE, recordId: subject, key: `${slot.transition.name}.${slot.slot}`, meaning: slot.transition.meaning, data, previous: steps.at(-1)?.hash ?? row.contentHash, action: 'template.signed' });
        if (!signed.ok) {
          if (signed.error.code === 'SIGNATURE_PASSWORD_INVALID' || signed.error.code === 'AUTH_ACCOUNT_LOCKED') return signed;
          return this.refusedIn(tx, signer, input.transition, subject, signed.error);
        }
        const now = this.ctx.clock.now();
        await tx.insert(reportTemplateSteps).values({ versionId: row.id, transition: slot.transition.name, role: slot.role, stateAfter: after.state, data, hash: signed.value.hash, signatureId: signed.value.signatureId, username: signer.username, recordedAt: now });
        if (after.state !== position.state && after.state === 'effective') {
          for (const p of predecessors) await this.retire(tx, signer, p, version, signed.value.signatureId, input.changeId ?? null);
          const published = await this.publish(tx, signer, row);
          if (!published.ok) throw new PublishFailed(published.error);
          await audit(tx, now, { actor: signer.username, action: 'template.effective', subject, details: { version, contentHash: row.contentHash, changeId: input.changeId ?? null } });
        }
        if (after.state !== position.state && after.state === 'retired') await audit(tx, now, { actor: signer.username, action: 'template.retired', subject, details: { version, changeId: input.changeId ?? null } });
        return ok(await this.view(tx, row));
      })
      .catch((e: unknown) => {
        if (e instanceof PublishFailed) return { ok: false as const, error: e.error };
        throw e;
      });
  }

  /** The label template goes to stations as master data `label-template`; the batch-record template stays at the hub, which prints. */
  private async publish(tx: HubTx, actor: HubPrincipal, row: VersionRow): Promise<Result<unknown>> {
    if (row.templateCode !== 'container-label') return ok(null);
    return this.masterData.putIn(tx, actor, 'label-template', row.templateCode, {
      data: { templateCode: row.templateCode, version: row.version, contentHash: row.contentHash, content: row.content },
      reason: `template ${versionKey(row.templateCode, row.version)} effective`,
      byTemplateFlow: true,
    });
  }

  /** The predecessor is retired by the signature that made its successor effective. */
  private async retire(tx: HubTx, actor: HubPrincipal, p: VersionRow, successor: number, signatureId: number, changeId: string | null): Promise<void> {
    const steps = await this.steps(tx, p.id);
    const data = { transition: SUPERSEDED, supersededBy: successor, signatureId, changeId, stateAfter: 'retired' };
    const hash = recordStepHash(PURPOSE, versionKey(p.templateCode, p.version), SUPERSEDED, data, steps.at(-1)?.hash ?? p.contentHash);
    await tx.insert(reportTemplateSteps).values({ versionId: p.id, transition: SUPERSEDED, role: '', stateAfter: 'retired', data, hash, signatureId, username: actor.username, recordedAt: this.ctx.clock.now() });
    await audit(tx, this.ctx.clock.now(), { actor: actor.username, action: 'template.retired', subject: versionKey(p.templateCode, p.version), details: { version: p.version, changeId } });
  }

  private async effectiveOthers(tx: HubTx, code: TemplateCode, version: number): Promise<VersionRow[]> {
    const rows = (await tx.select().from(reportTemplateVersions).where(eq(reportTemplateVersions.templateCode, code))).filter((r) => r.version !== version);
    const states = await this.states(tx, rows);
    return rows.filter((r) => states.get(r.id)!.state === 'effective');
  }

  private async changeProblem(tx: HubTx, code: TemplateCode, version: number, predecessors: VersionRow[], changeId: string | undefined): Promise<BatchlineError | null> {
    const names = predecessors.map((p) => versionKey(code, p.version)).join(', ');
    if (!changeId) return { code: 'TEMPLATE_CHANGE_REQUIRED', message: `${names} is effective: version ${version} succeeds it only under an approved change control naming template ${code} version ${version}`, details: { effective: predecessors.map((p) => p.version) } };
    const [change] = await tx.select().from(qualityChanges).where(eq(qualityChanges.id, changeId));
    if (!change) return { code: 'TEMPLATE_CHANGE_REQUIRED', message: `there is no change control ${changeId}`, details: { changeId } };
    if (!CHANGE_APPROVED.includes(change.state)) return { code: 'TEMPLATE_CHANGE_REQUIRED', message: `change ${changeId} is ${change.state}, not approved`, details: { changeId, state: change.state } };
    const named = change.links.some((l) => l.kind === 'report-template' && l.ref === code && (l.toVersion === null || l.toVersion === version));
    if (!named) return { code: 'TEMPLATE_CHANGE_REQUIRED', message: `change ${changeId} does not name template ${code} version ${version}`, details: { changeId } };
    return null;
  }

  // ------------------------------------------------------------------ reading

  private async lock(tx: HubTx, code: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`batchline.template:${code}`}))`);
  }

  private async row(q: HubQuery, code: TemplateCode, version: number): Promise<VersionRow | undefined> {
    const [row] = await q.select().from(reportTemplateVersions).where(and(eq(reportTemplateVersions.templateCode, code), eq(reportTemplateVersions.version, version)));
    return row;
  }

  private async steps(q: HubQuery, versionId: number): Promise<StepRow[]> {
    return q.select().from(reportTemplateSteps).where(eq(reportTemplateSteps.versionId, versionId)).orderBy(asc(reportTemplateSteps.id));
  }

  private async states(q: HubQuery, rows: readonly VersionRow[]): Promise<Map<number, FlowPosition>> {
    const out = new Map<number, FlowPosition>();
    if (rows.length === 0) return out;
    const steps = await q.select().from(reportTemplateSteps).where(inArray(reportTemplateSteps.versionId, rows.map((r) => r.id))).orderBy(asc(reportTemplateSteps.id));
    const flows = new Map<number, FlowRow>();
    for (const r of rows) {
      if (!flows.has(r.flowVersion)) flows.set(r.flowVersion, await this.flows.at(q, r.flowVersion));
      const flow = flows.get(r.flowVersion)!;
      out.set(r.id, foldFlow(flow.definition, flowKey(flow), steps.filter((s) => s.versionId === r.id).map(toFlowStep)).position);
    }
    return out;
  }

  private async view(q: HubQuery, row: VersionRow): Promise<TemplateVersionView> {
    const flow = await this.flows.at(q, row.flowVersion);
    const steps = await this.steps(q, row.id);
    const read = await readFlowVersion(q, this.ctx, this.cache, { purpose: PURPOSE, subject: versionKey(row.templateCode, row.version), contentHash: row.contentHash, flow, steps });
    return { ...summary(row, read.position.state), content: row.content, flow: { flowCode: flow.flowCode, version: flow.version }, signatures: read.signatures, next: read.next };
  }

  private async refusedIn(tx: HubTx, actor: HubPrincipal, step: string, subject: string, e: BatchlineError): Promise<Result<never>> {
    await audit(tx, this.ctx.clock.now(), { actor: actor.username, action: 'template.refused', subject, ok: false, details: { step, code: e.code, message: e.message } });
    return { ok: false, error: e };
  }
}

/**
 * The recipe flow's refusals as a template's (FR-106): the same rule, worded for a report
 * template ("the person who saved this template version", not "the author of the version").
 * Only the codes the flow's signature checks give are renamed; the message keeps the flow's facts.
 */
const TEMPLATE_FLOW_CODES: Partial<Record<BatchlineError['code'], BatchlineError['code']>> = {
  RECIPE_TRANSITION_OUT_OF_ORDER: 'TEMPLATE_TRANSITION_OUT_OF_ORDER',
  RECIPE_SIGNER_ROLE_INVALID: 'TEMPLATE_SIGNER_ROLE_INVALID',
  RECIPE_SIGNER_IS_AUTHOR: 'TEMPLATE_SIGNER_IS_AUTHOR',
  RECIPE_SIGNER_ALREADY_SIGNED: 'TEMPLATE_SIGNER_ALREADY_SIGNED',
};

export function asTemplateRefusal(e: BatchlineError): BatchlineError {
  const code = TEMPLATE_FLOW_CODES[e.code];
  return code ? { ...e, code } : e;
}

class PublishFailed extends Error {
  constructor(readonly error: BatchlineError) {
    super(error.message);
  }
}

function summary(r: VersionRow, state: RecipeVersionState): TemplateVersionSummary {
  return { templateCode: r.templateCode, version: r.version, state, contentHash: r.contentHash, basedOn: r.basedOn, note: r.note, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), flowVersion: r.flowVersion };
}
