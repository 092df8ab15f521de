/** The measured subgroups SPC charts plot, per product and check (migration 0021). Append-only. */
import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

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
  },
  (t) => [index('quality_spc_measurements_series').on(t.product, t.checkCode, t.sampledAt, t.id)],
);
