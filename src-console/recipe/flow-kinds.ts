/**
 * The approval flows the console's one flow editor (approval-flow-screen.tsx) edits, and what
 * differs between them (FR-113): where the hub serves the flow, its versions and the versions
 * moving through it; which roles the hub admits to sign it and to save versions under it (the
 * shared FLOW_SIGNING_ROLES / FLOW_SAVING_ROLES, so the editor offers and checks what the hub
 * refuses); where the screen lives; and the catalogue section with the words that name the
 * subject (`flow.*` for recipe versions, `flowTemplate.*` for report-template versions).
 */
import { z } from 'zod';
import { FLOW_SAVING_ROLES, FLOW_SIGNING_ROLES, RecipeListSchema, type FlowKind, type RecipeList, type RecipeVersionState } from '../../src-shared/recipe/recipe-version-contract.ts';
import { REPORT_TEMPLATE_CODES } from '../../src-shared/reports/report-template.ts';
import { TemplateVersionSummarySchema, type TemplateVersionSummary } from '../../src-shared/reports/report-template-contract.ts';
import type { HubRole } from '../../src-shared/sync/sync-protocol.ts';
import type { ApiResult, ConsoleApi } from '../api/console-client.ts';

/** A version moving through the flow: a recipe's or a template's, with the flow version it was saved under. */
export interface FlowSubjectVersion {
  code: string;
  version: number;
  state: RecipeVersionState;
  flowVersion: number;
}

export interface FlowKindSpec {
  kind: FlowKind;
  /** The hub's resource: `${api}/flow`, `${api}/flow/history`. */
  api: string;
  /** The console route of the editor, and of the list it is a tab of. */
  route: string;
  listRoute: string;
  /** The catalogue section naming the subject (title, intro, statement, older, olderNone, subject). */
  words: 'flow' | 'flowTemplate';
  signingRoles: readonly HubRole[];
  savingRoles: readonly HubRole[];
  /** Where one version opens in the console. */
  versionRoute: (code: string, version: number) => string;
}

export const FLOW_KINDS: Record<FlowKind, FlowKindSpec> = {
  recipe: {
    kind: 'recipe',
    api: '/api/v1/recipes',
    route: 'recipes/~flow',
    listRoute: 'recipes',
    words: 'flow',
    signingRoles: FLOW_SIGNING_ROLES.recipe,
    savingRoles: FLOW_SAVING_ROLES.recipe,
    versionRoute: (code, version) => `recipes/${encodeURIComponent(code)}/${version}`,
  },
  template: {
    kind: 'template',
    api: '/api/v1/report-templates',
    route: 'templates/~flow',
    listRoute: 'templates',
    words: 'flowTemplate',
    signingRoles: FLOW_SIGNING_ROLES.template,
    savingRoles: FLOW_SAVING_ROLES.template,
    versionRoute: (code, version) => `templates/${encodeURIComponent(code)}/${version}`,
  },
};

/** The recipe list's versions as flow subjects. */
export const recipeSubjects = (list: RecipeList): FlowSubjectVersion[] =>
  list.flatMap((r) => r.versions.map((v) => ({ code: r.recipeCode, version: v.version, state: v.state, flowVersion: v.flowVersion })));

/** Each template's versions as flow subjects. */
export const templateSubjects = (versions: readonly TemplateVersionSummary[]): FlowSubjectVersion[] =>
  versions.map((v) => ({ code: v.templateCode, version: v.version, state: v.state, flowVersion: v.flowVersion }));

/** Every version moving through the flow of this kind, as the hub lists them (one request per template code). */
export async function loadFlowSubjects(api: Pick<ConsoleApi, 'get'>, kind: FlowKind): Promise<ApiResult<FlowSubjectVersion[]>> {
  if (kind === 'recipe') {
    const r = await api.get('/api/v1/recipes', RecipeListSchema);
    return r.ok ? { ok: true, value: recipeSubjects(r.value) } : r;
  }
  const out: FlowSubjectVersion[] = [];
  for (const code of REPORT_TEMPLATE_CODES) {
    const r = await api.get(`${FLOW_KINDS.template.api}/${code}/versions`, z.array(TemplateVersionSummarySchema));
    if (!r.ok) return r;
    out.push(...templateSubjects(r.value));
  }
  return { ok: true, value: out };
}
