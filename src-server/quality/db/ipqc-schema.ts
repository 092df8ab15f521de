/**
 * IPQC at the hub (issue 12 item 2; migration 0020): the results and the OOS/OOT alerts of the
 * stations, projected from the verified ledgers in `ledger_entries` by ipqc-projector.ts with
 * its own cursor per station. Like genealogy, they can be dropped and rebuilt from the ledgers.
 * An alert row is the hub's OOS/OOT record of the station deviation it names; a QA deviation
 * record that follows that deviation up (quality_deviations.source_*) is joined when read.
 */
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { IpqcVerdict } from '../../../src-shared/ledger/entry-types/ipqc.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const ipqcCursors = pgTable('ipqc_projection_cursors', {
  stationId: text('station_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  updatedAt: at('updated_at').notNull(),
});

/**
 * The batches started with check plans and not completed, as far as the IPQC projector has read
 * each station's ledger (migration 0047): what the 5-second overdue sweep reads instead of the
 * ledger, so a pass costs the running batches, not the batches the plant ever made.
 */
export const ipqcRunningBatches = pgTable(
  'ipqc_running_batches',
  {
    stationId: text('station_id').notNull(),
    batchRef: text('batch_ref').notNull(),
    startedSeq: bigint('started_seq', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.batchRef] })],
);

export const ipqcResults = pgTable(
  'ipqc_results',
  {
    stationId: text('station_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    batchNumber: text('batch_number').notNull(),
    checkId: text('check_id').notNull(),
    checkName: text('check_name').notNull(),
    occurrence: integer('occurrence').notNull(),
    value: text('value').notNull(),
    unit: text('unit').notNull(),
    overdue: boolean('overdue').notNull(),
    verdict: jsonb('verdict').$type<IpqcVerdict>().notNull(),
    specification: jsonb('specification').$type<{ lower: string | null; upper: string | null }>().notNull(),
    recordedAt: at('recorded_at').notNull(),
    signedBy: text('signed_by'),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.seq] }), index('ipqc_results_batch').on(t.batchNumber, t.checkId)],
);

export const ipqcAlerts = pgTable(
  'ipqc_alerts',
  {
    stationId: text('station_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    alertId: text('alert_id').notNull(),
    batchNumber: text('batch_number').notNull(),
    kind: text('kind').$type<'oos' | 'oot'>().notNull(),
    checkId: text('check_id').notNull(),
    checkName: text('check_name').notNull(),
    value: text('value').notNull(),
    unit: text('unit').notNull(),
    message: text('message').notNull(),
    /** FR-112 (migration 0043): the message as a code and values, from the station deviation's reasonKey/reasonParams. */
    messageKey: text('message_key'),
    messageParams: jsonb('message_params').$type<Record<string, string | number>>(),
    resultSeq: bigint('result_seq', { mode: 'number' }).notNull(),
    deviationId: text('deviation_id').notNull(),
    deviationSeq: bigint('deviation_seq', { mode: 'number' }),
    raisedAt: at('raised_at').notNull(),
    /** Hub time the alert was projected: what the bench measures from the station's result. */
    receivedAt: at('received_at').notNull(),
    acknowledgedAt: at('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.seq] }), uniqueIndex('ipqc_alerts_alert').on(t.stationId, t.alertId), index('ipqc_alerts_batch').on(t.batchNumber), index('ipqc_alerts_raised').on(t.raisedAt)],
);
