/**
 * Recipe versions at the hub (issue 14 items 3-5). Every save is a new, immutable version
 * (content, canonical-JSON SHA-256, author, time); a version moves through the approval flow
 * it was saved under (data, interpreted by recipe-flow.ts), one e-signature at a time, each by a
 * role the flow names, chained from the content hash, audited with every refusal. Reaching
 * `effective` publishes the version as master data `recipe` (stations receive it by the sync
 * they already run) and retires the version effective before it, which needs an approved
 * change control naming the successor.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { err, ok, type BatchlineError, type Result } from '../../src-shared/result.ts';
import { RECIPE_SCHEMA_VERSION, RecipeSchema, type Recipe } from '../../src-shared/recipe/recipe.ts';
import { DEFAULT_APPROVAL_FLOW, type FlowView, type PutFlow, type RecipeTransitionRequest, type RecipeVersionState, type RecipeVersionSummary, type RecipeVersionView, type SaveRecipeVersion, type RecipeDiff, type RecipeList } from '../../src-shared/recipe/recipe-version-contract.ts';
import { describeRecipeChanges, recipeChanges } from '../../src-shared/recipe/recipe-diff.ts';
import { gmpRoleConflict } from '../../src-shared/quality/quality-roles.ts';
import { recipeContent, recipeContentHash } from '../../src-core/record/recipe-content-hash.ts';
import { createCertificateCache } from '../../src-core/pki/certificate-check.ts';
import { masterData } from '../db/schema.ts';
import type { HubQuery, HubTx } from '../db/open-hub-db.ts';
import type { HubContext } from '../hub-context.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { audit } from '../admin/hub-audit.ts';
import { MasterDataService } from '../master-data/master-data-service.ts';
import { qualityChanges } from '../quality/db/change-schema.ts';
import { recordStepHash, signRecordStep } from '../quality/signing/record-step.ts';
import { SIGNATURE_REFUSALS } from '../quality/signing/signer-credentials.ts';
import { recipeVersions, recipeVersionSteps } from './recipe-schema.ts';
import { ApprovalFlowStore, flowKey, type FlowRow } from './approval-flow-store.ts';
import { readFlowVersion } from './flow-version-view.ts';
import { SUPERSEDED, foldFlow, signatureSlot, stepFlow, type FlowPosition, type FlowStep } from './recipe-flow.ts';

const PURPOSE = 'batchline.recipe-version.v1';
/** Change controls at or past approval may carry a recipe version into force. */
const CHANGE_APPROVED = ['approved', 'implementation-planned', 'implemented', 'effectiveness-checked', 'closed'];

type VersionRow = typeof recipeVersions.$inferSelect;
type StepRow = typeof recipeVersionSteps.$inferSelect;

const versionKey = (code: string, version: number) => `${code}@${version}`;
const toStep = (r: StepRow): FlowStep => ({ transition: r.transition, slot: Number(r.data.slot ?? 0), role: r.role, username: r.username });

export class RecipeVersionService {
  private readonly cache = createCertificateCache();
  private readonly masterData: MasterDataService;

  private readonly flows: ApprovalFlowStore;

  constructor(private readonly ctx: HubContext) {
    this.masterData = new MasterDataService(ctx);
    this.flows = new ApprovalFlowStore(ctx, DEFAULT_APPROVAL_FLOW, 'recipe');
  }

  // ------------------------------------------------------------------ the flow definition

  async flow(): Promise<FlowView> {
    return this.flows.view();
  }

  /** Every version of the flow, oldest first, with who signed each change, when and why. */
  async flowHistory(): Promise<FlowView[]> {
    return this.flows.history();
  }

  /** A new version of the flow, signed (approval-flow-store.ts); versions saved from now on move through it (saved ones keep theirs). */
  async putFlow(actor: HubPrincipal, input: PutFlow): Promise<Result<FlowView>> {
    return this.flows.put(actor, input);
  }

  private async currentFlow(tx: HubTx): Promise<FlowRow> {
    return this.flows.current(tx);
  }

  // ------------------------------------------------------------------ versions

  async save(actor: HubPrincipal, recipeCode: string, input: Required<Pick<SaveRecipeVersion, 'content'>> & { basedOn: number | null; note: string }): Promise<Result<RecipeVersionView>> {
    return this.ctx.db.transaction(async (tx): Promise<Result<RecipeVersionView>> => {
      await this.lock(tx, recipeCode);
      const flow = await this.currentFlow(tx);
      const unusable = await this.flows.unusable(tx, actor, recipeCode, flow, 'save');
      if (unusable) return unusable;
      if (!flow.definition.authorRoles.some((r) => (actor.roles as readonly string[]).includes(r))) {
        return this.refusedIn(tx, actor, 'save', recipeCode, { code: 'AUTH_ROLE_REQUIRED', message: `versions are saved by ${flow.definition.authorRoles.join(' or ')}` });
      }
      const next = (await this.highestVersion(tx, recipeCode)) + 1;
      if (input.basedOn !== null && !(await this.row(tx, recipeCode, input.basedOn))) {
        return this.refusedIn(tx, actor, 'save', recipeCode, { code: 'RECIPE_VERSION_UNKNOWN', message: `recipe ${recipeCode} has no version ${input.basedOn} to base a new one on`, details: { basedOn: input.basedOn } });
      }
      const { status: _s, version: _v, recipeCode: _c, ...body } = input.content;
      const parsed = RecipeSchema.safeParse({ schemaVersion: RECIPE_SCHEMA_VERSION, ...body, recipeCode, version: next, status: 'draft' });
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`);
        return this.refusedIn(tx, actor, 'save', recipeCode, { code: 'INPUT_INVALID', message: `the recipe is not valid: ${issues.join('; ')}`, details: { issues } });
      }
      const content = recipeContent(parsed.data) as Record<string, unknown>;
      const contentHash = recipeContentHash(parsed.data);
      const now = this.ctx.clock.now();
      const [row] = await tx
        .insert(recipeVersions)
        .values({ recipeCode, version: next, content, contentHash, schemaVersion: parsed.data.schemaVersion ?? 1, basedOn: input.basedOn, note: input.note, flowCode: flow.flowCode, flowVersion: flow.version, createdBy: actor.username, createdAt: now })
        .returning();
      await audit(tx, now, { actor: actor.username, action: 'recipe.version_saved', subject: versionKey(recipeCode, next), details: { version: next, contentHash, basedOn: input.basedOn } });
      return ok(await this.view(tx, row!));
    });
  }

  /** Every recipe code with versions, each version's state; the name is the newest version's. */
  async recipes(): Promise<RecipeList> {
    const rows = await this.ctx.db.select().from(recipeVersions).orderBy(asc(recipeVersions.recipeCode), asc(recipeVersions.version));
    const states = await this.states(this.ctx.db, rows);
    const out = new Map<string, RecipeList[number]>();
    for (const r of rows) {
      const entry = out.get(r.recipeCode) ?? { recipeCode: r.recipeCode, name: '', versions: [] };
      entry.name = typeof r.content.name === 'string' ? r.content.name : entry.name;
      entry.versions.push({ version: r.version, state: states.get(r.id)!.state, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), flowVersion: r.flowVersion });
      out.set(r.recipeCode, entry);
    }
    return [...out.values()];
  }

  async list(recipeCode: string): Promise<RecipeVersionSummary[]> {
    const rows = await this.ctx.db.select().from(recipeVersions).where(eq(recipeVersions.recipeCode, recipeCode)).orderBy(asc(recipeVersions.version));
    const states = await this.states(this.ctx.db, rows);
    return rows.map((r) => summary(r, states.get(r.id)!.state));
  }

  async get(recipeCode: string, version: number): Promise<Result<RecipeVersionView>> {
    const row = await this.row(this.ctx.db, recipeCode, version);
    if (!row) return err('RECIPE_VERSION_UNKNOWN', `recipe ${recipeCode} has no version ${version}`, { recipeCode, version });
    return ok(await this.view(this.ctx.db, row));
  }

  async diff(recipeCode: string, from: number, to: number): Promise<Result<RecipeDiff>> {
    const a = await this.row(this.ctx.db, recipeCode, from);
    const b = await this.row(this.ctx.db, recipeCode, to);
    const missing = !a ? from : !b ? to : null;
    if (missing !== null) return err('RECIPE_VERSION_UNKNOWN', `recipe ${recipeCode} has no version ${missing}`, { recipeCode, version: missing });
    const changes = recipeChanges(asRecipe(a!), asRecipe(b!));
    return ok({ recipeCode, from, to, changes: changes as unknown as Record<string, unknown>[], sentences: { en: describeRecipeChanges(changes, 'en'), 'zh-CN': describeRecipeChanges(changes, 'zh-CN') } });
  }

  /** An edit in place: never (a stored version never changes; an effective one least of all). Audited. */
  async refuseEdit(actor: HubPrincipal, recipeCode: string, version: number): Promise<Result<never>> {
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.row(tx, recipeCode, version);
      if (!row) return this.refusedIn(tx, actor, 'edit', versionKey(recipeCode, version), { code: 'RECIPE_VERSION_UNKNOWN', message: `recipe ${recipeCode} has no version ${version}`, details: { recipeCode, version } });
      const state = (await this.states(tx, [row])).get(row.id)!.state;
      const message =
        state === 'effective'
          ? `recipe ${recipeCode} version ${version} is effective and never changes: save a successor and take it through the flow under change control`
          : `recipe ${recipeCode} version ${version} is stored (${state}) and never changes: save a new version`;
      return this.refusedIn(tx, actor, 'edit', versionKey(recipeCode, version), { code: 'RECIPE_VERSION_IMMUTABLE', message, details: { recipeCode, version, state } });
    });
  }

  // ------------------------------------------------------------------ signatures

  async transition(signer: HubPrincipal, recipeCode: string, version: number, input: RecipeTransitionRequest): Promise<Result<RecipeVersionView>> {
    const subject = versionKey(recipeCode, version);
    const conflict = gmpRoleConflict(signer.roles);
    return this.ctx.db.transaction(async (tx): Promise<Result<RecipeVersionView>> => {
      if (conflict) return this.refusedIn(tx, signer, input.transition, subject, { code: 'GMP_ROLE_CONFLICT', message: conflict });
      await this.lock(tx, recipeCode);
      const row = await this.row(tx, recipeCode, version);
      if (!row) return this.refusedIn(tx, signer, input.transition, subject, { code: 'RECIPE_VERSION_UNKNOWN', message: `recipe ${recipeCode} has no version ${version}`, details: { recipeCode, version } });
      const flow = await this.flowOf(tx, row);
      const unusable = await this.flows.unusable(tx, signer, subject, flow, input.transition);
      if (unusable) return unusable;
      const steps = await this.steps(tx, row.id);
      const { position } = foldFlow(flow.definition, flowKey(flow), steps.map(toStep));
      const slot = signatureSlot(flow.definition, position, steps.map(toStep), row.createdBy, signer, input);
      if (!slot.ok) return this.refusedIn(tx, signer, input.transition, subject, slot.error);
      const after = stepFlow(flow.definition, flowKey(flow), position, slot.slot, slot.transition.name);
      if (after.state === position.state && (after.pending?.filled.length ?? 0) === (position.pending?.filled.length ?? 0)) {
        return this.refusedIn(tx, signer, input.transition, subject, { code: 'RECIPE_TRANSITION_OUT_OF_ORDER', message: `the flow does not take "${slot.transition.name}" now`, details: { state: position.state } });
      }
      const predecessors = slot.transition.to === 'effective' ? await this.effectivePredecessors(tx, recipeCode, version) : [];
      if (predecessors.length > 0) {
        const problem = await this.changeProblem(tx, recipeCode, version, predecessors, input.changeId);
        if (problem) return this.refusedIn(tx, signer, input.transition, subject, problem);
      }
      const data = {
        transition: slot.transition.name,
        slot: slot.slot,
        role: slot.role,
        stateAfter: after.state,
        contentHash: row.contentHash,
        flow: { flowCode: flow.flowCode, version: flow.version },
        changeId: input.changeId ?? null,
        comment: input.comment ?? null,
      };
      const previous = steps.at(-1)?.hash ?? row.contentHash;
      const signed = await signRecordStep(tx, this.ctx, signer, input.password, { subjectKind: 'recipe-version', purpose: PURPOSE, recordId: subject, key: `${slot.transition.name}.${slot.slot}`, meaning: slot.transition.meaning, data, previous, action: 'recipe.signed' });
      if (!signed.ok) {
        if (SIGNATURE_REFUSALS.has(signed.error.code)) return signed;
        return this.refusedIn(tx, signer, input.transition, subject, signed.error);
      }
      const now = this.ctx.clock.now();
      await tx.insert(recipeVersionSteps).values({ versionId: row.id, transition: slot.transition.name, role: slot.role, stateAfter: after.state, data, hash: signed.value.hash, signatureId: signed.value.signatureId, username: signer.username, recordedAt: now });
      if (after.state !== position.state && (after.state === 'effective' || after.state === 'retired')) {
        const published = await this.publish(tx, signer, row, after.state, input.changeId ?? null);
        if (!published.ok) throw new PublishFailed(published.error);
      }
      if (after.state === 'effective') {
        for (const p of predecessors) {
          const retired = await this.retire(tx, signer, p, version, signed.value.signatureId, input.changeId ?? null);
          if (!retired.ok) throw new PublishFailed(retired.error);
        }
      }
      return ok(await this.view(tx, row));
    }).catch((e: unknown) => {
      if (e instanceof PublishFailed) return { ok: false as const, error: e.error };
      throw e;
    });
  }

  /** Master data `recipe` = the content with the flow's status; what stations pull. */
  private async publish(tx: HubTx, actor: HubPrincipal, row: VersionRow, status: 'effective' | 'retired', changeId: string | null): Promise<Result<unknown>> {
    const data = { ...row.content, status };
    const reason = status === 'effective' ? `effective through the approval flow${changeId ? ` under change ${changeId}` : ''}` : 'retired through the approval flow';
    const put = await this.masterData.putIn(tx, actor, 'recipe', versionKey(row.recipeCode, row.version), { data, reason, byRecipeFlow: true });
    if (!put.ok) return put;
    await audit(tx, this.ctx.clock.now(), { actor: actor.username, action: status === 'effective' ? 'recipe.effective' : 'recipe.retired', subject: versionKey(row.recipeCode, row.version), details: { version: row.version, contentHash: row.contentHash, changeId } });
    return put;
  }

  /** The predecessor is retired by the signature that made its successor effective. */
  private async retire(tx: HubTx, actor: HubPrincipal, p: Predecessor, successor: number, signatureId: number, changeId: string | null): Promise<Result<unknown>> {
    if (p.row) {
      const steps = await this.steps(tx, p.row.id);
      const data = { transition: SUPERSEDED, supersededBy: successor, signatureId, changeId, stateAfter: 'retired' };
      const hash = recordStepHash(PURPOSE, versionKey(p.row.recipeCode, p.row.version), SUPERSEDED, data, steps.at(-1)?.hash ?? p.row.contentHash);
      await tx.insert(recipeVersionSteps).values({ versionId: p.row.id, transition: SUPERSEDED, role: '', stateAfter: 'retired', data, hash, signatureId, username: actor.username, recordedAt: this.ctx.clock.now() });
      return this.publish(tx, actor, p.row, 'retired', changeId);
    }
    // A recipe published as master data before the version store (demo data, an import).
    const [current] = await tx.select().from(masterData).where(and(eq(masterData.kind, 'recipe'), eq(masterData.key, p.key)));
    if (!current || current.data === null) return ok(null);
    const put = await this.masterData.putIn(tx, actor, 'recipe', p.key, { data: { ...(current.data as Record<string, unknown>), status: 'retired' }, reason: `superseded by version ${successor}${changeId ? ` under change ${changeId}` : ''}`, byRecipeFlow: true });
    if (!put.ok) return put;
    await audit(tx, this.ctx.clock.now(), { actor: actor.username, action: 'recipe.retired', subject: p.key, details: { version: current.version, changeId } });
    return put;
  }

  private async effectivePredecessors(tx: HubTx, recipeCode: string, version: number): Promise<Predecessor[]> {
    const rows = (await tx.select().from(recipeVersions).where(eq(recipeVersions.recipeCode, recipeCode))).filter((r) => r.version !== version);
    const states = await this.states(tx, rows);
    const kept = rows.filter((r) => states.get(r.id)!.state === 'effective').map((r) => ({ key: versionKey(recipeCode, r.version), row: r }));
    const keptKeys = new Set(rows.map((r) => versionKey(recipeCode, r.version)));
    const published = await tx
      .select({ key: masterData.key, data: masterData.data })
      .from(masterData)
      .where(and(eq(masterData.kind, 'recipe'), sql`left(${masterData.key}, ${recipeCode.length + 1}) = ${`${recipeCode}@`}`));
    const legacy = published.filter((m) => !keptKeys.has(m.key) && (m.data as { status?: string } | null)?.status === 'effective').map((m) => ({ key: m.key, row: null }));
    return [...kept, ...legacy];
  }

  private async changeProblem(tx: HubTx, recipeCode: string, version: number, predecessors: Predecessor[], changeId: string | undefined): Promise<BatchlineError | null> {
    const names = predecessors.map((p) => p.key).join(', ');
    if (!changeId) return { code: 'RECIPE_CHANGE_REQUIRED', message: `${names} is effective: version ${version} succeeds it only under an approved change control naming recipe ${recipeCode} version ${version}`, details: { effective: predecessors.map((p) => p.key) } };
    const [change] = await tx.select().from(qualityChanges).where(eq(qualityChanges.id, changeId));
    if (!change) return { code: 'RECIPE_CHANGE_REQUIRED', message: `there is no change control ${changeId}`, details: { changeId } };
    if (!CHANGE_APPROVED.includes(change.state)) return { code: 'RECIPE_CHANGE_REQUIRED', message: `change ${changeId} is ${change.state}, not approved`, details: { changeId, state: change.state } };
    const names_ = change.links.some((l) => l.kind === 'recipe' && l.ref === recipeCode && (l.toVersion === null || l.toVersion === version));
    if (!names_) return { code: 'RECIPE_CHANGE_REQUIRED', message: `change ${changeId} does not name recipe ${recipeCode} version ${version}`, details: { changeId } };
    return null;
  }

  // ------------------------------------------------------------------ reading

  private async lock(tx: HubTx, recipeCode: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`batchline.recipe:${recipeCode}`}))`);
  }

  /** The highest version number of the recipe in the store or in master data (versions never repeat a published key). */
  private async highestVersion(tx: HubTx, recipeCode: string): Promise<number> {
    const [kept] = await tx.select({ n: sql<number>`coalesce(max(${recipeVersions.version}), 0)::int` }).from(recipeVersions).where(eq(recipeVersions.recipeCode, recipeCode));
    const published = await tx
      .select({ key: masterData.key })
      .from(masterData)
      .where(and(eq(masterData.kind, 'recipe'), sql`left(${masterData.key}, ${recipeCode.length + 1}) = ${`${recipeCode}@`}`));
    const numbers = published.map((p) => Number(p.key.slice(recipeCode.length + 1))).filter((n) => Number.isInteger(n));
    return Math.max(Number(kept?.n ?? 0), ...numbers, 0);
  }

  private async row(q: HubQuery, recipeCode: string, version: number): Promise<VersionRow | undefined> {
    const [row] = await q.select().from(recipeVersions).where(and(eq(recipeVersions.recipeCode, recipeCode), eq(recipeVersions.version, version)));
    return row;
  }

  private async steps(q: HubQuery, versionId: number): Promise<StepRow[]> {
    return q.select().from(recipeVersionSteps).where(eq(recipeVersionSteps.versionId, versionId)).orderBy(asc(recipeVersionSteps.id));
  }

  private async flowOf(q: HubQuery, row: VersionRow): Promise<FlowRow> {
    return this.flows.at(q, row.flowVersion);
  }

  private async states(q: HubQuery, rows: readonly VersionRow[]): Promise<Map<number, FlowPosition>> {
    const out = new Map<number, FlowPosition>();
    if (rows.length === 0) return out;
    const steps = await q.select().from(recipeVersionSteps).where(inArray(recipeVersionSteps.versionId, rows.map((r) => r.id))).orderBy(asc(recipeVersionSteps.id));
    const flows = new Map<string, FlowRow>();
    for (const r of rows) {
      const key = `${r.flowCode}@${r.flowVersion}`;
      if (!flows.has(key)) flows.set(key, await this.flowOf(q, r));
      const flow = flows.get(key)!;
      out.set(r.id, foldFlow(flow.definition, key, steps.filter((s) => s.versionId === r.id).map(toStep)).position);
    }
    return out;
  }

  private async view(q: HubQuery, row: VersionRow): Promise<RecipeVersionView> {
    const flow = await this.flowOf(q, row);
    const steps = await this.steps(q, row.id);
    const read = await readFlowVersion(q, this.ctx, this.cache, { purpose: PURPOSE, subject: versionKey(row.recipeCode, row.version), contentHash: row.contentHash, flow, steps });
    return { ...summary(row, read.position.state), content: row.content, flow: { flowCode: flow.flowCode, version: flow.version }, signatures: read.signatures, next: read.next };
  }

  private async refusedIn(tx: HubTx, actor: HubPrincipal, step: string, subject: string, e: BatchlineError): Promise<Result<never>> {
    await audit(tx, this.ctx.clock.now(), { actor: actor.username, action: 'recipe.refused', subject, ok: false, details: { step, code: e.code, message: e.message } });
    return { ok: false, error: e };
  }
}

interface Predecessor {
  key: string;
  row: VersionRow | null;
}

/** Rolls the transaction back after a signature whose publication failed (the master data refused it). */
class PublishFailed extends Error {
  constructor(readonly error: BatchlineError) {
    super(error.message);
  }
}

function asRecipe(row: VersionRow): Recipe {
  return { ...(row.content as Omit<Recipe, 'status'>), status: 'draft' } as Recipe;
}

function summary(r: VersionRow, state: RecipeVersionState): RecipeVersionSummary {
  return { recipeCode: r.recipeCode, version: r.version, state, contentHash: r.contentHash, schemaVersion: r.schemaVersion, basedOn: r.basedOn, note: r.note, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() };
}
