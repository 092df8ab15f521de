/** Environmental monitoring tables at the hub (issue 13 item 1; migration 0022). */
import { bigserial, doublePrecision, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Excursion, QuantityState } from '../../src-core/environment/excursion-machine.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const environmentReadings = pgTable(
  'environment_readings',
  {
    room: text('room').notNull(),
    quantity: text('quantity').notNull(),
    at: at('at').notNull(),
    value: doublePrecision('value').notNull(),
    unit: text('unit').notNull(),
    source: text('source').notNull(),
    receivedAt: at('received_at').notNull(),
  },
  (t) => [primaryKey({ name: 'environment_readings_pk', columns: [t.room, t.quantity, t.at] })],
);

export const environmentStates = pgTable(
  'environment_states',
  {
    room: text('room').notNull(),
    quantity: text('quantity').notNull(),
    state: jsonb('state').$type<QuantityState>().notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [primaryKey({ name: 'environment_states_pk', columns: [t.room, t.quantity] })],
);

export const environmentExcursions = pgTable(
  'environment_excursions',
  {
    id: text('id').primaryKey(),
    room: text('room').notNull(),
    quantity: text('quantity').notNull(),
    level: text('level').$type<'alert' | 'action'>().notNull(),
    startedAt: at('started_at').notNull(),
    endedAt: at('ended_at'),
    data: jsonb('data').$type<Excursion>().notNull(),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: at('acknowledged_at'),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [index('environment_excursions_room').on(t.room, t.startedAt)],
);

export const environmentRefusals = pgTable('environment_refusals', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: at('at').notNull(),
  source: text('source').notNull(),
  topic: text('topic'),
  code: text('code').notNull(),
  reason: text('reason'),
  message: text('message').notNull(),
  payload: text('payload'),
});
