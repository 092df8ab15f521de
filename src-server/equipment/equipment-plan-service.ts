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
import { asc, eq } from 'drizzle-orm';
import { planChanges, planOf, withPlan, type ChangeEquipmentPlan, type EquipmentPlanChange, type EquipmentPlanRow } from '../../src-shared/equipment/equipment-plan-contract.ts';
import { EquipmentSchema, type Equipment } from '../../src-shared/master-data/process-equipment.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { masterData } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import type { MasterDataService } from '../master-data/master-data-service.ts';
import { changeSignedMasterData, signedChangesOf } from '../master-data/signed-master-data-change.ts';

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
    const changes = await signedChangesOf(this.ctx, { kind: 'equipment', key: equipmentId, subjectKind: 'equipment-plan', schema: EquipmentSchema });
    if (changes === null) return err('EQUIPMENT_UNKNOWN', `equipment ${equipmentId} is not in the master data`, { equipmentId });
    return ok(
      changes.flatMap(({ signature, before, after }) =>
        after && before ? [{ equipmentId, version: after.row.version, changedAt: after.row.changedAt.toISOString(), changedBy: after.row.changedBy, printedName: signature.printedName, reason: after.row.reason, changes: planChanges(planOf(before.data), planOf(after.data)), signatureId: signature.id }] : [],
      ),
    );
  }
}
