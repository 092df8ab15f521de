/** Report template versions and their signed flow steps (issue 14 item 6; migration 0034). Append-only. */
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { RecipeVersionState } from '../../src-shared/recipe/recipe-version-contract.ts';
import type { TemplateCode } from '../../src-shared/reports/report-template.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const reportTemplateVersions = pgTable(
  'report_template_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    templateCode: text('template_code').$type<TemplateCode>().notNull(),
    version: integer('version').notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    contentHash: text('content_hash').notNull(),
    basedOn: integer('based_on'),
    note: text('note').notNull(),
    flowCode: text('flow_code').notNull(),
    flowVersion: integer('flow_version').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('report_template_versions_version').on(t.templateCode, t.version)],
);

export const reportTemplateSteps = pgTable(
  'report_template_steps',
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
  (t) => [index('report_template_steps_version').on(t.versionId, t.id)],
);
