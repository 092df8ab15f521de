/**
 * The approval flows the hub interprets (issue 14 item 3), one store for all of them: the recipe
 * flow and the report-template flow are rows of `recipe_flows` under their own flow code,
 * versioned, append-only. A flow starts as the definition the hub ships; every change after is a
 * new version and an e-signature (re-authentication, meaning "approved", by the role the route
 * names) over the definition's hash, chained from the previous version, with a reason, audited
 * (`<area>.flow_signed`, `<area>.flow_changed`); a refused change is audited too. Versions saved
 * under a flow keep moving through the flow version they were saved under.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { ok, type BatchlineError, type Result } from '../../src-shared/result.ts';
import { ApprovalFlowSchema, flowIssues, flowProblems, type ApprovalFlow, type FlowIssue, type FlowView, type PutFlow } from '../../src-shared/recipe/recipe-version-contract.ts';
import type { SignatureMeaning } from '../../src-shared/signature-meaning.ts';
import { canonicalJson } from '../../src-core/ledger/canonical-json.ts';
import { createCertificateCache } from '../../src-core/pki/certificate-check.ts';
import { issuedCertificates } from '../db/schema.ts';
import type { HubQuery, HubTx } from '../db/open-hub-db.ts';
import type { HubContext } from '../hub-context.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { audit } from '../admin/hub-audit.ts';
import { qualitySignatures } from '../quality/db/quality-schema.ts';
import { recordStepHash, signRecordStep } from '../quality/signing/record-step.ts';
import { signatureProblem } from '../quality/signing/signature-check.ts';
import { recipeFlows } from './recipe-schema.ts';

export type FlowRow = typeof recipeFlows.$inferSelect;

const PURPOSE = 'batchline.approval-flow.v1';
export const flowHash = (v: unknown) => createHash('sha256').update(canonicalJson(v), 'utf8').digest('hex');
export const flowKey = (f: Pick<FlowRow, 'flowCode' | 'version'>) => `${f.flowCode}@${f.version}`;

/**
 * Each area's own refusal codes (FR-115): a template flow's refusal never reaches its reader as a
 * recipe's. `invalid`: a change of the flow that does not hold together; `unusable`: a stored flow
 * version (kept from before today's checks, or written around the API) used to save or sign.
 */
const FLOW_CODES = {
  recipe: { invalid: 'RECIPE_FLOW_INVALID', unusable: 'RECIPE_FLOW_UNUSABLE' },
  template: { invalid: 'TEMPLATE_FLOW_INVALID', unusable: 'TEMPLATE_FLOW_UNUSABLE' },
} as const satisfies Record<'recipe' | 'template', { invalid: BatchlineError['code']; unusable: BatchlineError['code'] }>;

/**
 * Why a stored flow definition does not hold together by today's checks (the schema, then
 * flowIssues of its kind: signing and saving roles, paths): the same reasons a change of the flow
 * is refused for, placed on their transition or field. Empty when it does.
 */
export function storedFlowIssues(definition: unknown, kind: 'recipe' | 'template'): FlowIssue[] {
  const parsed = ApprovalFlowSchema.safeParse(definition);
  if (!parsed.success) return parsed.error.issues.map((i) => ({ message: `${i.path.join('.') || '(root)'} ${i.message}`, key: 'schema' as const, params: { field: i.path.join('.') } }));
  return flowIssues(parsed.data, kind);
}

export class ApprovalFlowStore {
  private readonly cache = createCertificateCache();

  constructor(
    private readonly ctx: HubContext,
    /** The flow's code and the definition the hub starts with. */
    private readonly starting: ApprovalFlow,
    /** The audit area: `recipe` → recipe.flow_changed, recipe.flow_signed, recipe.refused. */
    private readonly area: 'recipe' | 'template',
  ) {}

  get flowCode(): string {
    return this.starting.flowCode;
  }

  async view(): Promise<FlowView> {
    return this.ctx.db.transaction(async (tx) => this.toView(tx, await this.current(tx)));
  }

  /** The newest version; the starting definition is stored as version 1 on first use. */
  async current(tx: HubTx): Promise<FlowRow> {
    const code = this.flowCode;
    const [row] = await tx.select().from(recipeFlows).where(eq(recipeFlows.flowCode, code)).orderBy(desc(recipeFlows.version)).limit(1);
    if (row) return row;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`batchline.flow:${code}`}))`);
    const [again] = await tx.select().from(recipeFlows).where(eq(recipeFlows.flowCode, code)).orderBy(desc(recipeFlows.version)).limit(1);
    if (again) return again;
    const [made] = await tx
      .insert(recipeFlows)
      .values({ flowCode: code, version: 1, definition: this.starting, contentHash: flowHash(this.starting), reason: 'the flow the hub starts with', createdBy: 'batchline', createdAt: this.ctx.clock.now() })
      .returning();
    return made!;
  }

  /** Every version of the flow, oldest first, each with its signature verified now. */
  async history(): Promise<FlowView[]> {
    return this.ctx.db.transaction(async (tx) => {
      await this.current(tx);
      const rows = await tx.select().from(recipeFlows).where(eq(recipeFlows.flowCode, this.flowCode)).orderBy(asc(recipeFlows.version));
      const out: FlowView[] = [];
      for (const r of rows) out.push(await this.toView(tx, r));
      return out;
    });
  }

  async at(q: HubQuery, version: number): Promise<FlowRow> {
    const [flow] = await q.select().from(recipeFlows).where(and(eq(recipeFlows.flowCode, this.flowCode), eq(recipeFlows.version, version)));
    return flow!;
  }

  /**
   * A new version of the flow, signed by `actor` with their password (21 CFR 11.200: the change
   * of who approves is itself approved by a named person, at the moment, with a reason).
   */
  async put(actor: HubPrincipal, input: PutFlow): Promise<Result<FlowView>> {
    const code = this.flowCode;
    const problems = flowProblems(input.definition, this.area);
    if (input.definition.flowCode !== code) problems.push(`this flow is "${code}", not "${input.definition.flowCode}"`);
    return this.ctx.db.transaction(async (tx): Promise<Result<FlowView>> => {
      if (problems.length > 0) return this.refused(tx, actor, code, { code: FLOW_CODES[this.area].invalid, message: `the flow does not hold together: ${problems.join('; ')}`, details: { problems } });
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`batchline.flow:${code}`}))`);
      const current = await this.current(tx);
      const version = current.version + 1;
      const contentHash = flowHash(input.definition);
      const data = { flowCode: code, version, contentHash, reason: input.reason, previousVersion: current.version };
      const signed = await signRecordStep(tx, this.ctx, actor, input.password, {
        subjectKind: 'approval-flow',
        purpose: PURPOSE,
        recordId: code,
        key: `v${version}`,
        meaning: 'approved',
        data,
        previous: current.hash ?? current.contentHash,
        action: `${this.area}.flow_signed`,
      });
      if (!signed.ok) {
        if (signed.error.code === 'SIGNATURE_PASSWORD_INVALID' || signed.error.code === 'AUTH_ACCOUNT_LOCKED') return signed;
        return this.refused(tx, actor, code, signed.error);
      }
      const now = this.ctx.clock.now();
      const [row] = await tx
        .insert(recipeFlows)
        .values({ flowCode: code, version, definition: input.definition, contentHash, reason: input.reason, createdBy: actor.username, createdAt: now, signatureId: signed.value.signatureId, hash: signed.value.hash })
        .returning();
      await audit(tx, now, { actor: actor.username, action: `${this.area}.flow_changed`, subject: code, details: { version, contentHash, reason: input.reason, signatureId: signed.value.signatureId } });
      return ok(await this.toView(tx, row!));
    });
  }

  /**
   * The refusal to use a stored flow version that today's checks refuse (FR-115): saving under it
   * or signing a version kept under it would leave a version no one can move on. Audited as the
   * area's refusal; the remedy is a signed new flow version (and a new version saved under it).
   */
  async unusable(tx: HubTx, actor: HubPrincipal, subject: string, flow: FlowRow, step: string): Promise<Result<never> | null> {
    const issues = storedFlowIssues(flow.definition, this.area);
    if (issues.length === 0) return null;
    const problems = issues.map((i) => i.message);
    const e: BatchlineError = {
      code: FLOW_CODES[this.area].unusable,
      message: `${flowKey(flow)} does not hold together by today's checks (${problems.join('; ')}): a version under it could not be taken through it; QA signs a new version of the flow`,
      details: { flowCode: flow.flowCode, flowVersion: flow.version, problems },
    };
    return this.refused(tx, actor, subject, e, step);
  }

  private async refused(tx: HubTx, actor: HubPrincipal, subject: string, e: BatchlineError, step = 'flow'): Promise<Result<never>> {
    await audit(tx, this.ctx.clock.now(), { actor: actor.username, action: `${this.area}.refused`, subject, ok: false, details: { step, code: e.code, message: e.message } });
    return { ok: false, error: e };
  }

  /** The flow as the API shows it, with the signature of its change verified now. */
  async toView(q: HubQuery, r: FlowRow): Promise<FlowView> {
    const problems = storedFlowIssues(r.definition, this.area).map(({ message, key, params }) => ({ message, key, params }));
    const base: FlowView = { flowCode: r.flowCode, version: r.version, definition: r.definition, contentHash: r.contentHash, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), reason: r.reason, signature: null, problems };
    if (r.signatureId === null || r.hash === null) return base;
    const [sig] = await q.select().from(qualitySignatures).where(eq(qualitySignatures.id, r.signatureId));
    if (!sig) return { ...base, signature: { username: r.createdBy, printedName: r.createdBy, signedAt: r.createdAt.toISOString(), meaning: 'approved', valid: false } };
    const [cert] = await q.select().from(issuedCertificates).where(eq(issuedCertificates.fingerprint, sig.certFingerprint));
    const previous = r.version > 1 ? await this.at(q, r.version - 1) : null;
    const data = { flowCode: r.flowCode, version: r.version, contentHash: r.contentHash, reason: r.reason, previousVersion: r.version - 1 };
    const chained =
      flowHash(r.definition) === r.contentHash &&
      recordStepHash(PURPOSE, r.flowCode, `v${r.version}`, data, previous ? (previous.hash ?? previous.contentHash) : '') === r.hash &&
      sig.subjectHash === r.hash;
    const problem = signatureProblem(sig, cert ? { certPem: cert.certPem, revokedAt: cert.revokedAt } : undefined, this.ctx.keys.caCertPem, this.cache);
    return { ...base, signature: { username: sig.username, printedName: sig.printedName, signedAt: sig.signedAt, meaning: sig.meaning as SignatureMeaning, valid: problem === null && chained } };
  }
}
