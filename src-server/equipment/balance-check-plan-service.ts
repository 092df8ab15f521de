/**
 * A balance's periodic check plan changed at the hub (FR-123; EU GMP Annex 15 §4, USP <41>/<1251>,
 * 21 CFR 11.50/11.200): the test weights, their nominal masses and acceptance limits and how long
 * a passed check stays valid decide whether the station lets the balance weigh, so a change is
 * signed like an equipment's plan (equipment-plan-service.ts): the person signs it ("approved",
 * password and second factor at the moment of signing, chained over the balance's previous signed
 * check-plan change), and in the same transaction the balance gets a new master-data version with
 * the person's reason, which every station pulls. The signed data holds each changed setting's old
 * and new value; a refusal changes nothing. The generic master-data route refuses these settings
 * (signed-fields.ts). What is the check plan's own is here (a changed plan needs a plan id the
 * balance never had); the change, the list and the history are every signed setting's
 * (signed-setting-service.ts).
 */
import { and, eq } from 'drizzle-orm';
import { checkPlanChanges, type BalanceCheckPlan, type BalanceCheckPlanRow } from '../../src-shared/equipment/balance-check-plan-contract.ts';
import { BalanceSchema, type Balance } from '../../src-shared/master-data/equipment.ts';
import { err } from '../../src-shared/result.ts';
import { masterDataChanges } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import type { SignedSetting } from '../master-data/signed-setting-service.ts';

export const BALANCE_CHECK_PLAN: SignedSetting<Balance, BalanceCheckPlan, BalanceCheckPlanRow, 'balanceId', 'checkPlan'> = {
  kind: 'balance',
  id: 'balanceId',
  name: 'checkPlan',
  words: 'check plan',
  schema: BalanceSchema,
  subjectKind: 'balance-check-plan',
  purpose: 'batchline/balance-check-plan/v1',
  action: 'balance.check_plan_changed',
  via: 'balance-check-plan',
  unknown: (balanceId) => err('BALANCE_UNKNOWN', `balance ${balanceId} is not in the master data`, { balanceId }),
  settingOf: (b) => b.checkPlan,
  withSetting: (b, checkPlan) => ({ ...b, checkPlan }),
  changes: checkPlanChanges,
  row: (b, version) => ({ balanceId: b.balanceId, name: b.name, model: b.model, boothId: b.boothId, version, checkPlan: b.checkPlan }),
  async refusals(ctx, balanceId) {
    // Every plan id this balance ever had (its master-data history): a station counts a check by
    // the plan id it names, so A → B → A (other weights) must not let a check under the first A
    // count for the last. A concurrent change moves the version, which the signed change refuses.
    const usedIds = await planIdsEver(ctx, balanceId);
    return ({ current, next, changes }) => {
      // A station counts a recorded check by the plan id it names (balance-qualification.ts): a
      // check passed under the old weights or acceptance must not count for the new plan.
      if (!changes.some((c) => c.field === 'checkPlan.id')) {
        return err('INPUT_INVALID', `a changed check plan of ${balanceId} needs a new id (not ${current.id}): checks recorded under the old plan must not count for it`, { field: 'checkPlan.id' });
      }
      if (usedIds.has(next.id)) {
        return err('INPUT_INVALID', `check plan id ${next.id} was used before by ${balanceId}: a changed plan needs an id the balance never had, so no check recorded under an earlier plan counts for it`, { field: 'checkPlan.id', planId: next.id, usedBefore: true });
      }
      return null;
    };
  },
};

/** The check plan ids of every recorded version of a balance (withdrawals and unreadable records have none). */
async function planIdsEver(ctx: HubContext, balanceId: string): Promise<Set<string>> {
  const rows = await ctx.db
    .select({ data: masterDataChanges.data })
    .from(masterDataChanges)
    .where(and(eq(masterDataChanges.kind, 'balance'), eq(masterDataChanges.key, balanceId)));
  const ids = new Set<string>();
  for (const r of rows) {
    const id = (r.data as { checkPlan?: { id?: unknown } } | null)?.checkPlan?.id;
    if (typeof id === 'string') ids.add(id);
  }
  return ids;
}
