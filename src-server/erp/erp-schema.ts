/** The ERP outbox, the batches ERP out has considered (migration 0030_erp_outbox.sql) and those due (0048_erp_due_batches.sql). */
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const erpMessages = pgTable(
  'erp_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The idempotency key: the Idempotency-Key header and ProductionPerformance/ID. */
    messageId: text('message_id').notNull().unique(),
    batchNumber: text('batch_number').notNull(),
    kind: text('kind', { enum: ['consumption', 'performance'] }).notNull(),
    erpOrderId: text('erp_order_id'),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'invalid'] }).notNull(),
    document: text('document').notNull(),
    documentSha256: text('document_sha256').notNull(),
    problems: jsonb('problems').$type<string[]>(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    lastHttpStatus: integer('last_http_status'),
    nextAt: at('next_at').notNull(),
    claimToken: text('claim_token'),
    createdAt: at('created_at').notNull(),
    sentAt: at('sent_at'),
  },
  (t) => [uniqueIndex('erp_messages_once').on(t.batchNumber, t.kind), index('erp_messages_due').on(t.status, t.nextAt)],
);

export const erpBatches = pgTable('erp_batches', {
  batchNumber: text('batch_number').primaryKey(),
  outcome: text('outcome', { enum: ['queued', 'invalid', 'before-erp-out'] }).notNull(),
  consideredAt: at('considered_at').notNull(),
});

/**
 * Batches completed and not yet taken by ERP out, queued by a trigger on quality_batches in the
 * projector's transaction (migration 0048); a pass reads only these, and deletes a batch's row in
 * the transaction that takes it (erp_batches) and writes its messages.
 */
export const erpDueBatches = pgTable('erp_due_batches', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  batchNumber: text('batch_number').notNull().unique(),
});
