/**
 * A signed change of an equipment's plan settings (FR-121; EU GMP Ch. 3.41, Annex 15 §4.1 and
 * §10.11–§10.12, 21 CFR 11.50/11.200): the calibration and maintenance plans (required, interval,
 * next due date), the requalification due date, the clean and dirty hold times and the product
 * changeover rules. The whole new plan, the version it replaces (a stale screen is refused, not
 * merged), the person's reason and their password (and one-time code in the header) at the
 * moment of signing ("approved"). What the logbook records (done, clean, in service) is not here.
 */
import { z } from 'zod';
import { CleaningLevel, type Equipment } from '../master-data/process-equipment.ts';
import { UtcTimeString } from '../master-data/common.ts';
import { signedSettingContract } from '../master-data/signed-setting-contract.ts';

// The hub's equipment record holds the same rule (process-equipment.ts); stated here too, so the
// console refuses such a plan before anyone types a password, as its notice says.
const Plan = z
  .object({
    required: z.boolean(),
    intervalDays: z.number().int().positive().max(3660).nullable(),
    nextDueAt: UtcTimeString.nullable(),
  })
  .refine((p) => !p.required || p.nextDueAt !== null, { message: 'a required plan has a next due date', path: ['nextDueAt'] });
const Hours = z.number().positive().max(24 * 366);

export const EquipmentPlanSchema = z
  .object({
    calibration: Plan,
    maintenance: Plan,
    requalificationDueAt: UtcTimeString.nullable(),
    cleanHoldHours: Hours,
    dirtyHoldHours: Hours,
    changeover: z.object({ sameProduct: z.enum(['none', 'minor', 'major']), otherProduct: CleaningLevel }),
  })
  .strict();
export type EquipmentPlan = z.infer<typeof EquipmentPlanSchema>;

const contract = signedSettingContract({
  id: 'equipmentId',
  name: 'plan',
  setting: EquipmentPlanSchema,
  listed: EquipmentPlanSchema,
  describe: { name: z.string(), class: z.string(), location: z.string() },
  flat: (p) => ({
    'calibration.required': p.calibration.required,
    'calibration.intervalDays': p.calibration.intervalDays,
    'calibration.nextDueAt': p.calibration.nextDueAt,
    'maintenance.required': p.maintenance.required,
    'maintenance.intervalDays': p.maintenance.intervalDays,
    'maintenance.nextDueAt': p.maintenance.nextDueAt,
    requalificationDueAt: p.requalificationDueAt,
    cleanHoldHours: p.cleanHoldHours,
    dirtyHoldHours: p.dirtyHoldHours,
    'changeover.sameProduct': p.changeover.sameProduct,
    'changeover.otherProduct': p.changeover.otherProduct,
  }),
});

export const ChangeEquipmentPlanSchema = contract.change;
export type ChangeEquipmentPlan = z.infer<typeof ChangeEquipmentPlanSchema>;

/** One signed plan change as the hub answers and lists it; `changes` per changed setting (`calibration.intervalDays`, `cleanHoldHours`, …). */
export const EquipmentPlanChangeSchema = contract.changed;
export type EquipmentPlanChange = z.infer<typeof EquipmentPlanChangeSchema>;
export const EquipmentPlanChangeListSchema = contract.changedList;

/** One equipment as the console's plan screen lists it: what it is, its master-data version, its plan now. */
export const EquipmentPlanRowSchema = contract.row;
export type EquipmentPlanRow = z.infer<typeof EquipmentPlanRowSchema>;
export const EquipmentPlanRowListSchema = contract.rowList;

/** The plan settings of an equipment's master data. */
export function planOf(e: Equipment): EquipmentPlan {
  const plan = (p: Equipment['calibration']) => ({ required: p.required, intervalDays: p.intervalDays, nextDueAt: p.nextDueAt });
  return {
    calibration: plan(e.calibration),
    maintenance: plan(e.maintenance),
    requalificationDueAt: e.qualification.requalificationDueAt,
    cleanHoldHours: e.cleaning.cleanHoldHours,
    dirtyHoldHours: e.cleaning.dirtyHoldHours,
    changeover: { ...e.changeover },
  };
}

/** The equipment with `plan` in place of its plan settings; everything the logbook records stays as it was. */
export function withPlan(e: Equipment, plan: EquipmentPlan): Equipment {
  return {
    ...e,
    qualification: { ...e.qualification, requalificationDueAt: plan.requalificationDueAt },
    calibration: { ...e.calibration, ...plan.calibration },
    maintenance: { ...e.maintenance, ...plan.maintenance },
    cleaning: { ...e.cleaning, cleanHoldHours: plan.cleanHoldHours, dirtyHoldHours: plan.dirtyHoldHours },
    changeover: { ...plan.changeover },
  };
}

/** Each setting that differs between two plans, by its dotted name, with its old and new value. */
export const planChanges = contract.changes;
