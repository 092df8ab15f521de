/** Retention, purge and the archive register (migration 0008_archive_retention.sql). */
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const retentionPolicies = pgTable('retention_policies', {
  recordType: text('record_type').primaryKey(),
  retentionDays: integer('retention_days').notNull(),
  changedBy: text('changed_by').notNull(),
  changedAt: at('changed_at').notNull(),
  reason: text('reason').notNull(),
});

export const archiveRegister = pgTable(
  'archive_register',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    batchNumber: text('batch_number').notNull(),
    stationId: text('station_id').notNull(),
    packetSha256: text('packet_sha256').notNull(),
    formatVersion: integer('format_version').notNull(),
    bytes: integer('bytes').notNull(),
    entries: integer('entries').notNull(),
    recordHash: text('record_hash').notNull(),
    location: text('location').notNull(),
    writtenBy: text('written_by').notNull(),
    writtenAt: at('written_at').notNull(),
  },
  (t) => [index('archive_register_batch').on(t.batchNumber, t.id)],
);

export const purgeRequests = pgTable('purge_requests', {
  id: text('id').primaryKey(),
  batchNumber: text('batch_number').notNull(),
  recordType: text('record_type').notNull(),
  reason: text('reason').notNull(),
  requestedBy: text('requested_by').notNull(),
  requestedAt: at('requested_at').notNull(),
  retentionEndsAt: at('retention_ends_at').notNull(),
  status: text('status', { enum: ['pending', 'purged'] }).notNull(),
  approvedBy: text('approved_by'),
  approvedAt: at('approved_at'),
  approval: jsonb('approval'),
  contentHash: text('content_hash'),
  entries: integer('entries'),
  packetSha256: text('packet_sha256'),
});

export const purgedEntries = pgTable(
  'purged_entries',
  {
    stationId: text('station_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    purgeId: text('purge_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.seq] })],
);
