/**
 * A balance's periodic check plan changed at the hub (FR-123; EU GMP Annex 15 §4, USP <41>/<1251>,
 * 21 CFR 11.50/11.200): the test weights, their nominal masses and acceptance limits and how long
 * a passed check stays valid decide whether the station lets the balance weigh, so a change is
 * signed like an equipment's plan (equipment-plan-service.ts): the person signs it ("approved",
 * password and second factor at the moment of signing, chained over the balance's previous signed
 * check-plan change), and in the same transaction the balance gets a new master-data version with
 * the person's reason, which every station pulls. The signed data holds each changed setting's old
 * and new value; a refusal changes nothing. The generic master-data route refuses these settings
 * (signed-fields.ts).
 */
import { and, asc, eq } from 'drizzle-orm';
import { checkPlanChanges, type BalanceCheckPlanChange, type BalanceCheckPlanRow, type ChangeBalanceCheckPlan } from '../../src-shared/equipment/balance-check-plan-contract.ts';
import { BalanceSchema, type Balance } from '../../src-shared/master-data/equipment.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { masterData, masterDataChanges } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import type { MasterDataService } from '../master-data/master-data-service.ts';
import { changeSignedMasterData, signedChangesOf } from '../master-data/signed-master-data-change.ts';

const PURPOSE = 'batchline/balance-check-plan/v1';

export class BalanceCheckPlanService {
  constructor(
    private readonly ctx: HubContext,
    private readonly masterData: MasterDataService,
  ) {}

  async change(signer: HubPrincipal, balanceId: string, input: ChangeBalanceCheckPlan): Promise<Result<BalanceCheckPlanChange>> {
    let changes: BalanceCheckPlanChange['changes'] = [];
    // Every plan id this balance ever had (its master-data history): a station counts a check by
    // the plan id it names, so A → B → A (other weights) must not let a check under the first A
    // count for the last. A concurrent change moves the version, which the signed change refuses.
    const usedIds = await this.planIdsEver(balanceId);
    const done = await changeSignedMasterData<Balance>(this.ctx, this.masterData, signer, {
      kind: 'balance',
      key: balanceId,
      schema: BalanceSchema,
      unknown: () => err('BALANCE_UNKNOWN', `balance ${balanceId} is not in the master data`, { balanceId }),
      expectedVersion: input.expectedVersion,
      password: input.password,
      reason: input.reason,
      subjectKind: 'balance-check-plan',
      purpose: PURPOSE,
      action: 'balance.check_plan_changed',
      via: 'balance-check-plan',
      next: (current, { from, to }) => {
        const checked = BalanceSchema.safeParse({ ...current, checkPlan: input.checkPlan });
        if (!checked.success) return err('INPUT_INVALID', `invalid check plan: ${checked.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`, { field: 'checkPlan' });
        changes = checkPlanChanges(current.checkPlan, checked.data.checkPlan);
        if (changes.length === 0) return err('INPUT_INVALID', `the check plan of ${balanceId} is already this: nothing to sign`, { field: 'checkPlan' });
        // A station counts a recorded check by the plan id it names (balance-qualification.ts): a
        // check passed under the old weights or acceptance must not count for the new plan.
        if (!changes.some((c) => c.field === 'checkPlan.id')) {
          return err('INPUT_INVALID', `a changed check plan of ${balanceId} needs a new id (not ${current.checkPlan.id}): checks recorded under the old plan must not count for it`, { field: 'checkPlan.id' });
        }
        if (usedIds.has(checked.data.checkPlan.id)) {
          return err('INPUT_INVALID', `check plan id ${checked.data.checkPlan.id} was used before by ${balanceId}: a changed plan needs an id the balance never had, so no check recorded under an earlier plan counts for it`, { field: 'checkPlan.id', planId: checked.data.checkPlan.id, usedBefore: true });
        }
        return ok({ record: checked.data, signed: { balanceId, fromVersion: from, toVersion: to, changes, reason: input.reason } });
      },
    });
    if (!done.ok) return done;
    const { version, changedAt, printedName, signatureId } = done.value;
    return ok({ balanceId, version, changedAt, changedBy: signer.username, printedName, reason: input.reason, changes, signatureId });
  }

  /** The check plan ids of every recorded version of a balance (withdrawals and unreadable records have none). */
  private async planIdsEver(balanceId: string): Promise<Set<string>> {
    const rows = await this.ctx.db
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

  /** Every balance of the master data with its check plan and version (QA reads it here: the generic master-data read is the steward's). */
  async list(): Promise<BalanceCheckPlanRow[]> {
    const rows = await this.ctx.db.select().from(masterData).where(eq(masterData.kind, 'balance')).orderBy(asc(masterData.key)).limit(1000);
    return rows.flatMap((r) => {
      const b = r.data ? BalanceSchema.safeParse(r.data) : null;
      return b?.success ? [{ balanceId: b.data.balanceId, name: b.data.name, model: b.data.model, boothId: b.data.boothId, version: r.version, checkPlan: b.data.checkPlan }] : [];
    });
  }

  /** The signed check-plan changes of a balance, newest first: each changed setting's old and new value (from the versions it changed), who, when, why. */
  async history(balanceId: string): Promise<Result<BalanceCheckPlanChange[]>> {
    const changes = await signedChangesOf(this.ctx, { kind: 'balance', key: balanceId, subjectKind: 'balance-check-plan', schema: BalanceSchema });
    if (changes === null) return err('BALANCE_UNKNOWN', `balance ${balanceId} is not in the master data`, { balanceId });
    return ok(
      changes.flatMap(({ signature, before, after }) =>
        after && before ? [{ balanceId, version: after.row.version, changedAt: after.row.changedAt.toISOString(), changedBy: after.row.changedBy, printedName: signature.printedName, reason: after.row.reason, changes: checkPlanChanges(before.data.checkPlan, after.data.checkPlan), signatureId: signature.id }] : [],
      ),
    );
  }
}
