import { sql } from 'drizzle-orm';
/**
 * Deviation records, their signed steps and CAPA actions (issue 12 item 5; migration 0014).
 * The record row holds the current state for listing; the step rows are the history, each
 * with the hub signature that made it, and append-only (trigger in the migration).
 */
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { DeviationClass, DeviationKind, DeviationState, RootCause, SystemText } from '../../../src-shared/quality/deviation-contract.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const qualityDeviations = pgTable(
  'quality_deviations',
  {
    no: bigserial('no', { mode: 'number' }).primaryKey(),
    id: text('id').notNull(),
    kind: text('kind').$type<DeviationKind>().notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    batchNumber: text('batch_number'),
    sourceStationId: text('source_station_id'),
    sourceSeq: bigint('source_seq', { mode: 'number' }),
    /** An OQC result out of specification that opened this OOS record (migration 0032). */
    sourceResultId: text('source_result_id'),
    /** FR-102: the hub's own words for a record it opened, as a code and values (migration 0037); null for a person's. */
    systemText: jsonb('system_text').$type<SystemText>(),
    lots: jsonb('lots').$type<string[]>().notNull(),
    impactedBatches: jsonb('impacted_batches').$type<string[]>().notNull(),
    state: text('state').$type<DeviationState>().notNull(),
    classification: text('classification').$type<DeviationClass>(),
    rootCause: jsonb('root_cause').$type<RootCause>(),
    raisedBy: text('raised_by').notNull(),
    raisedAt: at('raised_at').notNull(),
    dueAt: at('due_at'),
    lastHash: text('last_hash').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('quality_deviations_id').on(t.id),
    uniqueIndex('quality_deviations_source').on(t.sourceStationId, t.sourceSeq),
    uniqueIndex('quality_deviations_source_result').on(t.sourceResultId),
    index('quality_deviations_batch').on(t.batchNumber),
    index('quality_deviations_state').on(t.state),
    // The overdue sweep's open records past their due date (migration 0049).
    index('quality_deviations_open_due').on(t.dueAt).where(sql`state <> 'closed' and due_at is not null`),
  ],
);

export const qualityDeviationSteps = pgTable(
  'quality_deviation_steps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deviationId: text('deviation_id').notNull(),
    state: text('state').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    hash: text('hash').notNull(),
    signatureId: bigint('signature_id', { mode: 'number' }).notNull(),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [index('quality_deviation_steps_deviation').on(t.deviationId, t.id)],
);

export const qualityCapaActions = pgTable(
  'quality_capa_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deviationId: text('deviation_id').notNull(),
    kind: text('kind').$type<'corrective' | 'preventive'>().notNull(),
    description: text('description').notNull(),
    owner: text('owner').notNull(),
    dueAt: at('due_at').notNull(),
    doneAt: at('done_at'),
    doneBy: text('done_by'),
    note: text('note'),
    createdAt: at('created_at').notNull(),
  },
  // The overdue sweep's open actions past their due date (migration 0049).
  (t) => [index('quality_capa_actions_deviation').on(t.deviationId, t.id), index('quality_capa_actions_open_due').on(t.dueAt).where(sql`done_at is null`)],
);
