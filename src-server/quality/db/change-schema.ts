/** Change control records, their signed steps and implementation tasks (issue 12 item 6; migration 0014). */
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { SpcFrozenLimits } from '../../../src-shared/quality/spc-contract.ts';
import type { ChangeApproverRole, ChangeLink, ChangeState } from '../../../src-shared/quality/change-contract.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const qualityChanges = pgTable(
  'quality_changes',
  {
    no: bigserial('no', { mode: 'number' }).primaryKey(),
    id: text('id').notNull(),
    title: text('title').notNull(),
    reason: text('reason').notNull(),
    links: jsonb('links').$type<ChangeLink[]>().notNull(),
    state: text('state').$type<ChangeState>().notNull(),
    approverRoles: jsonb('approver_roles').$type<ChangeApproverRole[]>().notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: at('requested_at').notNull(),
    lastHash: text('last_hash').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [uniqueIndex('quality_changes_id').on(t.id), index('quality_changes_state').on(t.state)],
);

export const qualityChangeSteps = pgTable(
  'quality_change_steps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    changeId: text('change_id').notNull(),
    state: text('state').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    hash: text('hash').notNull(),
    signatureId: bigint('signature_id', { mode: 'number' }).notNull(),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [index('quality_change_steps_change').on(t.changeId, t.id)],
);

export const qualityChangeTasks = pgTable(
  'quality_change_tasks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    changeId: text('change_id').notNull(),
    description: text('description').notNull(),
    owner: text('owner').notNull(),
    dueAt: at('due_at').notNull(),
    doneAt: at('done_at'),
    doneBy: text('done_by'),
    note: text('note'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('quality_change_tasks_change').on(t.changeId, t.id)],
);

/** Frozen SPC limits per product and check, versioned; a version only through change control (spc-service.ts). Append-only. */
export const qualitySpcLimits = pgTable(
  'quality_spc_limits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    product: text('product').notNull(),
    checkCode: text('check_code').notNull(),
    version: integer('version').notNull(),
    chart: text('chart').$type<'xbar-r' | 'xbar-s' | 'i-mr'>().notNull(),
    limits: jsonb('limits').$type<SpcFrozenLimits>().notNull(),
    reference: jsonb('reference').$type<Record<string, unknown>>().notNull(),
    changeId: text('change_id').notNull(),
    frozenBy: text('frozen_by').notNull(),
    frozenAt: at('frozen_at').notNull(),
  },
  (t) => [uniqueIndex('quality_spc_limits_version').on(t.product, t.checkCode, t.version)],
);
