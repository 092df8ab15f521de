/**
 * A signed change of a balance's periodic check plan (FR-123; EU GMP Annex 15 §4, USP <41>/<1251>,
 * 21 CFR 11.50/11.200): the check's id, its test weights with their nominal mass and acceptance,
 * and how long a passed check lets the balance weigh. The whole new plan, the version it replaces
 * (a stale screen is refused, not merged), the person's reason and their password (and one-time
 * code in the header) at the moment of signing ("approved"). The generic master-data route
 * refuses these settings once the balance is registered.
 */
import { signedSettingContract } from '../master-data/signed-setting-contract.ts';
import { BalanceSchema, type Balance } from '../master-data/equipment.ts';
import { z } from 'zod';

export const BalanceCheckPlanSchema = BalanceSchema.shape.checkPlan.strict();
export type BalanceCheckPlan = Balance['checkPlan'];

const contract = signedSettingContract({
  id: 'balanceId',
  name: 'checkPlan',
  setting: BalanceCheckPlanSchema,
  // Listed as the balance's record holds it (a key it does not know is dropped, not refused).
  listed: BalanceSchema.shape.checkPlan,
  describe: { name: z.string(), model: z.string(), boothId: z.string().nullable() },
  flat: (p) => ({ 'checkPlan.id': p.id, 'checkPlan.points': p.points, 'checkPlan.validForHours': p.validForHours }),
});

export const ChangeBalanceCheckPlanSchema = contract.change;
export type ChangeBalanceCheckPlan = z.infer<typeof ChangeBalanceCheckPlanSchema>;

/** One signed check-plan change as the hub answers and lists it; `changes` per changed setting (`checkPlan.id`, `checkPlan.points`, `checkPlan.validForHours`). */
export const BalanceCheckPlanChangeSchema = contract.changed;
export type BalanceCheckPlanChange = z.infer<typeof BalanceCheckPlanChangeSchema>;
export const BalanceCheckPlanChangeListSchema = contract.changedList;

/** One balance as QA lists it before signing a change: what it is, its master-data version, its check plan now. */
export const BalanceCheckPlanRowSchema = contract.row;
export type BalanceCheckPlanRow = z.infer<typeof BalanceCheckPlanRowSchema>;
export const BalanceCheckPlanRowListSchema = contract.rowList;

/** Each setting that differs between two check plans, by its dotted name, with its old and new value. */
export const checkPlanChanges = contract.changes;
