/**
 * Current-state tables of master data and dispensing orders: projections of the
 * `masterdata.applied`, `balance.check_recorded`, `order.*` and `dispense.*` ledger entries
 * (src-main/db/projections/), rebuilt from nothing but the ledger.
 *
 * Master data is stored generically by (kind, key) with its parsed JSON: the hub can add a
 * kind without a station migration, and every object keeps the version and content hash the
 * EBR cites. What the station itself changes sits beside it: container stock, balance checks,
 * booth use, and the order work queue.
 */
import { sqliteTable, integer, text, index, primaryKey } from 'drizzle-orm/sqlite-core';

export const masterData = sqliteTable(
  'master_data',
  {
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    contentHash: text('content_hash').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    appliedSeq: integer('applied_seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key] })],
);

/** One row: when the hub last served master data to this station (the age limit counts from it). */
export const masterDataSync = sqliteTable('master_data_sync', {
  id: integer('id').primaryKey(),
  servedAt: text('served_at').notNull(),
  origin: text('origin').notNull(),
  cursor: text('cursor'),
  appliedSeq: integer('applied_seq').notNull(),
});

/** Net content left in each container: reset by a new container version, lowered by dispensing. */
export const containerStock = sqliteTable('container_stock', {
  containerId: text('container_id').primaryKey(),
  amount: text('amount').notNull(),
  unit: text('unit').notNull(),
  updatedSeq: integer('updated_seq').notNull(),
});

/** Periodic balance checks done at this station; the latest one gates weighing (USP <41>). */
export const balanceChecks = sqliteTable(
  'balance_checks',
  {
    seq: integer('seq').primaryKey(),
    balanceId: text('balance_id').notNull(),
    planId: text('plan_id').notNull(),
    passed: integer('passed', { mode: 'boolean' }).notNull(),
    performedAt: text('performed_at').notNull(),
    /** The PeriodicCheckRecord (src-core/equipment/balance-qualification.ts) as recorded. */
    record: text('record', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('balance_checks_balance_idx').on(t.balanceId, t.seq)],
);

/** Which order holds a booth, and when the last one released it (it must be cleaned after). */
export const boothUse = sqliteTable('booth_use', {
  boothId: text('booth_id').primaryKey(),
  currentBatch: text('current_batch'),
  releasedAt: text('released_at'),
  updatedSeq: integer('updated_seq').notNull(),
});

/** The work queue: one row per imported order. */
export const dispensingOrders = sqliteTable(
  'dispensing_orders',
  {
    batchNumber: text('batch_number').primaryKey(),
    productCode: text('product_code').notNull(),
    recipeCode: text('recipe_code').notNull(),
    recipeVersion: integer('recipe_version').notNull(),
    batchSize: text('batch_size', { mode: 'json' }).$type<{ amount: string; unit: string }>().notNull(),
    status: text('status', { enum: ['planned', 'in-progress', 'complete'] }).notNull(),
    boothId: text('booth_id'),
    plannedStart: text('planned_start'),
    importedSeq: integer('imported_seq').notNull(),
    startedSeq: integer('started_seq'),
    completedSeq: integer('completed_seq'),
    lastSeq: integer('last_seq').notNull(),
  },
  (t) => [index('dispensing_orders_status_idx').on(t.status, t.plannedStart)],
);
