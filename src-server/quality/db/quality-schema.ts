/**
 * The hub's quality tables (issue 7): genealogy, the batch list, signatures made at the hub
 * and the QA/QP signing keys. Generated into src-server/db/migrations by drizzle.hub.config.ts
 * beside the hub's own schema.
 *
 * Genealogy and the batch list are projections of the verified station ledgers held in
 * `ledger_entries` (quality-projector.ts): they can be dropped and rebuilt from them at any time.
 * Signatures and output lots are original records made at the hub: append-only (migration
 * trigger), like the hub audit trail.
 *
 * Genealogy nodes get a bigint id so the recursive trace joins integers, not text; the edge
 * table's primary key (parent, child) serves the forward walk and the (child, parent) index
 * the backward one, both as index-only lookups. Edges carry no foreign keys: the projector is
 * their only writer and inserts nodes first, and the bench loads tens of millions of edges.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { HUB_SUBJECT_KINDS } from '../../../src-core/archive/hub-signature-bytes.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** Bytes (PostgreSQL bytea): node-postgres reads them as a Buffer, PGlite as a Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const genealogyNodes = pgTable(
  'genealogy_nodes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind', { enum: ['lot', 'container', 'dispense', 'batch'] }).notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    attrs: jsonb('attrs').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [uniqueIndex('genealogy_nodes_kind_key').on(t.kind, t.key)],
);

export const genealogyEdges = pgTable(
  'genealogy_edges',
  {
    parentId: bigint('parent_id', { mode: 'number' }).notNull(),
    childId: bigint('child_id', { mode: 'number' }).notNull(),
    /**
     * What flowed along the edge ("12.500 kg"), when the record says. Kept for SQL reporting;
     * the trace reads the same amount from the nodes (trace-service.ts, flowQuantity).
     */
    quantity: text('quantity'),
    /** The entry that established the edge (null for edges recorded at the hub). */
    stationId: text('station_id'),
    seq: bigint('seq', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.parentId, t.childId] }), index('genealogy_edges_child').on(t.childId, t.parentId)],
);

/**
 * The genealogy's generation (migration 0023): one row whose counter every write to nodes or
 * edges raises in the same transaction (genealogy-store.ts), so a cached trace is known to be
 * current while the counter stands still (trace-service.ts).
 */
export const genealogyGeneration = pgTable('genealogy_generation', {
  id: integer('id').primaryKey().default(1),
  n: bigint('n', { mode: 'number' }).notNull().default(0),
  /**
   * Raised with `n` only by a transaction that changed the label or attributes of a node that was
   * already there (migration 0050): a hub process holds the node data it read while this stands
   * still (trace-node-data.ts); new nodes and edges leave it.
   */
  nodeDataN: bigint('node_data_n', { mode: 'number' }).notNull().default(0),
  /**
   * The counters' epoch (migration 0053, FR-151): random, new whenever the row is inserted or a
   * counter goes back (a trigger), so a restored copy never shows a stamp a hub process holds data
   * under (trace-sql.ts, epochOf, with the table's and the database's oids and the server's start).
   */
  epoch: text('epoch').notNull().default(sql`gen_random_uuid()::text`),
  /**
   * New random values with every raise of `n` (raise_token) and of `node_data_n` (node_data_token),
   * set by raiseGeneration itself, not by a trigger (migration 0055, FR-151): counters written back
   * with triggers off (a data-only restore, replication role "replica", a VM snapshot rolled back)
   * and raised again never show a stamp a hub process already holds data under.
   */
  raiseToken: text('raise_token').notNull().default(sql`gen_random_uuid()::text`),
  nodeDataToken: text('node_data_token').notNull().default(sql`gen_random_uuid()::text`),
});

/**
 * Kept closures (migration 0044, trace-sql.ts): the closure of a start that reaches many nodes,
 * as closureSql returns it, so a trace from it reads one row instead of walking; the nodes of
 * each kept closure (the start too) in genealogy_closure_nodes, so a write to one of them
 * recomputes the closure in the writing transaction (genealogy-store.ts). Derived data.
 */
export const genealogyClosures = pgTable(
  'genealogy_closures',
  {
    startId: bigint('start_id', { mode: 'number' }).notNull(),
    direction: text('direction', { enum: ['forward', 'backward'] }).notNull(),
    nodeCount: integer('node_count').notNull(),
    ids: text('ids'),
    kinds: text('kinds'),
    keys: text('keys'),
    labels: text('labels'),
    attrsList: text('attrs_list'),
    edges: text('edges'),
    edgeCount: integer('edge_count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.startId, t.direction] })],
);

export const genealogyClosureNodes = pgTable(
  'genealogy_closure_nodes',
  {
    nodeId: bigint('node_id', { mode: 'number' }).notNull(),
    direction: text('direction', { enum: ['forward', 'backward'] }).notNull(),
    startId: bigint('start_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.nodeId, t.direction, t.startId] }), index('genealogy_closure_nodes_start').on(t.startId, t.direction)],
);

/**
 * Kept answers (migrations 0045, 0046): the trace route's JSON text for a kept closure, gzip'd by
 * the hub and stored as it is (storage external: PostgreSQL does not compress it again), at the
 * default depth; dropped and kept again with its closure (genealogy-store.ts, trace-service.ts). Derived data.
 */
export const genealogyClosureAnswers = pgTable(
  'genealogy_closure_answers',
  {
    startId: bigint('start_id', { mode: 'number' }).notNull(),
    direction: text('direction', { enum: ['forward', 'backward'] }).notNull(),
    maxDepth: integer('max_depth').notNull(),
    bodyGzip: bytea('body_gzip').notNull(),
  },
  (t) => [primaryKey({ columns: [t.startId, t.direction, t.maxDepth] })],
);

/** One row per batch seen in any station's ledger: the console's batch list. */
export const qualityBatches = pgTable(
  'quality_batches',
  {
    batchNumber: text('batch_number').primaryKey(),
    productCode: text('product_code'),
    productName: text('product_name'),
    recipe: text('recipe'),
    stations: jsonb('stations').$type<string[]>().notNull(),
    status: text('status', { enum: ['planned', 'in-progress', 'complete'] }).notNull(),
    entries: integer('entries').notNull(),
    startedAt: text('started_at'),
    completedAt: text('completed_at'),
    lastReceivedAt: at('last_received_at'),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [index('quality_batches_status').on(t.status, t.batchNumber)],
);

/** How far each station's ledger has been projected; the row lock serialises projectors. */
export const qualityCursors = pgTable('quality_projection_cursors', {
  stationId: text('station_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  updatedAt: at('updated_at').notNull(),
});

/** A lot a batch produced (recorded by ERP or a steward at the hub); append-only. */
export const batchOutputLots = pgTable(
  'batch_output_lots',
  {
    lotId: text('lot_id').primaryKey(),
    batchNumber: text('batch_number').notNull(),
    role: text('role', { enum: ['intermediate', 'finished'] }).notNull(),
    quantity: text('quantity'),
    reason: text('reason').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [index('batch_output_lots_batch').on(t.batchNumber)],
);

/**
 * Electronic signatures made at the hub: QA review, deviation closure, QP decision. Every
 * signed field is a column, so verification rebuilds the signed bytes from the row alone; a
 * row copied to another batch no longer verifies (hub-signature.ts). Append-only.
 */
export const qualitySignatures = pgTable(
  'quality_signatures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subjectKind: text('subject_kind', { enum: HUB_SUBJECT_KINDS }).notNull(),
    batchNumber: text('batch_number').notNull(),
    subjectKey: text('subject_key').notNull(),
    subjectHash: text('subject_hash').notNull(),
    meaning: text('meaning').notNull(),
    signerId: text('signer_id').notNull(),
    username: text('username').notNull(),
    printedName: text('printed_name').notNull(),
    signedAt: text('signed_at').notNull(),
    tzOffset: text('tz_offset').notNull(),
    comment: text('comment'),
    certFingerprint: text('cert_fingerprint').notNull(),
    signature: text('signature').notNull(),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [index('quality_signatures_batch').on(t.batchNumber, t.id)],
);

/** A QA or QP's own signing key, wrapped with their password (signing-keys.ts), and its certificate. */
export const qualitySigningKeys = pgTable('quality_signing_keys', {
  userId: text('user_id').primaryKey(),
  wrapped: jsonb('wrapped').notNull(),
  certFingerprint: text('cert_fingerprint').notNull(),
  createdAt: at('created_at').notNull(),
});
