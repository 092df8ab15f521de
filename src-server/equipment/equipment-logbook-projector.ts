/**
 * Projects the stations' `equipment.used` entries from the verified ledgers into the equipment
 * logbook (issue 13 item 2). The IPQC projector's contract (ipqc-projector.ts) with its own
 * cursor per station: a page is projected in ONE transaction that locks the cursor row, writes
 * the rows and advances the cursor, so every entry is projected exactly once, in order, and only
 * entries the intake has acknowledged are read. Readers call catchUp() first.
 */
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { ledgerEntries, stations } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import { rowsOf } from '../quality/db/sql-rows.ts';
import { equipmentCursors, equipmentLogbook } from './equipment-schema.ts';

export class EquipmentLogbookProjector {
  constructor(
    private readonly ctx: HubContext,
    private readonly pageSize = 1000,
  ) {}

  async catchUp(): Promise<number> {
    const behind = await rowsOf<{ station_id: string }>(
      this.ctx.db,
      sql`select s.station_id from stations s left join equipment_projection_cursors c on c.station_id = s.station_id where s.ack_seq > coalesce(c.seq, 0) order by s.station_id`,
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
      await tx.insert(equipmentCursors).values({ stationId, seq: 0, updatedAt: this.ctx.clock.now() }).onConflictDoNothing();
      const [cursor] = await tx.select().from(equipmentCursors).where(eq(equipmentCursors.stationId, stationId)).for('update');
      const [st] = await tx.select({ ackSeq: stations.ackSeq }).from(stations).where(eq(stations.stationId, stationId));
      if (!cursor || !st || st.ackSeq <= cursor.seq) return { projected: 0, more: false };
      const entries = await tx
        .select({ seq: ledgerEntries.seq, time: ledgerEntries.time, actor: ledgerEntries.actor, batchRef: ledgerEntries.batchRef, payload: ledgerEntries.payload })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.stationId, stationId), gt(ledgerEntries.seq, cursor.seq), lte(ledgerEntries.seq, st.ackSeq), eq(ledgerEntries.type, 'equipment.used')))
        .orderBy(asc(ledgerEntries.seq))
        .limit(this.pageSize);
      const now = this.ctx.clock.now();
      for (const e of entries) {
        const p = e.payload as { equipmentId: string; equipmentVersion: number; class: string; stepId: string; product: string; clearance: Record<string, unknown> };
        await tx
          .insert(equipmentLogbook)
          .values({ equipmentId: p.equipmentId, kind: 'use', at: new Date(e.time), source: 'station', stationId, seq: e.seq, batchNumber: e.batchRef, product: p.product, by: e.actor, details: { class: p.class, stepId: p.stepId, clearance: p.clearance }, equipmentVersion: p.equipmentVersion, recordedAt: now })
          .onConflictDoNothing();
      }
      const full = entries.length === this.pageSize;
      const to = full ? entries.at(-1)!.seq : st.ackSeq;
      await tx.update(equipmentCursors).set({ seq: to, updatedAt: now }).where(eq(equipmentCursors.stationId, stationId));
      return { projected: entries.length, more: full };
    });
  }
}
