import { describe, expect, it } from 'vitest';
import { EquipmentPlanSchema, type EquipmentPlan } from './equipment-plan-contract.ts';

const plan: EquipmentPlan = {
  calibration: { required: true, intervalDays: 180, nextDueAt: '2027-01-10T00:00:00.000Z' },
  maintenance: { required: false, intervalDays: null, nextDueAt: null },
  requalificationDueAt: null,
  cleanHoldHours: 72,
  dirtyHoldHours: 24,
  changeover: { sameProduct: 'minor', otherProduct: 'major' },
};

describe('EquipmentPlanSchema', () => {
  it('FR-121 a required plan without a next due date is refused before anyone signs, as the hub refuses it; a plan not required needs none', () => {
    expect(EquipmentPlanSchema.safeParse(plan).success).toBe(true);
    const missing = EquipmentPlanSchema.safeParse({ ...plan, calibration: { ...plan.calibration, nextDueAt: null } });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['calibration.nextDueAt', 'a required plan has a next due date']]);
  });
});
