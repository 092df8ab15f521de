/**
 * Recipe versions at the hub and the approval flow they move through (issue 14 items 3-5), as
 * the API sees them.
 *
 * - Every save of a recipe is a new version (author, time, content, content hash); a stored
 *   version never changes (recipe-version-service.ts, and a database trigger, migration 0031).
 * - The approval flow is data (`ApprovalFlow`), versioned itself, interpreted by the hub
 *   (recipe-flow.ts, an xstate machine built from the definition): each transition names the
 *   signature meaning and, per signature it needs, the roles that may give it; whether the
 *   version's author may sign; and earlier transitions whose signers may not sign it again.
 * - Reaching `effective` publishes the version as master data `recipe` (what stations pull) and
 *   retires the version effective before it, which needs an approved change control naming
 *   the successor.
 */
import { z } from 'zod';
import { Code } from '../master-data/common.ts';
import { SignatureMeaning } from '../signature-meaning.ts';
import { HubRole } from '../sync/sync-protocol.ts';

export const RECIPE_VERSION_STATES = ['draft', 'reviewed', 'approved', 'effective', 'retired'] as const;
export const RecipeVersionState = z.enum(RECIPE_VERSION_STATES);
export type RecipeVersionState = z.infer<typeof RecipeVersionState>;

const TransitionName = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and -');

export const FlowTransitionSchema = z.object({
  name: TransitionName,
  from: RecipeVersionState,
  to: RecipeVersionState,
  meaning: SignatureMeaning,
  /** One entry per signature the transition needs: the roles any one of which may give it. Two entries = two people. */
  signatures: z.array(z.object({ roles: z.array(HubRole).min(1).max(8) })).min(1).max(5),
  /** Whether the author of the version may give one of these signatures. */
  authorMaySign: z.boolean().default(false),
  /** Transitions whose signers may not sign this one (e.g. the reviewer does not approve). */
  notSignedBySignersOf: z.array(TransitionName).max(10).default([]),
});
export type FlowTransition = z.infer<typeof FlowTransitionSchema>;

export const ApprovalFlowSchema = z.object({
  flowCode: Code,
  name: z.string().trim().min(1).max(200),
  /** Who may save versions (drafts) under this flow. */
  authorRoles: z.array(HubRole).min(1).max(8),
  transitions: z.array(FlowTransitionSchema).min(1).max(30),
});
export type ApprovalFlow = z.infer<typeof ApprovalFlowSchema>;

/**
 * The roles that can sign a transition of each flow: the hub's signing routes admit these (an
 * inspector is read-only, DI-09; the LIMS role is a system interface, no person; admin holds no
 * GMP signature). A slot naming only other roles could never be signed.
 */
export const FLOW_SIGNING_ROLES = {
  recipe: ['qa', 'qp', 'master-data', 'operator'],
  template: ['qa', 'qp', 'master-data'],
} as const satisfies Record<string, readonly HubRole[]>;

/** The flows the hub interprets: recipe versions and report-template versions. */
export type FlowKind = keyof typeof FLOW_SIGNING_ROLES;

/**
 * The roles the hub's save route of each flow admits (POST …/versions: recipe-routes.ts,
 * report-template-routes.ts guard with these). A flow's `authorRoles` ("who saves versions")
 * naming any other role would promise a save the route refuses before the flow is read.
 */
export const FLOW_SAVING_ROLES = {
  recipe: ['master-data', 'qa'],
  template: ['qa', 'master-data'],
} as const satisfies Record<FlowKind, readonly HubRole[]>;

/**
 * One reason a flow definition does not hold together: the hub's English (`message`), a
 * catalogue key with its parameters (the console words it in zh-CN), and the transition it
 * concerns (index into `transitions`) or the field (`authorRoles`); neither for the flow as a whole.
 */
export interface FlowIssue {
  message: string;
  key: 'schema' | 'twice' | 'sameState' | 'leavesRetired' | 'backToDraft' | 'unknownTransition' | 'adminRole' | 'roleCannotSign' | 'parallel' | 'noPathToEffective' | 'authorCannotSave' | 'authorAlone';
  params: Record<string, string>;
  transition?: number;
  field?: 'authorRoles';
}

/** Why a flow definition of the given kind does not hold together, each placed on its transition or field; empty when it does. */
export function flowIssues(f: ApprovalFlow, kind: FlowKind = 'recipe'): FlowIssue[] {
  const signingRoles: readonly string[] = FLOW_SIGNING_ROLES[kind];
  const savingRoles: readonly string[] = FLOW_SAVING_ROLES[kind];
  const out: FlowIssue[] = [];
  for (const role of f.authorRoles.filter((r) => !savingRoles.includes(r))) {
    out.push({ message: `versions are saved by the ${role} role, which the save route refuses (it admits: ${savingRoles.join(', ')})`, key: 'authorCannotSave', params: { role, savers: savingRoles.join(', ') }, field: 'authorRoles' });
  }
  const names = new Set<string>();
  f.transitions.forEach((t, i) => {
    const at = (key: FlowIssue['key'], message: string, params: Record<string, string> = {}) => out.push({ message, key, params: { name: t.name, ...params }, transition: i });
    if (names.has(t.name)) at('twice', `transition "${t.name}" appears twice`);
    names.add(t.name);
    if (t.from === t.to) at('sameState', `transition "${t.name}" does not change the state`);
    if (t.from === 'retired') at('leavesRetired', `transition "${t.name}" leaves "retired", which is final`);
    if (t.to === 'draft') at('backToDraft', `transition "${t.name}" goes back to "draft": save a new version instead`);
    for (const n of t.notSignedBySignersOf) if (!f.transitions.some((x) => x.name === n)) at('unknownTransition', `transition "${t.name}" names unknown transition "${n}"`, { other: n });
    if (t.signatures.some((s) => s.roles.includes('admin'))) at('adminRole', `transition "${t.name}" names the admin role, which holds no GMP signature`);
    const unsignable = [...new Set(t.signatures.flatMap((s) => s.roles))].filter((r) => r !== 'admin' && !signingRoles.includes(r));
    for (const role of unsignable) at('roleCannotSign', `transition "${t.name}" names the ${role} role, which no account signing this flow holds (signers: ${signingRoles.join(', ')})`, { role, signers: signingRoles.join(', ') });
  });
  const seenFrom = new Set<string>();
  f.transitions.forEach((t, i) => {
    if (seenFrom.has(`${t.from}>${t.to}`)) out.push({ message: `two transitions lead from "${t.from}" to "${t.to}"`, key: 'parallel', params: { from: t.from, to: t.to }, transition: i });
    seenFrom.add(`${t.from}>${t.to}`);
  });
  // "effective" must be reachable from "draft".
  const reached = new Set<string>(['draft']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of f.transitions) if (reached.has(t.from) && !reached.has(t.to)) reached.add(t.to), (grew = true);
  }
  if (!reached.has('effective')) out.push({ message: 'no path leads from "draft" to "effective"', key: 'noPathToEffective', params: {} });
  // FR-143: a second person on every path to "effective". A transition the author may sign with
  // one signature can be taken by the author alone; two signatures are two people
  // (RECIPE_SIGNER_ALREADY_SIGNED). If such transitions alone lead from draft to effective, the
  // author could publish their own version without anybody else.
  const alone = new Set<string>(['draft']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of f.transitions) if (t.authorMaySign && t.signatures.length < 2 && alone.has(t.from) && !alone.has(t.to)) alone.add(t.to), (grew = true);
  }
  if (alone.has('effective')) out.push({ message: 'the author of a version can bring it from "draft" to "effective" alone: one transition on every path needs a signature by someone else', key: 'authorAlone', params: {} });
  return out;
}

/** Why a flow definition does not hold together; empty when it does (the hub's refusal, RECIPE_FLOW_INVALID or TEMPLATE_FLOW_INVALID). */
export function flowProblems(f: ApprovalFlow, kind: FlowKind = 'recipe'): string[] {
  return flowIssues(f, kind).map((i) => i.message);
}

/** The flow the hub starts with: review by QA, approval by QA and a QP (two people), effective by QA. */
export const DEFAULT_APPROVAL_FLOW: ApprovalFlow = {
  flowCode: 'recipe-approval',
  name: 'Master batch record approval',
  authorRoles: ['master-data', 'qa'],
  transitions: [
    { name: 'review', from: 'draft', to: 'reviewed', meaning: 'reviewed', signatures: [{ roles: ['qa'] }], authorMaySign: false, notSignedBySignersOf: [] },
    { name: 'approve', from: 'reviewed', to: 'approved', meaning: 'approved', signatures: [{ roles: ['qa'] }, { roles: ['qp'] }], authorMaySign: false, notSignedBySignersOf: ['review'] },
    { name: 'make-effective', from: 'approved', to: 'effective', meaning: 'approved', signatures: [{ roles: ['qa'] }], authorMaySign: false, notSignedBySignersOf: [] },
    { name: 'retire', from: 'effective', to: 'retired', meaning: 'approved', signatures: [{ roles: ['qa'] }], authorMaySign: true, notSignedBySignersOf: [] },
  ],
};

export const FlowViewSchema = z.object({
  flowCode: z.string(),
  version: z.number().int(),
  definition: ApprovalFlowSchema,
  contentHash: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** Why this version of the flow was made. */
  reason: z.string().optional(),
  /** The e-signature that made this version (verified now); null for the flow the hub starts with and flows changed before changes were signed. */
  signature: z.object({ username: z.string(), printedName: z.string(), signedAt: z.string(), meaning: SignatureMeaning, valid: z.boolean() }).nullable().optional(),
  /**
   * Why this stored version does not hold together by today's checks (FR-115: a version kept from
   * before a check, or written around the API): the hub refuses to save or sign under it
   * (RECIPE_FLOW_UNUSABLE, TEMPLATE_FLOW_UNUSABLE). Empty when it does.
   */
  problems: z.array(z.object({ message: z.string(), key: z.string(), params: z.record(z.string(), z.string()) })).optional(),
});
export type FlowView = z.infer<typeof FlowViewSchema>;

/** Every version of a flow, oldest first, each with the signature that made it (verified now). */
export const FlowHistorySchema = z.array(FlowViewSchema);

/** A new version of a flow: an e-signature (the signer's password now) with a reason. */
export const PutFlowSchema = z.object({ definition: ApprovalFlowSchema, reason: z.string().trim().min(5).max(2000), password: z.string().min(1).max(200) });
export type PutFlow = z.infer<typeof PutFlowSchema>;

/**
 * A save: the recipe's content (recipe code and version are the hub's: from the path and the
 * next number; `status` belongs to the flow). `basedOn` names the version the author edited.
 */
export const SaveRecipeVersionSchema = z.object({
  content: z.record(z.string(), z.unknown()),
  basedOn: z.number().int().positive().nullable().default(null),
  note: z.string().trim().max(2000).default(''),
});
export type SaveRecipeVersion = z.input<typeof SaveRecipeVersionSchema>;

export const RecipeTransitionRequestSchema = z.object({
  transition: TransitionName,
  /** The role signed in, when the signer holds more than one the transition names. */
  role: HubRole.optional(),
  password: z.string().min(1).max(200),
  /** The approved change control that names this successor of an effective version. */
  changeId: z.string().regex(/^CC-\d{4}-\d{4,}$/).optional(),
  comment: z.string().trim().max(1000).optional(),
});
export type RecipeTransitionRequest = z.infer<typeof RecipeTransitionRequestSchema>;

export const RecipeVersionSummarySchema = z.object({
  recipeCode: z.string(),
  version: z.number().int(),
  state: RecipeVersionState,
  contentHash: z.string(),
  schemaVersion: z.number().int(),
  basedOn: z.number().int().nullable(),
  note: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type RecipeVersionSummary = z.infer<typeof RecipeVersionSummarySchema>;

export const RecipeSignatureViewSchema = z.object({
  transition: z.string(),
  role: z.string(),
  stateAfter: RecipeVersionState,
  meaning: SignatureMeaning,
  username: z.string(),
  printedName: z.string(),
  signedAt: z.string(),
  changeId: z.string().nullable(),
  valid: z.boolean(),
});

export const RecipeVersionViewSchema = RecipeVersionSummarySchema.extend({
  content: z.record(z.string(), z.unknown()),
  flow: z.object({ flowCode: z.string(), version: z.number().int() }),
  signatures: z.array(RecipeSignatureViewSchema),
  /** What can be signed next: each transition out of the current state, with the roles still needed. */
  next: z.array(z.object({ transition: z.string(), to: RecipeVersionState, meaning: SignatureMeaning, rolesNeeded: z.array(z.array(z.string())), signedBy: z.array(z.string()) })),
});
export type RecipeVersionView = z.infer<typeof RecipeVersionViewSchema>;

/** Every recipe the hub keeps versions of (the designer's list), each with its versions' states. */
export const RecipeListSchema = z.array(
  z.object({
    recipeCode: z.string(),
    name: z.string(),
    /** `flowVersion`: the version of the approval flow the version was saved under, and moves through. */
    versions: z.array(RecipeVersionSummarySchema.pick({ version: true, state: true, createdBy: true, createdAt: true }).extend({ flowVersion: z.number().int() })),
  }),
);
export type RecipeList = z.infer<typeof RecipeListSchema>;

export const RecipeDiffSchema = z.object({
  recipeCode: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(z.record(z.string(), z.unknown())),
  sentences: z.object({ en: z.array(z.string()), 'zh-CN': z.array(z.string()) }),
});
export type RecipeDiff = z.infer<typeof RecipeDiffSchema>;
