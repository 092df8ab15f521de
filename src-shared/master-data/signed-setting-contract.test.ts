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

describe('EquipmentPlanSchema', () => {
  it('FR-121 a required plan without a next due date is refused before anyone signs, as the hub refuses it; a plan not required needs none', () => {
    expect(EquipmentPlanSchema.safeParse(plan).success).toBe(true);
    const missing = EquipmentPlanSchema.safeParse({ ...plan, calibration: { ...plan.calibration, nextDueAt: null } });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['calibration.nextDueAt', 'a required plan has a next due date']]);
  });
});

/** The change requests every signed setting answers, then its own: `own` names settings put in place of the valid setting's. */
function requests(name: string, setting: object, own: Record<string, object>): Record<string, unknown> {
  return {
    valid: { [name]: setting, ...signed },
    extraTopLevel: { [name]: setting, ...signed, note: 'x' },
    unknownSettingKey: { [name]: { ...setting, colour: 'red' }, ...signed },
    shortReason: { [name]: setting, ...signed, reason: 'short' },
    paddedReason: { [name]: setting, ...signed, reason: '   a reason of ten or more   ' },
    staleVersion0: { [name]: setting, ...signed, expectedVersion: 0 },
    noPassword: { [name]: setting, ...signed, password: '' },
    nothing: {},
    ...Object.fromEntries(Object.entries(own).map(([k, v]) => [k, { [name]: { ...setting, ...v }, ...signed }])),
  };
}

/** A signed setting's wire on these inputs: its answers, the settings its changes list, its OpenAPI schemas. */
function wire(c: { setting: z.ZodType; change: z.ZodType; row: z.ZodType; changed: z.ZodType }, inputs: { requests: Record<string, unknown>; rows: Record<string, unknown>; changed: Record<string, unknown> }, changes: unknown[]): string {
  const answered = { request: answers(c.change, inputs.requests), row: answers(c.row, inputs.rows), change: answers(c.changed, inputs.changed), changes, documented: [c.setting, c.change, c.row, c.changed].map(documented) };
  return JSON.stringify(answered, null, 1);
}

describe('the signed settings wire', () => {
  it('FR-121 the equipment plan change, its rows and its signed changes parse, refuse and are documented as before the one signed-setting contract', async () => {
    const row = { equipmentId: 'MIX-1', name: 'Mixer', class: 'mixer', location: 'R1', version: 3, plan };
    const answered = wire(
      { setting: EquipmentPlanSchema, change: ChangeEquipmentPlanSchema, row: EquipmentPlanRowSchema, changed: EquipmentPlanChangeSchema },
      {
        requests: requests('plan', plan, {
          requiredWithoutDue: { maintenance: { required: true, intervalDays: 30, nextDueAt: null } },
          holdTooLong: { cleanHoldHours: 24 * 367 },
          badLevel: { changeover: { sameProduct: 'huge', otherProduct: 'none' } },
        }),
        rows: { valid: { ...row, extra: true }, unknownPlanKey: { ...row, plan: { ...plan, colour: 'red' } }, noLocation: { ...row, location: undefined } },
        changed: { valid: { equipmentId: 'MIX-1', ...changed, extra: 1 }, noPrintedName: { equipmentId: 'MIX-1', ...changed, printedName: null }, noId: { ...changed }, fractionalVersion: { equipmentId: 'MIX-1', ...changed, version: 4.5 } },
      },
      [
        planChanges(plan, plan),
        planChanges(plan, { ...plan, calibration: { ...plan.calibration, intervalDays: 90 }, cleanHoldHours: 48, changeover: { sameProduct: 'none', otherProduct: 'major' } }),
        planChanges(plan, { ...plan, maintenance: { required: true, intervalDays: 30, nextDueAt: '2027-02-01T00:00:00.000Z' }, requalificationDueAt: '2028-01-01T00:00:00.000Z' }),
      ],
    );
    await expect(answered).toMatchFileSnapshot('./__snapshots__/equipment-plan-wire.json');
  });

  it('FR-123 the balance check-plan change, its rows and its signed changes parse, refuse and are documented as before the one signed-setting contract', async () => {
    const row = { balanceId: 'BAL-1', name: 'Balance', model: 'XS205', boothId: null, version: 2, checkPlan };
    const answered = wire(
      { setting: BalanceCheckPlanSchema, change: ChangeBalanceCheckPlanSchema, row: BalanceCheckPlanRowSchema, changed: BalanceCheckPlanChangeSchema },
      {
        requests: requests('checkPlan', checkPlan, { noPoints: { points: [] }, badId: { id: ' bad id' }, validTooLong: { validForHours: 24 * 32 } }),
        rows: { valid: { ...row, extra: true }, unknownPlanKeyListed: { ...row, boothId: 'B-1', checkPlan: { ...checkPlan, colour: 'red' } }, noBooth: { ...row, boothId: undefined } },
        changed: { valid: { balanceId: 'BAL-1', ...changed, changes: [{ field: 'checkPlan.id', before: 'CP-1', after: 'CP-2' }], extra: 1 }, noId: { ...changed }, noChanges: { balanceId: 'BAL-1', ...changed, changes: undefined } },
      },
      [
        checkPlanChanges(checkPlan, checkPlan),
        checkPlanChanges(checkPlan, { ...checkPlan, id: 'CP-2', points: [checkPlan.points[0]!], validForHours: 12 }),
        checkPlanChanges(checkPlan, { ...checkPlan, points: [checkPlan.points[0]!, { ...checkPlan.points[1]!, acceptance: { amount: '0.200', unit: 'g' } }] }),
      ],
    );
    await expect(answered).toMatchFileSnapshot('./__snapshots__/balance-check-plan-wire.json');
  });
});
