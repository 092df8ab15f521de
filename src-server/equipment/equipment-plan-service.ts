/**
 * An equipment's plan settings changed at the hub (FR-121; EU GMP Ch. 3.41, Annex 15 §4.1 and
 * §10.11–§10.12, 21 CFR 11.50/11.200): the calibration and maintenance plans (required, interval,
 * next due date), the requalification due date, the hold times and the changeover rules decide
 * whether the station's gate lets the equipment be used, so a change is signed like a room's
 * limits (room-limits-service.ts): the person signs it ("approved", password and second factor
 * at the moment of signing, chained over the equipment's previous signed plan change), and in
 * the same transaction the equipment gets a new master-data version with the person's reason,
 * which every station pulls. The signed data holds each changed setting's old and new value;
 * signature, master-data change and refusals are in the hub audit trail; a refusal changes
 * nothing. The generic master-data route refuses these settings (signed-fields.ts).
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { planChanges, planOf, withPlan, type ChangeEquipmentPlan, type EquipmentPlanChange, type EquipmentPlanRow } from '../../src-shared/equipment/equipment-plan-contract.ts';
import { EquipmentSchema, type Equipment } from '../../src-shared/master-data/process-equipment.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { masterData, masterDataChanges } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import type { MasterDataService } from '../master-data/master-data-service.ts';
import { qualitySignatures } from '../quality/db/quality-schema.ts';
import { changeSignedMasterData } from '../master-data/signed-master-data-change.ts';

const PURPOSE = 'batchline/equipment-plan/v1';

export class EquipmentPlanService {
  constructor(
    private readonly ctx: HubContext,
    private readonly masterData: MasterDataService,
  ) {}

  async change(signer: HubPrincipal, equipmentId: string, input: ChangeEquipmentPlan): Promise<Result<EquipmentPlanChange>> {
    let changes: EquipmentPlanChange['changes'] = [];
    const done = await changeSignedMasterData<Equipment>(this.ctx, this.masterData, signer, {
      kind: 'equipment',
      key: equipmentId,
      schema: EquipmentSchema,
      unknown: () => err('EQUIPMENT_UNKNOWN', `equipment ${equipmentId} is not in the master data`, { equipmentId }),
      expectedVersion: input.expectedVersion,
      password: input.password,
      reason: input.reason,
      subjectKind: 'equipment-plan',
      purpose: PURPOSE,
      action: 'equipment.plan_changed',
      via: 'equipment-plan',
      next: (current, { from, to }) => {
        const checked = EquipmentSchema.safeParse(withPlan(current, input.plan));
        if (!checked.success) return err('INPUT_INVALID', `invalid plan: ${checked.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`, { field: 'plan' });
        changes = planChanges(planOf(current), planOf(checked.data));
        if (changes.length === 0) return err('INPUT_INVALID', `the plan of ${equipmentId} is already this: nothing to sign`, { field: 'plan' });
        return ok({ record: checked.data, signed: { equipmentId, fromVersion: from, toVersion: to, changes, reason: input.reason } });
      },
    });
    if (!done.ok) return done;
    const { version, changedAt, printedName, signatureId } = done.value;
    return ok({ equipmentId, version, changedAt, changedBy: signer.username, printedName, reason: input.reason, changes, signatureId });
  }

  /** Every equipment of the master data with its plan (QA reads it here: the generic master-data read is the steward's). */
  async list(): Promise<EquipmentPlanRow[]> {
    const rows = await this.ctx.db.select().from(masterData).where(eq(masterData.kind, 'equipment')).orderBy(asc(masterData.key)).limit(1000);
    return rows.flatMap((r) => {
      const e = r.data ? EquipmentSchema.safeParse(r.data) : null;
      return e?.success ? [{ equipmentId: e.data.equipmentId, name: e.data.name, class: e.data.class, location: e.data.location, version: r.version, plan: planOf(e.data) }] : [];
    });
  }

  /** The signed plan changes of an equipment, newest first: each changed setting's old and new value (from the versions it changed), who, when, why. */
  async history(equipmentId: string): Promise<Result<EquipmentPlanChange[]>> {
    const sigs = await this.ctx.db
      .select({ id: qualitySignatures.id, subjectKey: qualitySignatures.subjectKey, printedName: qualitySignatures.printedName })
      .from(qualitySignatures)
      .where(and(eq(qualitySignatures.subjectKind, 'equipment-plan'), eq(qualitySignatures.batchNumber, equipmentId)))
      .orderBy(desc(qualitySignatures.id))
      .limit(200);
    const versions = sigs.map((s) => Number(s.subjectKey.slice(s.subjectKey.lastIndexOf('/v') + 2)));
    const rows = await this.ctx.db
      .select()
      .from(masterDataChanges)
      .where(and(eq(masterDataChanges.kind, 'equipment'), eq(masterDataChanges.key, equipmentId), inArray(masterDataChanges.version, [...versions, ...versions.map((v) => v - 1), 0])))
      .orderBy(asc(masterDataChanges.version));
    if (rows.length === 0) {
      const [known] = await this.ctx.db.select({ key: masterData.key }).from(masterData).where(and(eq(masterData.kind, 'equipment'), eq(masterData.key, equipmentId)));
      if (!known) return err('EQUIPMENT_UNKNOWN', `equipment ${equipmentId} is not in the master data`, { equipmentId });
    }
    const at = (v: number) => {
      const r = rows.find((x) => x.version === v);
      const e = r?.data ? EquipmentSchema.safeParse(r.data) : null;
      return r && e?.success ? { row: r, equipment: e.data } : null;
    };
    const out: EquipmentPlanChange[] = [];
    sigs.forEach((s, i) => {
      const after = at(versions[i]!);
      const before = at(versions[i]! - 1);
      if (!after || !before) return;
      out.push({ equipmentId, version: after.row.version, changedAt: after.row.changedAt.toISOString(), changedBy: after.row.changedBy, printedName: s.printedName, reason: after.row.reason, changes: planChanges(planOf(before.equipment), planOf(after.equipment)), signatureId: s.id });
    });
    return ok(out);
  }
}
