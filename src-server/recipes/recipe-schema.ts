/** Recipe versions, their approval flow definitions and signed steps (issue 14; migration 0031). All append-only. */
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ApprovalFlow, RecipeVersionState } from '../../src-shared/recipe/recipe-version-contract.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

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
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recipeCode: text('recipe_code').notNull(),
    version: integer('version').notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    contentHash: text('content_hash').notNull(),
    schemaVersion: integer('schema_version').notNull(),
    basedOn: integer('based_on'),
    note: text('note').notNull(),
    flowCode: text('flow_code').notNull(),
    flowVersion: integer('flow_version').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('recipe_versions_version').on(t.recipeCode, t.version)],
);

export const recipeVersionSteps = pgTable(
  'recipe_version_steps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    versionId: bigint('version_id', { mode: 'number' }).notNull(),
    transition: text('transition').notNull(),
    role: text('role').notNull(),
    stateAfter: text('state_after').$type<RecipeVersionState>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    hash: text('hash').notNull(),
    signatureId: bigint('signature_id', { mode: 'number' }).notNull(),
    username: text('username').notNull(),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [index('recipe_version_steps_version').on(t.versionId, t.id)],
);
