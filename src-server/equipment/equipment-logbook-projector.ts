/**
 * Projects the stations' `equipment.used` entries from the verified ledgers into the equipment
 * logbook (issue 13 item 2). The IPQC projector's contract (ipqc-projector.ts) with its own
 * cursor per station: a page is projected in ONE transaction that locks the cursor row, writes
 * the rows and advances the cursor, so every entry is projected exactly once, in order, and only
 * entries the intake has acknowledged are read. Readers call catchUp() first.
 */
import type { HubContext } from '../hub-context.ts';
import { catchUpStationEntries } from '../quality/projection/station-entry-cursor.ts';
import { equipmentLogbook } from './equipment-schema.ts';

export class EquipmentLogbookProjector {
  constructor(
    private readonly ctx: HubContext,
    private readonly pageSize = 1000,
  ) {}

  catchUp(): Promise<number> {
    return catchUpStationEntries(this.ctx, {
      cursorTable: 'equipment_projection_cursors',
      types: ['equipment.used'],
      pageSize: this.pageSize,
      project: async (tx, stationId, e) => {
        const p = e.payload as { equipmentId: string; equipmentVersion: number; class: string; stepId: string; product: string; clearance: Record<string, unknown> };
        await tx
          .insert(equipmentLogbook)
          .values({ equipmentId: p.equipmentId, kind: 'use', at: new Date(e.time), source: 'station', stationId, seq: e.seq, batchNumber: e.batchRef, product: p.product, by: e.actor, details: { class: p.class, stepId: p.stepId, clearance: p.clearance }, equipmentVersion: p.equipmentVersion, recordedAt: this.ctx.clock.now() })
          .onConflictDoNothing();
      },
    });
  }
}
