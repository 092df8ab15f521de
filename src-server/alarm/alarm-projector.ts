/**
 * Projects the stations' alarm entries (`alarm.raised`, `alarm.acknowledged`, `alarm.cleared`)
 * from the verified ledgers into `alarms` (issue 13 item 5). The IPQC projector's contract: a
 * page is projected in ONE transaction that locks the cursor row, writes the rows and advances
 * the cursor, so across any number of hub processes every entry is projected exactly once, in
 * order, and only entries the intake has acknowledged are read. Readers call catchUp() first.
 *
 * An alarm raised and acknowledged while its station was offline arrives in one push, both
 * entries in order. A station acknowledgement of an alarm the console acknowledged first stays
 * in the station's ledger (and its record); the hub row keeps the first acknowledgement and the
 * station's beside it (`other_ack`, issue 13 gap 2). `alarm.acknowledged_at_hub` (the station
 * recording the console's acknowledgement) adds nothing the hub does not hold.
 */
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../quality/db/sql-rows.ts';
import { catchUpStationEntries, type StationEntry } from '../quality/projection/station-entry-cursor.ts';
import type { HubTx } from '../db/open-hub-db.ts';
import type { HubContext } from '../hub-context.ts';
import type { AlarmRaised } from '../../src-shared/alarm/alarm-contract.ts';
import { alarms } from './alarm-schema.ts';

const TYPES = ['alarm.raised', 'alarm.acknowledged', 'alarm.cleared'];

export class AlarmProjector {
  constructor(
    private readonly ctx: HubContext,
    private readonly pageSize = 1000,
  ) {}

  catchUp(): Promise<number> {
    return catchUpStationEntries(this.ctx, { cursorTable: 'alarm_projection_cursors', types: TYPES, pageSize: this.pageSize, project: (tx, stationId, e) => this.project(tx, stationId, e) });
  }

  private async project(tx: HubTx, stationId: string, e: StationEntry): Promise<void> {
    const p = e.payload as { alarmId: string; comment?: string };
    const row = and(eq(alarms.stationId, stationId), eq(alarms.alarmId, p.alarmId));
    switch (e.type) {
      case 'alarm.raised': {
        const r = e.payload as AlarmRaised;
        await tx
          .insert(alarms)
          .values({
            stationId,
            alarmId: r.alarmId,
            seq: e.seq,
            source: r.source,
            kind: r.kind,
            severity: r.severity,
            subject: r.subject,
            batchNumber: e.batchRef,
            messageKey: r.messageKey,
            params: r.params,
            condition: r.condition,
            raisedAt: new Date(e.time),
            receivedAt: this.ctx.clock.now(),
            clearedAt: r.condition === 'event' ? new Date(e.time) : null,
          })
          .onConflictDoNothing();
        break;
      }
      case 'alarm.acknowledged': {
        const by = await this.nameOf(tx, stationId, e.actor);
        const first = await tx
          .update(alarms)
          .set({ acknowledgedAt: new Date(e.time), acknowledgedBy: by ?? 'unknown', ackComment: p.comment ?? null, ackWhere: 'station' })
          .where(and(row, sql`${alarms.acknowledgedAt} is null`))
          .returning({ alarmId: alarms.alarmId });
        // Acknowledged in the console first: the station's own is kept beside it (issue 13 gap 2).
        if (first.length === 0) {
          await tx
            .update(alarms)
            .set({ otherAck: { by: by ?? 'unknown', at: new Date(e.time).toISOString(), comment: p.comment ?? '', where: 'station' } })
            .where(and(row, sql`${alarms.ackWhere} = 'hub' and ${alarms.otherAck} is null`));
        }
        break;
      }
      case 'alarm.cleared':
        await tx.update(alarms).set({ clearedAt: new Date(e.time) }).where(and(row, sql`${alarms.clearedAt} is null`));
        break;
    }
  }

  /** The station user's printed name, from the `user.created` entry the hub holds. */
  private async nameOf(tx: HubTx, stationId: string, userId: string | null): Promise<string | null> {
    if (userId === null) return null;
    const [row] = await rowsOf<{ name: string }>(tx, sql`select payload->>'printedName' as name from ledger_entries where station_id = ${stationId} and type = 'user.created' and payload->>'userId' = ${userId} limit 1`);
    return row?.name ?? userId;
  }
}
