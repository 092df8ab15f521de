/**
 * The equipment logbook at the hub (issue 13 item 2; migration 0027): uses projected from the
 * stations' verified ledgers (`equipment.used`, own cursor per station, rebuildable from
 * ledger_entries) and entries made at the hub (signed, audited). Append-only.
 */
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const equipmentCursors = pgTable('equipment_projection_cursors', {
  stationId: text('station_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  updatedAt: at('updated_at').notNull(),
});

export const equipmentLogbook = pgTable(
  'equipment_logbook',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    equipmentId: text('equipment_id').notNull(),
    kind: text('kind').notNull(),
    at: at('at').notNull(),
    source: text('source').$type<'station' | 'hub'>().notNull(),
    stationId: text('station_id'),
    seq: bigint('seq', { mode: 'number' }),
    batchNumber: text('batch_number'),
    product: text('product'),
    by: text('by'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    signatureId: bigint('signature_id', { mode: 'number' }),
    equipmentVersion: integer('equipment_version'),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [index('equipment_logbook_equipment').on(t.equipmentId, t.at), uniqueIndex('equipment_logbook_station_seq').on(t.stationId, t.seq)],
);
