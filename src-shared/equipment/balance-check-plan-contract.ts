/**
 * A signed change of a balance's periodic check plan (FR-123; EU GMP Annex 15 §4, USP <41>/<1251>,
 * 21 CFR 11.50/11.200): the check's id, its test weights with their nominal mass and acceptance,
 * and how long a passed check lets the balance weigh. The whole new plan, the version it replaces
 * (a stale screen is refused, not merged), the person's reason and their password (and one-time
 * code in the header) at the moment of signing ("approved"). The generic master-data route
 * refuses these settings once the balance is registered.
 */
import { z } from 'zod';
import { BalanceSchema, type Balance } from '../master-data/equipment.ts';

export const BalanceCheckPlanSchema = BalanceSchema.shape.checkPlan.strict();
export type BalanceCheckPlan = Balance['checkPlan'];

export const ChangeBalanceCheckPlanSchema = z.object({
  checkPlan: BalanceCheckPlanSchema,
  expectedVersion: z.number().int().positive(),
  reason: z.string().trim().min(10).max(2000),
  password: z.string().min(1).max(200),
});
export type ChangeBalanceCheckPlan = z.infer<typeof ChangeBalanceCheckPlanSchema>;

/** One signed check-plan change as the hub answers and lists it: old and new value of each changed setting, who, when, why. */
export const BalanceCheckPlanChangeSchema = z.object({
  balanceId: z.string(),
  version: z.number().int(),
  changedAt: z.string(),
  changedBy: z.string(),
  printedName: z.string().nullable(),
  reason: z.string(),
  /** Per changed setting (`checkPlan.id`, `checkPlan.points`, `checkPlan.validForHours`) its old and new value. */
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  signatureId: z.number().int(),
});
export type BalanceCheckPlanChange = z.infer<typeof BalanceCheckPlanChangeSchema>;

/** One balance as QA lists it before signing a change: what it is, its master-data version, its check plan now. */
export const BalanceCheckPlanRowSchema = z.object({
  balanceId: z.string(),
  name: z.string(),
  model: z.string(),
  boothId: z.string().nullable(),
  version: z.number().int(),
  checkPlan: BalanceSchema.shape.checkPlan,
});
export type BalanceCheckPlanRow = z.infer<typeof BalanceCheckPlanRowSchema>;

/** Each setting that differs between two check plans, by its dotted name, with its old and new value. */
export function checkPlanChanges(before: BalanceCheckPlan, after: BalanceCheckPlan): { field: string; before: unknown; after: unknown }[] {
  const flat = (p: BalanceCheckPlan): Record<string, unknown> => ({ 'checkPlan.id': p.id, 'checkPlan.points': p.points, 'checkPlan.validForHours': p.validForHours });
  const a = flat(before);
  const b = flat(after);
  return Object.keys(a)
    .filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]))
    .map((field) => ({ field, before: a[field], after: b[field] }));
}
