/**
 * The ledger tables. Append-only: the code has no UPDATE or DELETE for them, and triggers
 * (migrations/*_ledger_append_only.sql) refuse both as a second line of defence.
 */
import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';

export const ledgerEntries = sqliteTable(
  'ledger_entries',
  {
    seq: integer('seq').primaryKey(),
    stationId: text('station_id').notNull(),
    time: text('time').notNull(),
    tzOffset: text('tz_offset').notNull(),
    type: text('type').notNull(),
    actor: text('actor'),
    batchRef: text('batch_ref'),
    /** RFC 8785 canonical JSON of the payload, exactly the bytes that were hashed. */
    payload: text('payload').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull().unique(),
  },
  (t) => [
    index('ledger_batch_idx').on(t.batchRef, t.seq),
    index('ledger_type_idx').on(t.type, t.seq),
    index('ledger_actor_idx').on(t.actor, t.seq),
    index('ledger_time_idx').on(t.time),
  ],
);

export const checkpoints = sqliteTable('checkpoints', {
  treeSize: integer('tree_size').primaryKey(),
  rootHash: text('root_hash').notNull(),
  signedAt: text('signed_at').notNull(),
  stationId: text('station_id').notNull(),
  certFingerprint: text('cert_fingerprint').notNull(),
  signature: text('signature').notNull(),
});

/**
 * The RFC 9162 tree builder's perfect-subtree hashes at the newest checkpoint (one row, id 1),
 * so opening a ledger hashes only the entries after that checkpoint instead of every entry
 * (issue 16, item 2). Derived data, not record: the ledger store uses it only when its root
 * equals the signed root of the checkpoint of the same size, and otherwise rebuilds the tree
 * from the entries. Replaced at each checkpoint in the checkpoint's transaction.
 */
export const ledgerTreeState = sqliteTable('ledger_tree_state', {
  id: integer('id').primaryKey(),
  treeSize: integer('tree_size').notNull(),
  /** JSON: TreeHeadState.stack, hashes as lowercase hex. */
  stack: text('stack').notNull(),
});
