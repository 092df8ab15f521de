/**
 * Projects the stations' equipment entries from the verified ledgers into the equipment logbook
 * and the equipment's master data (issue 13 items 2–4). The IPQC projector's contract
 * (ipqc-projector.ts) with its own cursor per station: a page is projected in ONE transaction that
 * locks the cursor row, writes the rows and advances the cursor, so every entry is projected
 * exactly once, in order, and only entries the intake has acknowledged are read.
 *
 * - `equipment.used`: a use row; the equipment becomes dirty from that product at the hub
 *   (applyStationUse), a new master-data version every station pulls, so another station refuses
 *   it until a cleaning after the use (item 3).
 * - `equipment.logbook_recorded` counts once its "performed" signature (its own, later entry)
 *   arrives: the signature's projection writes the logbook row and the new master-data version
 *   (applyStationLogbook, the hub's rule for the same kind of entry), naming the verifier when the
 *   "verified" signature came with it (item 4). An unsigned entry never counts, here or at the station.
 * The push route calls afterPush(station, page) right after each accepted push commits, so the
 * status is current when the push answers (FR-86), not one master-data pull later; readers and
 * the master-data feed still call catchUp() first (a projection that failed after a push is
 * caught up there).
 */
import { and, desc, eq, gt, lte, sql } from 'drizzle-orm';
import { applyStationLogbook, applyStationUse } from '../../src-core/equipment/equipment-logbook.ts';
import { stationLogbookAt, StationLogbookPayloadSchema } from '../../src-shared/equipment/station-logbook-contract.ts';
import { EquipmentSchema, type Equipment } from '../../src-shared/master-data/process-equipment.ts';
import { wireStationId } from '../../src-shared/sync/ledger-key.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import type { HubTx } from '../db/open-hub-db.ts';
import { ledgerEntries, masterData } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import type { MasterDataService } from '../master-data/master-data-service.ts';
import { catchUpStationEntries, type StationEntry } from '../quality/projection/station-entry-cursor.ts';
import { equipmentLogbook } from './equipment-schema.ts';
import { pageHoldsSignedEntries, signedEntrySql, type SignedEntryFilter } from '../quality/projection/signed-entry-filter.ts';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';

/** Uses, and the "performed" signatures of station logbook entries (which make them count). */
export const EQUIPMENT_ENTRIES: SignedEntryFilter = { types: ['equipment.used', 'signature.applied'], performedOn: 'equipment.logbook_recorded' };

type UsePayload = { equipmentId: string; equipmentVersion: number; class: string; stepId: string; product: string; clearance: Record<string, unknown> };
type SignaturePayload = { targetSeq: number; meaning: string; printedName: string; username: string };

export class EquipmentLogbookProjector {
  constructor(
    private readonly ctx: HubContext,
    private readonly masterData: MasterDataService | null = null,
    private readonly pageSize = 1000,
  ) {}

  /**
   * Right after a push of `stationId` was accepted: projects its new entries when the page it
   * stored (`entries`) holds any this projector reads, and otherwise leaves the cursor where it is
   * (nothing to project there; the next page that holds some, or the next catchUp(), reads past
   * them). Most pages hold none, and the projection's own transaction cost more than the rest of
   * a push's database work on PGlite (issue 16 item 3).
   */
  async afterPush(stationId: string, entries: readonly LedgerEntry[]): Promise<number> {
    return (await pageHoldsSignedEntries(this.ctx.db, stationId, EQUIPMENT_ENTRIES, entries)) ? this.catchUp(stationId) : 0;
  }

  /** Every station's new entries, or only `stationId`'s. */
  catchUp(stationId?: string): Promise<number> {
    return catchUpStationEntries(
      this.ctx,
      {
        cursorTable: 'equipment_projection_cursors',
        types: [...EQUIPMENT_ENTRIES.types],
        where: signedEntrySql(EQUIPMENT_ENTRIES),
        pageSize: this.pageSize,
        project: (tx, station, e) => (e.type === 'equipment.used' ? this.use(tx, station, e) : this.signature(tx, station, e)),
      },
      stationId,
    );
  }

  private async use(tx: HubTx, stationId: string, e: StationEntry): Promise<void> {
    const p = e.payload as UsePayload;
    if (await this.projected(tx, stationId, e.seq)) return;
    await this.writeState(tx, stationId, p.equipmentId, (q) => applyStationUse(q, { product: p.product, at: new Date(e.time).toISOString() }), `use at ${wireStationId(stationId)} seq ${e.seq} (batch ${e.batchRef ?? '—'}, ${p.product})`);
    // The row keeps the version the use was judged on (its payload), as before.
    await tx
      .insert(equipmentLogbook)
      .values({ equipmentId: p.equipmentId, kind: 'use', at: new Date(e.time), source: 'station', stationId, seq: e.seq, batchNumber: e.batchRef, product: p.product, by: e.actor, details: { class: p.class, stepId: p.stepId, clearance: p.clearance }, equipmentVersion: p.equipmentVersion, recordedAt: this.ctx.clock.now() })
      .onConflictDoNothing();
  }

  /**
   * A "performed" signature on a station logbook entry: the entry counts from here. The logbook is
   * append-only, so the row is written once, with the verifier when the "verified" signature came
   * with it (the station appends it right after; one later than this page is not named here, but
   * stays in the ledger and the batch-independent audit).
   */
  private async signature(tx: HubTx, stationId: string, e: StationEntry): Promise<void> {
    const s = e.payload as SignaturePayload;
    if (s.meaning !== 'performed') return;
    const [target] = await tx
      .select({ type: ledgerEntries.type, payload: ledgerEntries.payload })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.stationId, stationId), eq(ledgerEntries.seq, s.targetSeq)));
    if (target?.type !== 'equipment.logbook_recorded' || (await this.projected(tx, stationId, s.targetSeq))) return;
    const parsed = StationLogbookPayloadSchema.safeParse(target.payload);
    if (!parsed.success) return;
    const p = parsed.data;
    const [verified] = await tx
      .select({ seq: ledgerEntries.seq, payload: ledgerEntries.payload })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.stationId, stationId), gt(ledgerEntries.seq, e.seq), lte(ledgerEntries.seq, e.seq + 20), eq(ledgerEntries.type, 'signature.applied'), sql`${ledgerEntries.payload}->>'meaning' = 'verified'`, sql`(${ledgerEntries.payload}->>'targetSeq')::bigint = ${s.targetSeq}`))
      .limit(1);
    const v = verified?.payload as SignaturePayload | undefined;
    const lastUse = await this.lastUse(tx, p.equipmentId);
    const version = await this.writeState(
      tx,
      stationId,
      p.equipmentId,
      (q) => {
        const next = applyStationLogbook(q, p, lastUse);
        return next.ok ? next.value : null;
      },
      `logbook: ${p.kind} at ${wireStationId(stationId)} seq ${s.targetSeq} — ${p.note}`,
    );
    await tx.insert(equipmentLogbook).values({
      equipmentId: p.equipmentId,
      kind: p.kind,
      at: new Date(stationLogbookAt(p)),
      source: 'station',
      stationId,
      seq: s.targetSeq,
      by: s.username,
      details: { ...p, performedBy: s.printedName, signatureSeq: e.seq, ...(v ? { verifiedBy: v.printedName, verifiedByUsername: v.username, verificationSeq: verified!.seq } : {}) },
      equipmentVersion: version,
      recordedAt: this.ctx.clock.now(),
    });
  }

  private async projected(tx: HubTx, stationId: string, seq: number): Promise<boolean> {
    const [row] = await tx.select({ id: equipmentLogbook.id }).from(equipmentLogbook).where(and(eq(equipmentLogbook.stationId, stationId), eq(equipmentLogbook.seq, seq)));
    return row !== undefined;
  }

  private async lastUse(tx: HubTx, equipmentId: string): Promise<{ product: string; at: string } | null> {
    const [u] = await tx
      .select({ product: equipmentLogbook.product, at: equipmentLogbook.at })
      .from(equipmentLogbook)
      .where(and(eq(equipmentLogbook.equipmentId, equipmentId), eq(equipmentLogbook.kind, 'use')))
      .orderBy(desc(equipmentLogbook.at))
      .limit(1);
    return u?.product ? { product: u.product, at: u.at.toISOString() } : null;
  }

  /** A new master-data version of the equipment when the rule changes it; its version, or null. */
  private async writeState(tx: HubTx, stationId: string, equipmentId: string, change: (q: Equipment) => Equipment | null, reason: string): Promise<number | null> {
    if (!this.masterData) return null;
    const [current] = await tx.select().from(masterData).where(and(eq(masterData.kind, 'equipment'), eq(masterData.key, equipmentId)));
    const parsed = current?.data ? EquipmentSchema.safeParse(current.data) : null;
    if (!current || !parsed?.success) return null;
    const next = change(parsed.data);
    if (next === null) return null;
    const actor: HubPrincipal = { userId: `station:${wireStationId(stationId)}`, username: `station:${wireStationId(stationId)}`, roles: [] };
    const put = await this.masterData.putIn(tx, actor, 'equipment', equipmentId, { data: next as unknown as Record<string, unknown>, expectedVersion: current.version, reason, via: 'equipment-logbook' });
    return put.ok ? put.value.version : null;
  }
}
