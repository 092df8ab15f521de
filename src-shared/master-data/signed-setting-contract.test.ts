/**
 * The wire of the signed settings (FR-121 equipment plans, FR-123 balance check plans): what each
 * request, row and change schema accepts (as parsed, key order included), what it refuses (each
 * issue's code, path and words), what the hub documents of it (its OpenAPI JSON schema, as
 * src-server/http/zod-schema.ts converts it) and which settings a change lists. Recorded from the
 * two hand-written contracts before they were derived from one signed-setting contract
 * (signed-setting-contract.ts): the derived ones must answer every input the same.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BalanceCheckPlanChangeSchema, BalanceCheckPlanRowSchema, BalanceCheckPlanSchema, ChangeBalanceCheckPlanSchema, checkPlanChanges, type BalanceCheckPlan } from '../equipment/balance-check-plan-contract.ts';
import { ChangeEquipmentPlanSchema, EquipmentPlanChangeSchema, EquipmentPlanRowSchema, EquipmentPlanSchema, planChanges, type EquipmentPlan } from '../equipment/equipment-plan-contract.ts';

const plan: EquipmentPlan = {
  calibration: { required: true, intervalDays: 180, nextDueAt: '2027-01-10T00:00:00.000Z' },
  maintenance: { required: false, intervalDays: null, nextDueAt: null },
  requalificationDueAt: null,
  cleanHoldHours: 72,
  dirtyHoldHours: 24,
  changeover: { sameProduct: 'minor', otherProduct: 'major' },
};
const checkPlan: BalanceCheckPlan = {
  id: 'CP-1',
  points: [
    { testWeight: 'W-1', nominal: { amount: '100.000', unit: 'g' }, acceptance: { amount: '0.010', unit: 'g' } },
    { testWeight: 'W-2', nominal: { amount: '1.000', unit: 'kg' }, acceptance: { amount: '0.100', unit: 'g' } },
  ],
  validForHours: 24,
};
const signed = { expectedVersion: 3, reason: 'new calibration interval per SOP-12', password: 'pw' };
const changed = { version: 4, changedAt: '2026-12-01T08:00:00.000Z', changedBy: 'qa.lin', printedName: 'Lin QA', reason: 'new calibration interval per SOP-12', changes: [{ field: 'calibration.intervalDays', before: 180, after: 90 }], signatureId: 7 };

/** Each input's answer: the parsed value as the wire carries it, or each refusal's code, path and words. */
function answers(schema: z.ZodType, inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, input]) => {
      const r = schema.safeParse(input);
      return [name, r.success ? { ok: JSON.stringify(r.data) } : { refused: r.error.issues.map((i) => ({ code: i.code, path: i.path.join('.'), message: i.message })) }];
    }),
  );
}
const documented = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });

describe('the signed settings wire', () => {
  it('FR-121 the equipment plan change, its rows and its signed changes parse, refuse and are documented as before the one signed-setting contract', async () => {
    const wire = {
      request: answers(ChangeEquipmentPlanSchema, {
        valid: { plan, ...signed },
        extraTopLevel: { plan, ...signed, note: 'x' },
        unknownPlanKey: { plan: { ...plan, colour: 'red' }, ...signed },
        requiredWithoutDue: { plan: { ...plan, maintenance: { required: true, intervalDays: 30, nextDueAt: null } }, ...signed },
        shortReason: { plan, ...signed, reason: 'short' },
        paddedReason: { plan, ...signed, reason: '   a reason of ten or more   ' },
        staleVersion0: { plan, ...signed, expectedVersion: 0 },
        noPassword: { plan, ...signed, password: '' },
        holdTooLong: { plan: { ...plan, cleanHoldHours: 24 * 367 }, ...signed },
        badLevel: { plan: { ...plan, changeover: { sameProduct: 'huge', otherProduct: 'none' } }, ...signed },
        nothing: {},
      }),
      row: answers(EquipmentPlanRowSchema, {
        valid: { equipmentId: 'MIX-1', name: 'Mixer', class: 'mixer', location: 'R1', version: 3, plan, extra: true },
        unknownPlanKey: { equipmentId: 'MIX-1', name: 'Mixer', class: 'mixer', location: 'R1', version: 3, plan: { ...plan, colour: 'red' } },
        noLocation: { equipmentId: 'MIX-1', name: 'Mixer', class: 'mixer', version: 3, plan },
      }),
      change: answers(EquipmentPlanChangeSchema, {
        valid: { equipmentId: 'MIX-1', ...changed, extra: 1 },
        noPrintedName: { equipmentId: 'MIX-1', ...changed, printedName: null },
        noId: { ...changed },
        fractionalVersion: { equipmentId: 'MIX-1', ...changed, version: 4.5 },
      }),
      changes: [
        planChanges(plan, plan),
        planChanges(plan, { ...plan, calibration: { ...plan.calibration, intervalDays: 90 }, cleanHoldHours: 48, changeover: { sameProduct: 'none', otherProduct: 'major' } }),
        planChanges(plan, { ...plan, maintenance: { required: true, intervalDays: 30, nextDueAt: '2027-02-01T00:00:00.000Z' }, requalificationDueAt: '2028-01-01T00:00:00.000Z' }),
      ],
      documented: [EquipmentPlanSchema, ChangeEquipmentPlanSchema, EquipmentPlanRowSchema, EquipmentPlanChangeSchema].map(documented),
    };
    await expect(JSON.stringify(wire, null, 1)).toMatchFileSnapshot('./__snapshots__/equipment-plan-wire.json');
  });

  it('FR-123 the balance check-plan change, its rows and its signed changes parse, refuse and are documented as before the one signed-setting contract', async () => {
    const wire = {
      request: answers(ChangeBalanceCheckPlanSchema, {
        valid: { checkPlan, ...signed },
        extraTopLevel: { checkPlan, ...signed, note: 'x' },
        unknownPlanKey: { checkPlan: { ...checkPlan, colour: 'red' }, ...signed },
        noPoints: { checkPlan: { ...checkPlan, points: [] }, ...signed },
        badId: { checkPlan: { ...checkPlan, id: ' bad id' }, ...signed },
        validTooLong: { checkPlan: { ...checkPlan, validForHours: 24 * 32 }, ...signed },
        shortReason: { checkPlan, ...signed, reason: 'short' },
        staleVersion0: { checkPlan, ...signed, expectedVersion: 0 },
        noPassword: { checkPlan, ...signed, password: '' },
        nothing: {},
      }),
      row: answers(BalanceCheckPlanRowSchema, {
        valid: { balanceId: 'BAL-1', name: 'Balance', model: 'XS205', boothId: null, version: 2, checkPlan, extra: true },
        unknownPlanKeyListed: { balanceId: 'BAL-1', name: 'Balance', model: 'XS205', boothId: 'B-1', version: 2, checkPlan: { ...checkPlan, colour: 'red' } },
        noBooth: { balanceId: 'BAL-1', name: 'Balance', model: 'XS205', version: 2, checkPlan },
      }),
      change: answers(BalanceCheckPlanChangeSchema, {
        valid: { balanceId: 'BAL-1', ...changed, changes: [{ field: 'checkPlan.id', before: 'CP-1', after: 'CP-2' }], extra: 1 },
        noId: { ...changed },
        noChanges: { balanceId: 'BAL-1', ...changed, changes: undefined },
      }),
      changes: [
        checkPlanChanges(checkPlan, checkPlan),
        checkPlanChanges(checkPlan, { ...checkPlan, id: 'CP-2', points: [checkPlan.points[0]!], validForHours: 12 }),
        checkPlanChanges(checkPlan, { ...checkPlan, points: [checkPlan.points[0]!, { ...checkPlan.points[1]!, acceptance: { amount: '0.200', unit: 'g' } }] }),
      ],
      documented: [BalanceCheckPlanSchema, ChangeBalanceCheckPlanSchema, BalanceCheckPlanRowSchema, BalanceCheckPlanChangeSchema].map(documented),
    };
    await expect(JSON.stringify(wire, null, 1)).toMatchFileSnapshot('./__snapshots__/balance-check-plan-wire.json');
  });
});
