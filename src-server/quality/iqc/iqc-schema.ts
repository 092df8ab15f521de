/**
 * Incoming inspection and finished-product results at the hub (issue 12 items 1 and 4;
 * migration 0019). Specifications, results and dispositions are original GMP records made at the
 * hub: append-only (trigger). Receipts are written once; a sampling task's state and its
 * containers' sampling change as the work is done, each change in the hub audit trail.
 */
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Mass } from '../../../src-shared/mass.ts';
import type { GoodsReceipt, SamplingTaskState, SpecTest, SupplierStatus } from '../../../src-shared/quality/iqc-contract.ts';
import type { SamplePlanRule } from '../../../src-shared/quality/sample-plan.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A specification version of a material or product, made under an approved change control. */
export const qualitySpecifications = pgTable(
  'quality_specifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    material: text('material').notNull(),
    version: integer('version').notNull(),
    tests: jsonb('tests').$type<SpecTest[]>().notNull(),
    sampleQuantity: jsonb('sample_quantity').$type<Mass>().notNull(),
    changeId: text('change_id').notNull(),
    approvedBy: text('approved_by').notNull(),
    approvedAt: at('approved_at').notNull(),
  },
  (t) => [uniqueIndex('quality_specifications_version').on(t.material, t.version)],
);

export const iqcReceipts = pgTable('iqc_receipts', {
  receiptId: text('receipt_id').primaryKey(),
  material: text('material').notNull(),
  supplier: text('supplier').notNull(),
  supplierStatus: text('supplier_status').$type<SupplierStatus>().notNull(),
  source: text('source').$type<'b2mml' | 'entry'>().notNull(),
  document: jsonb('document').$type<GoodsReceipt>().notNull(),
  receivedBy: text('received_by').notNull(),
  receivedAt: at('received_at').notNull(),
});

export const iqcTasks = pgTable(
  'iqc_tasks',
  {
    no: bigserial('no', { mode: 'number' }).primaryKey(),
    id: text('id').notNull(),
    receiptId: text('receipt_id').notNull(),
    lotId: text('lot_id').notNull(),
    lotNumber: text('lot_number').notNull(),
    material: text('material').notNull(),
    supplier: text('supplier').notNull(),
    supplierStatus: text('supplier_status').$type<SupplierStatus>().notNull(),
    plan: jsonb('plan').$type<{ rule: SamplePlanRule; containers: number; of: number }>().notNull(),
    specVersion: integer('spec_version').notNull(),
    state: text('state').$type<SamplingTaskState>().notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [uniqueIndex('iqc_tasks_id').on(t.id), uniqueIndex('iqc_tasks_lot').on(t.lotId), index('iqc_tasks_state').on(t.state)],
);

/** The containers a task's plan chose; sampled ones carry what was taken, by whom, when. */
export const iqcSamples = pgTable(
  'iqc_samples',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    taskId: text('task_id').notNull(),
    containerId: text('container_id').notNull(),
    position: integer('position').notNull(),
    quantity: jsonb('quantity').$type<Mass>(),
    sampledBy: text('sampled_by'),
    sampledAt: at('sampled_at'),
    /** The sampler's "performed" signature (quality_signatures; migration 0032). */
    signatureId: bigint('signature_id', { mode: 'number' }),
    hash: text('hash'),
  },
  (t) => [uniqueIndex('iqc_samples_container').on(t.taskId, t.containerId)],
);

/** A test result of a lot: incoming (iqc) or finished product (oqc); append-only, unique by the LIMS's result id. */
export const qualityResults = pgTable(
  'quality_results',
  {
    no: bigserial('no', { mode: 'number' }).primaryKey(),
    resultId: text('result_id').notNull(),
    scope: text('scope').$type<'iqc' | 'oqc'>().notNull(),
    lotId: text('lot_id').notNull(),
    batchNumber: text('batch_number'),
    testCode: text('test_code').notNull(),
    value: jsonb('value').$type<number | string>().notNull(),
    unit: text('unit'),
    coaReference: text('coa_reference').notNull(),
    specVersion: integer('spec_version').notNull(),
    contentHash: text('content_hash').notNull(),
    enteredBy: text('entered_by').notNull(),
    viaLims: boolean('via_lims').notNull(),
    enteredAt: at('entered_at').notNull(),
  },
  (t) => [uniqueIndex('quality_results_result_id').on(t.resultId), index('quality_results_lot').on(t.lotId, t.no)],
);

/** QC's signed disposition of a sampled lot; append-only. */
export const iqcDispositions = pgTable(
  'iqc_dispositions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    taskId: text('task_id').notNull(),
    lotId: text('lot_id').notNull(),
    decision: text('decision').$type<'released' | 'rejected'>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    hash: text('hash').notNull(),
    signatureId: bigint('signature_id', { mode: 'number' }).notNull(),
    oosRecord: text('oos_record'),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [uniqueIndex('iqc_dispositions_task').on(t.taskId)],
);
