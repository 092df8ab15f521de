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
 * nothing. The generic master-data route refuses these settings (signed-fields.ts). What is the
 * plan's own is here; the change, the list and the history are every signed setting's
 * (signed-setting-service.ts).
 */
import { planChanges, planOf, withPlan, type EquipmentPlan, type EquipmentPlanRow } from '../../src-shared/equipment/equipment-plan-contract.ts';
import { EquipmentSchema, type Equipment } from '../../src-shared/master-data/process-equipment.ts';
import { err } from '../../src-shared/result.ts';
import type { SignedSetting } from '../master-data/signed-setting-service.ts';

export const EQUIPMENT_PLAN: SignedSetting<Equipment, EquipmentPlan, EquipmentPlanRow, 'equipmentId', 'plan'> = {
  kind: 'equipment',
  id: 'equipmentId',
  name: 'plan',
  words: 'plan',
  schema: EquipmentSchema,
  subjectKind: 'equipment-plan',
  purpose: 'batchline/equipment-plan/v1',
  action: 'equipment.plan_changed',
  via: 'equipment-plan',
  unknown: (equipmentId) => err('EQUIPMENT_UNKNOWN', `equipment ${equipmentId} is not in the master data`, { equipmentId }),
  settingOf: planOf,
  withSetting: withPlan,
  changes: planChanges,
  row: (e, version) => ({ equipmentId: e.equipmentId, name: e.name, class: e.class, location: e.location, version, plan: planOf(e) }),
};
