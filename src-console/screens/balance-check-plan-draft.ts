/**
 * The balances screen's check-plan form as text (FR-123), and what it is as a plan: a draft the
 * person types (plan id; per point the test weight, the nominal mass and the acceptance, each an
 * exact decimal with its unit; how many hours a passed check lets the balance weigh) is checked
 * against the plan it replaces by the hub's own rules before anything is signed: the schema
 * (BalanceCheckPlanSchema), "nothing changed" and "a changed plan needs a new plan id" (a station
 * counts a recorded check by the plan id it names, so a check passed under the old weights or
 * acceptance must not count for the new plan; balance-check-plan-service.ts refuses it).
 */
import { checkPlanChanges, BalanceCheckPlanSchema, type BalanceCheckPlan } from '../../src-shared/equipment/balance-check-plan-contract.ts';
import { MASS_UNITS, type MassUnit } from '../../src-shared/mass.ts';

export const MAX_CHECK_POINTS = 10;

export interface CheckPointDraft {
  testWeight: string;
  nominal: string;
  nominalUnit: MassUnit;
  acceptance: string;
  acceptanceUnit: MassUnit;
}
export interface CheckPlanDraft {
  id: string;
  points: CheckPointDraft[];
  validForHours: string;
}

export function checkPlanDraftOf(p: BalanceCheckPlan): CheckPlanDraft {
  return {
    id: p.id,
    points: p.points.map((x) => ({ testWeight: x.testWeight, nominal: x.nominal.amount, nominalUnit: x.nominal.unit, acceptance: x.acceptance.amount, acceptanceUnit: x.acceptance.unit })),
    validForHours: String(p.validForHours),
  };
}

/** A new, empty point (grams: what test weights are certified in). */
export function emptyCheckPoint(): CheckPointDraft {
  return { testWeight: '', nominal: '', nominalUnit: 'g', acceptance: '', acceptanceUnit: 'g' };
}

/**
 * Why a draft cannot be signed: `invalid` (an entry is not a plan: `point` names the first point
 * that is not one, 1-based, when it is a point), `unchanged` (nothing to sign), `sameId` (the
 * plan changed but kept its id).
 */
export type CheckPlanProblem = { problem: 'invalid'; point: number | null } | { problem: 'unchanged' } | { problem: 'sameId'; id: string };

/** The draft as the plan to sign, or why it cannot be signed. */
export function checkPlanOf(d: CheckPlanDraft, before: BalanceCheckPlan): { ok: true; plan: BalanceCheckPlan } | ({ ok: false } & CheckPlanProblem) {
  const hours = d.validForHours.trim();
  const parsed = BalanceCheckPlanSchema.safeParse({
    id: d.id.trim(),
    points: d.points.map((x) => ({ testWeight: x.testWeight.trim(), nominal: { amount: x.nominal.trim(), unit: x.nominalUnit }, acceptance: { amount: x.acceptance.trim(), unit: x.acceptanceUnit } })),
    // Whole hours only: "12.5" or "1e2" is not read as some other number.
    validForHours: /^\d{1,4}$/.test(hours) ? Number(hours) : Number.NaN,
  });
  if (!parsed.success) {
    const at = parsed.error.issues.find((i) => i.path[0] === 'points' && typeof i.path[1] === 'number');
    return { ok: false, problem: 'invalid', point: at ? (at.path[1] as number) + 1 : null };
  }
  const changes = checkPlanChanges(before, parsed.data);
  if (changes.length === 0) return { ok: false, problem: 'unchanged' };
  if (!changes.some((c) => c.field === 'checkPlan.id')) return { ok: false, problem: 'sameId', id: before.id };
  return { ok: true, plan: parsed.data };
}

export const MASS_UNIT_OPTIONS = MASS_UNITS.map((u) => ({ value: u, label: u }));
