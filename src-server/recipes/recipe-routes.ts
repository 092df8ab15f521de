/** Recipe versions and their approval flow (issue 14 items 3-5): save, list, read, diff, sign a transition, the flow. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../src-shared/sync/sync-protocol.ts';
import { Code } from '../../src-shared/master-data/common.ts';
import {
  FLOW_SAVING_ROLES,
  FLOW_SIGNING_ROLES,
  FlowHistorySchema,
  FlowViewSchema,
  PutFlowSchema,
  RecipeDiffSchema,
  RecipeListSchema,
  RecipeTransitionRequestSchema,
  RecipeVersionSummarySchema,
  RecipeVersionViewSchema,
  SaveRecipeVersionSchema,
  type PutFlow,
  type RecipeTransitionRequest,
} from '../../src-shared/recipe/recipe-version-contract.ts';
import type { HubServices } from '../http/hub-services.ts';
import { historyReaders, roleGuard, sendResult } from '../http/route-helpers.ts';
import { route } from '../http/zod-schema.ts';
import { RecipeVersionService } from './recipe-version-service.ts';

const Number_ = z.string().regex(/^[1-9]\d{0,8}$/, 'a version number');
const CodeParams = z.object({ code: Code });
const VersionParams = z.object({ code: Code, version: Number_ });
const DiffQuery = z.object({ from: Number_, to: Number_ });
type VersionP = z.infer<typeof VersionParams>;

const RecipeVersionSummaryListSchema = z.array(RecipeVersionSummarySchema);

export function registerRecipeRoutes(app: FastifyInstance, s: HubServices, recipes = new RecipeVersionService(s.ctx)): void {
  const readers = historyReaders(s, 'master-data', 'operator');
  const authors = roleGuard(s, ...FLOW_SAVING_ROLES.recipe);
  const signers = roleGuard(s, ...FLOW_SIGNING_ROLES.recipe);
  const base = `${API_PREFIX}/recipes`;

  app.get(`${base}/flow`, { ...route({ tags: ['recipes'], summary: 'The approval flow recipe versions move through (data: states, transitions, the roles each signature needs)', response: FlowViewSchema, security: 'bearer' }), preHandler: readers }, async (_req, reply) =>
    reply.send(await recipes.flow()),
  );
  app.get(`${base}/flow/history`, { ...route({ tags: ['recipes'], summary: 'Every version of the approval flow, oldest first: its definition, who signed the change, when, and why', response: FlowHistorySchema, security: 'bearer' }), preHandler: readers }, async (_req, reply) =>
    reply.send(await recipes.flowHistory()),
  );
  app.put(`${base}/flow`, { ...route({ tags: ['recipes'], summary: 'A new version of the approval flow: an e-signature by QA (password) with a reason; versions saved from then on move through it', body: PutFlowSchema, response: FlowViewSchema, security: 'bearer' }), preHandler: roleGuard(s, 'qa') }, async (req, reply) =>
    sendResult(reply, await recipes.putFlow(req.principal!, req.body as PutFlow), 201),
  );
  app.get(base, { ...route({ tags: ['recipes'], summary: 'Every recipe kept as versions, by code, with each version\'s state', response: RecipeListSchema, security: 'bearer' }), preHandler: readers }, async (_req, reply) =>
    reply.send(await recipes.recipes()),
  );
  app.get(`${base}/:code/versions`, { ...route({ tags: ['recipes'], summary: "A recipe's versions, oldest first, each with its state", params: CodeParams, response: RecipeVersionSummaryListSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) =>
    reply.send(await recipes.list((req.params as z.infer<typeof CodeParams>).code)),
  );
  app.post(`${base}/:code/versions`, { ...route({ tags: ['recipes'], summary: 'Save the recipe: always a new version (draft), never a change of a stored one', params: CodeParams, body: SaveRecipeVersionSchema, response: RecipeVersionViewSchema, security: 'bearer' }), preHandler: authors }, async (req, reply) => {
    const b = req.body as z.output<typeof SaveRecipeVersionSchema>;
    return sendResult(reply, await recipes.save(req.principal!, (req.params as z.infer<typeof CodeParams>).code, b), 201);
  });
  app.get(`${base}/:code/versions/:version`, { ...route({ tags: ['recipes'], summary: 'One version: content, content hash, state, every signature (verified now), what can be signed next', params: VersionParams, response: RecipeVersionViewSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const p = req.params as VersionP;
    return sendResult(reply, await recipes.get(p.code, Number(p.version)));
  });
  app.put(`${base}/:code/versions/:version`, { ...route({ tags: ['recipes'], summary: 'Refused, always: a stored version never changes (RECIPE_VERSION_IMMUTABLE); save a new version', params: VersionParams, body: SaveRecipeVersionSchema, security: 'bearer' }), preHandler: authors }, async (req, reply) => {
    const p = req.params as VersionP;
    return sendResult(reply, await recipes.refuseEdit(req.principal!, p.code, Number(p.version)));
  });
  app.get(`${base}/:code/diff`, { ...route({ tags: ['recipes'], summary: 'What changed between two versions, as data and as sentences (en, zh-CN)', params: CodeParams, querystring: DiffQuery, response: RecipeDiffSchema, security: 'bearer' }), preHandler: readers }, async (req, reply) => {
    const q = req.query as z.infer<typeof DiffQuery>;
    return sendResult(reply, await recipes.diff((req.params as z.infer<typeof CodeParams>).code, Number(q.from), Number(q.to)));
  });
  app.post(`${base}/:code/versions/:version/transitions`, { ...route({ tags: ['recipes'], summary: 'Sign a transition of the approval flow (re-authentication; the role the flow names)', params: VersionParams, body: RecipeTransitionRequestSchema, response: RecipeVersionViewSchema, security: 'bearer' }), preHandler: signers }, async (req, reply) => {
    const p = req.params as VersionP;
    return sendResult(reply, await recipes.transition(req.principal!, p.code, Number(p.version), req.body as RecipeTransitionRequest), 201);
  });
}
