/**
 * The columns the hub's "versions under an approval flow" tables share: recipe versions (migration
 * 0031) and report template versions (migration 0034) each keep a version table (one row a save)
 * and a step table (one row a signed transition). The migrations are written by hand; these
 * builders only keep the two drizzle schemas from drifting apart. Each call returns new builders,
 * in the column order of the migrations (which is the order drizzle-kit would write).
 */
import { bigint, bigserial, integer, jsonb, text, timestamp, type PgColumnBuilderBase } from 'drizzle-orm/pg-core';
import type { RecipeVersionState } from '../../src-shared/recipe/recipe-version-contract.ts';

type Columns = Record<string, PgColumnBuilderBase>;

/** A `timestamptz` read and written as a Date. */
export const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A version table's columns: `id`, then `code` (the column(s) naming what is versioned, e.g.
 * `{ recipeCode: text('recipe_code').notNull() }`), version, content and its hash, then `extra`
 * (columns only that table has), then what it was based on, the note, its flow, author and time.
 */
export function flowVersionColumns<Code extends Columns, Extra extends Columns = Record<never, never>>(
  code: Code,
  extra: Extra = {} as Extra,
) {
  return {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ...code,
    version: integer('version').notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    contentHash: text('content_hash').notNull(),
    ...extra,
    basedOn: integer('based_on'),
    note: text('note').notNull(),
    flowCode: text('flow_code').notNull(),
    flowVersion: integer('flow_version').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull(),
  };
}

/** A step table's columns: one signed transition of one version (`version_id`), its state after, its signature. */
export function flowStepColumns() {
  return {
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
  };
}
