/**
 * Equipment signals at the hub (issue 13 item 3; migration 0028): the state intervals and counts
 * OEE is computed from, the automatic logbook entries the signals write (keyed by the equipment
 * id string; the equipment register and its manual logbook are another table's), each
 * equipment's current state and last counter values (one row, locked per signal, so several hub
 * processes can ingest), and refused signals with their typed reason.
 */
import { bigint, bigserial, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export interface LastCounter {
  raw: number;
  at: string;
}

export const equipmentSignalStates = pgTable('equipment_signal_states', {
  equipmentId: text('equipment_id').primaryKey(),
  state: text('state').$type<'running' | 'idle' | 'down'>(),
  reason: text('reason'),
  since: at('since'),
  counters: jsonb('counters').$type<Partial<Record<'total' | 'good' | 'reject', LastCounter>>>().notNull(),
  updatedAt: at('updated_at').notNull(),
});

export const equipmentStateIntervals = pgTable(
  'equipment_state_intervals',
  {
    equipmentId: text('equipment_id').notNull(),
    startedAt: at('started_at').notNull(),
    endedAt: at('ended_at'),
    state: text('state').$type<'running' | 'idle' | 'down'>().notNull(),
    reason: text('reason'),
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ name: 'equipment_state_intervals_pk', columns: [t.equipmentId, t.startedAt] })],
);

export const equipmentCounts = pgTable(
  'equipment_counts',
  {
    equipmentId: text('equipment_id').notNull(),
    counter: text('counter').$type<'total' | 'good' | 'reject'>().notNull(),
    at: at('at').notNull(),
    raw: bigint('raw', { mode: 'number' }).notNull(),
    increment: bigint('increment', { mode: 'number' }).notNull(),
    step: text('step').$type<'baseline' | 'increment' | 'reset' | 'rollover'>().notNull(),
    source: text('source').notNull(),
    receivedAt: at('received_at').notNull(),
  },
  (t) => [primaryKey({ name: 'equipment_counts_pk', columns: [t.equipmentId, t.counter, t.at] })],
);

export const equipmentSignalLogbook = pgTable(
  'equipment_signal_logbook',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    equipmentId: text('equipment_id').notNull(),
    at: at('at').notNull(),
    kind: text('kind').$type<'state' | 'counter-reset' | 'counter-rollover'>().notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    source: text('source').notNull(),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [index('equipment_signal_logbook_equipment').on(t.equipmentId, t.at)],
);

export const equipmentSignalRefusals = pgTable('equipment_signal_refusals', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: at('at').notNull(),
  source: text('source').notNull(),
  equipmentId: text('equipment_id').notNull(),
  nodeId: text('node_id').notNull(),
  code: text('code').notNull(),
  reason: text('reason'),
  message: text('message').notNull(),
  value: text('value'),
});
