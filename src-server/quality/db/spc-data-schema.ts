/**
 * The measured subgroups SPC charts plot, per product and check (migration 0021). Append-only.
 * A subgroup from a station's IPQC result names that ledger entry (migration 0032), once.
 */
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const qualitySpcMeasurements = pgTable(
  'quality_spc_measurements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    product: text('product').notNull(),
    checkCode: text('check_code').notNull(),
    batchNumber: text('batch_number'),
    sampledAt: at('sampled_at').notNull(),
    values: jsonb('values').$type<number[]>().notNull(),
    source: text('source').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: at('recorded_at').notNull(),
    sourceStationId: text('source_station_id'),
    sourceSeq: bigint('source_seq', { mode: 'number' }),
  },
  (t) => [index('quality_spc_measurements_series').on(t.product, t.checkCode, t.sampledAt, t.id), uniqueIndex('quality_spc_measurements_station_entry').on(t.sourceStationId, t.sourceSeq)],
);
