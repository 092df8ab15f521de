/**
 * Alarms at the hub (issue 13 item 5; migration 0029): the stations' alarms, projected from the
 * verified ledgers in `ledger_entries` by alarm-projector.ts with its own cursor per station,
 * plus what only the hub adds: an acknowledgement given in the console (audited) and the
 * escalation level reached (each level also a hub audit entry, `alarm.escalated`).
 */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const alarmCursors = pgTable('alarm_projection_cursors', {
  stationId: text('station_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  updatedAt: at('updated_at').notNull(),
});

export const alarms = pgTable(
  'alarms',
  {
    stationId: text('station_id').notNull(),
    alarmId: text('alarm_id').notNull(),
    /** The seq of the station's `alarm.raised`. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    source: text('source').notNull(),
    kind: text('kind').notNull(),
    severity: text('severity').notNull(),
    subject: text('subject').notNull(),
    batchNumber: text('batch_number'),
    messageKey: text('message_key').notNull(),
    params: jsonb('params').$type<Record<string, string>>().notNull(),
    condition: text('condition').notNull(),
    raisedAt: at('raised_at').notNull(),
    receivedAt: at('received_at').notNull(),
    clearedAt: at('cleared_at'),
    acknowledgedAt: at('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    ackComment: text('ack_comment'),
    /** Where it was acknowledged: `station` (a synced entry) or `hub` (the console). */
    ackWhere: text('ack_where'),
    /** The other end's acknowledgement when both ends gave one (migration 0035). */
    otherAck: jsonb('other_ack').$type<{ by: string; at: string; comment: string; where: 'station' | 'hub' }>(),
    escalationLevel: integer('escalation_level').notNull().default(0),
    /** The console acknowledgement's number among its station's (migration 0042, FR-109): what a station's cursor counts. */
    hubAckSeq: bigint('hub_ack_seq', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.alarmId] }), index('alarms_raised').on(t.raisedAt), index('alarms_unacknowledged').on(t.raisedAt).where(sql`acknowledged_at is null`), index('alarms_escalating').on(t.escalationLevel, t.raisedAt).where(sql`acknowledged_at is null`), uniqueIndex('alarms_hub_ack_seq').on(t.stationId, t.hubAckSeq).where(sql`hub_ack_seq is not null`)],
);
