/**
 * The equipment logbook at the hub (issue 13 item 2). Uses come from the stations' ledgers (the
 * projector); a cleaning, maintenance, calibration, qualification, breakdown or repair is
 * recorded here by a person who signs it ("performed", password at the moment of signing, 21 CFR
 * 11.200), and in the same transaction writes the equipment's new state as a new master-data
 * version (src-core/equipment/equipment-logbook.ts), which stations pull like any master data.
 * Signature and master-data change are in the hub audit trail; a refusal changes nothing.
 */
import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import { applyLogbookEntry } from '../../src-core/equipment/equipment-logbook.ts';
import type { LogbookEntry, NewLogbookEntry } from '../../src-shared/equipment/equipment-logbook-contract.ts';
import { EquipmentSchema } from '../../src-shared/master-data/process-equipment.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { masterData } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import type { MasterDataService } from '../master-data/master-data-service.ts';
import { GENESIS_HASH, signRecordStep } from '../quality/signing/record-step.ts';
import { EquipmentLogbookProjector } from './equipment-logbook-projector.ts';
import { equipmentLogbook } from './equipment-schema.ts';

type Row = typeof equipmentLogbook.$inferSelect;

const toEntry = (r: Row): LogbookEntry => ({
  id: String(r.id),
  equipmentId: r.equipmentId,
  kind: r.kind as LogbookEntry['kind'],
  at: r.at.toISOString(),
  source: r.source,
  stationId: r.stationId,
  seq: r.seq,
  batchNumber: r.batchNumber,
  product: r.product,
  by: r.by,
  details: r.details,
  signatureId: r.signatureId,
  equipmentVersion: r.equipmentVersion,
});

export class EquipmentLogbookService {
  readonly projector: EquipmentLogbookProjector;

  constructor(
    private readonly ctx: HubContext,
    private readonly masterData: MasterDataService,
  ) {
    this.projector = new EquipmentLogbookProjector(ctx, masterData);
  }

  /** The logbook of one piece of equipment, oldest first (uses projected up to now). */
  async list(equipmentId: string): Promise<Result<LogbookEntry[]>> {
    await this.projector.catchUp();
    const rows = await this.ctx.db.select().from(equipmentLogbook).where(eq(equipmentLogbook.equipmentId, equipmentId)).orderBy(asc(equipmentLogbook.at), asc(equipmentLogbook.id));
    if (rows.length === 0) {
      const [known] = await this.ctx.db.select({ key: masterData.key }).from(masterData).where(and(eq(masterData.kind, 'equipment'), eq(masterData.key, equipmentId)));
      if (!known) return err('EQUIPMENT_UNKNOWN', `equipment ${equipmentId} is not in the master data`, { equipmentId });
    }
    return ok(rows.map(toEntry));
  }

  async record(actor: HubPrincipal, equipmentId: string, entry: NewLogbookEntry): Promise<Result<LogbookEntry>> {
    await this.projector.catchUp();
    const now = this.ctx.clock.now();
    const at = entry.at ?? now.toISOString();
    if (Date.parse(at) > now.getTime()) return err('INPUT_INVALID', `the entry's time ${at} lies in the future`, { field: 'at' });
    return this.ctx.db.transaction(async (tx): Promise<Result<LogbookEntry>> => {
      const [current] = await tx.select().from(masterData).where(and(eq(masterData.kind, 'equipment'), eq(masterData.key, equipmentId)));
      const parsed = current?.data ? EquipmentSchema.safeParse(current.data) : null;
      if (!current || !parsed?.success) return err('EQUIPMENT_UNKNOWN', `equipment ${equipmentId} is not in the master data`, { equipmentId });
      const [lastUse] = await tx
        .select({ product: equipmentLogbook.product, at: equipmentLogbook.at })
        .from(equipmentLogbook)
        .where(and(eq(equipmentLogbook.equipmentId, equipmentId), eq(equipmentLogbook.kind, 'use')))
        .orderBy(desc(equipmentLogbook.at))
        .limit(1);
      const next = applyLogbookEntry(parsed.data, entry, at, lastUse?.product ? { product: lastUse.product, at: lastUse.at.toISOString() } : null);
      if (!next.ok) return next;
      const { password, ...facts } = entry;
      const details: Record<string, unknown> = { ...facts, at };
      const [previous] = await tx
        .select({ details: equipmentLogbook.details })
        .from(equipmentLogbook)
        .where(and(eq(equipmentLogbook.equipmentId, equipmentId), isNotNull(equipmentLogbook.signatureId)))
        .orderBy(desc(equipmentLogbook.id))
        .limit(1);
      const signed = await signRecordStep(tx, this.ctx, actor, password, {
        subjectKind: 'equipment-logbook',
        purpose: 'batchline/equipment-logbook/v1',
        recordId: equipmentId,
        key: `${entry.kind}-${at}`,
        meaning: 'performed',
        data: details,
        previous: typeof previous?.details.stepHash === 'string' ? previous.details.stepHash : GENESIS_HASH,
        action: `equipment.${entry.kind}_recorded`,
      });
      if (!signed.ok) return signed;
      const put = await this.masterData.putIn(tx, actor, 'equipment', equipmentId, { data: next.value as unknown as Record<string, unknown>, expectedVersion: current.version, reason: `logbook: ${entry.kind} — ${entry.note}`, via: 'equipment-logbook' });
      if (!put.ok) return put;
      const [row] = await tx
        .insert(equipmentLogbook)
        .values({ equipmentId, kind: entry.kind, at: new Date(at), source: 'hub', by: actor.username, details: { ...details, stepHash: signed.value.hash }, signatureId: signed.value.signatureId, equipmentVersion: put.value.version, recordedAt: now })
        .returning();
      return ok(toEntry(row!));
    });
  }
}
