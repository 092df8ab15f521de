/**
 * Projects the stations' alarm entries (`alarm.raised`, `alarm.acknowledged`, `alarm.cleared`)
 * from the verified ledgers into `alarms` (issue 13 item 5). The IPQC projector's contract: a
 * page is projected in ONE transaction that locks the cursor row, writes the rows and advances
 * the cursor, so across any number of hub processes every entry is projected exactly once, in
 * order, and only entries the intake has acknowledged are read. Readers call catchUp() first.
 *
 * An alarm raised and acknowledged while its station was offline arrives in one push, both
 * entries in order. A station acknowledgement of an alarm the console acknowledged first stays
 * in the station's ledger (and its record); the hub row keeps the first acknowledgement.
 */
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { ledgerEntries, stations } from '../db/schema.ts';
import type { HubTx } from '../db/open-hub-db.ts';
import type { HubContext } from '../hub-context.ts';
import type { AlarmRaised } from '../../src-shared/alarm/alarm-contract.ts';
import { rowsOf } from '../quality/db/sql-rows.ts';
import { alarmCursors, alarms } from './alarm-schema.ts';

const TYPES = ['alarm.raised', 'alarm.acknowledged', 'alarm.cleared'];

export class AlarmProjector {
  constructor(
    private readonly ctx: HubContext,
    private readonly pageSize = 1000,
  ) {}

  async catchUp(): Promise<number> {
    const behind = await rowsOf<{ station_id: string }>(
      this.ctx.db,
      sql`select s.station_id from stations s left join alarm_projection_cursors c on c.station_id = s.station_id where s.ack_seq > coalesce(c.seq, 0) order by s.station_id`,
    );
    let total = 0;
    for (const { station_id } of behind) {
      for (;;) {
        const { projected, more } = await this.projectPage(station_id);
        total += projected;
        if (!more) break;
      }
    }
    return total;
  }

  private async projectPage(stationId: string): Promise<{ projected: number; more: boolean }> {
    return this.ctx.db.transaction(async (tx) => {
      await tx.insert(alarmCursors).values({ stationId, seq: 0, updatedAt: this.ctx.clock.now() }).onConflictDoNothing();
      const [cursor] = await tx.select().from(alarmCursors).where(eq(alarmCursors.stationId, stationId)).for('update');
      const [st] = await tx.select({ ackSeq: stations.ackSeq }).from(stations).where(eq(stations.stationId, stationId));
      if (!cursor || !st || st.ackSeq <= cursor.seq) return { projected: 0, more: false };
      const entries = await tx
        .select({ seq: ledgerEntries.seq, type: ledgerEntries.type, time: ledgerEntries.time, actor: ledgerEntries.actor, batchRef: ledgerEntries.batchRef, payload: ledgerEntries.payload })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.stationId, stationId), gt(ledgerEntries.seq, cursor.seq), lte(ledgerEntries.seq, st.ackSeq), inArray(ledgerEntries.type, TYPES)))
        .orderBy(asc(ledgerEntries.seq))
        .limit(this.pageSize);
      for (const e of entries) await this.project(tx, stationId, e);
      const full = entries.length === this.pageSize;
      const to = full ? entries.at(-1)!.seq : st.ackSeq;
      await tx.update(alarmCursors).set({ seq: to, updatedAt: this.ctx.clock.now() }).where(eq(alarmCursors.stationId, stationId));
      return { projected: entries.length, more: full };
    });
  }

  private async project(tx: HubTx, stationId: string, e: { seq: number; type: string; time: string; actor: string | null; batchRef: string | null; payload: unknown }): Promise<void> {
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
        await tx
          .update(alarms)
          .set({ acknowledgedAt: new Date(e.time), acknowledgedBy: by ?? 'unknown', ackComment: p.comment ?? null, ackWhere: 'station' })
          .where(and(row, sql`${alarms.acknowledgedAt} is null`));
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
