/** Recipe versions, their approval flow definitions and signed steps (issue 14; migration 0031). All append-only. */
import { bigint, bigserial, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ApprovalFlow } from '../../src-shared/recipe/recipe-version-contract.ts';
import { at, flowStepColumns, flowVersionColumns } from '../db/flow-version-columns.ts';

export const recipeFlows = pgTable(
  'recipe_flows',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    flowCode: text('flow_code').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<ApprovalFlow>().notNull(),
    contentHash: text('content_hash').notNull(),
    reason: text('reason').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull(),
    /** The e-signature of the flow change (migration 0034); null on rows written before and on the hub's starting flow. */
    signatureId: bigint('signature_id', { mode: 'number' }),
    hash: text('hash'),
  },
  (t) => [uniqueIndex('recipe_flows_version').on(t.flowCode, t.version)],
);

export const recipeVersions = pgTable(
  'recipe_versions',
  flowVersionColumns({ recipeCode: text('recipe_code').notNull() }, { schemaVersion: integer('schema_version').notNull() }),
  (t) => [uniqueIndex('recipe_versions_version').on(t.recipeCode, t.version)],
);

export const recipeVersionSteps = pgTable(
  'recipe_version_steps',
  flowStepColumns(),
  (t) => [index('recipe_version_steps_version').on(t.versionId, t.id)],
);
