import { describe, expect, test } from 'vitest';
import { RecipeSchema, recipeSteps } from './recipe.ts';
import { STEP_TYPES } from './recipe-step.ts';

const base = {
  recipeCode: 'R1',
  version: 1,
  status: 'effective',
  name: 'R',
  product: { code: 'P', name: 'P' },
  baseBatchSize: { amount: '1', unit: 'kg' },
  materialLines: [
    { lineId: 'L1', materialCode: 'M1', quantity: { amount: '100', unit: 'g' }, tolerance: { type: 'percent', minus: '1', plus: '1' } },
    { lineId: 'L2', materialCode: 'M2', quantity: { amount: '900', unit: 'g' }, tolerance: { type: 'absolute', minus: { amount: '5', unit: 'g' }, plus: { amount: '2', unit: 'g' } }, compensatesFor: 'L1' },
  ],
  unitProcedures: [
    {
      unitProcedureId: 'U1',
      name: 'U',
      operations: [
        {
          operationId: 'O1',
          name: 'O',
          steps: [
            { stepId: 'S1', type: 'instruction', name: 'i', instruction: 'Read me' },
            { stepId: 'S2', type: 'weigh', name: 'w', instruction: 'Weigh', signatures: { performed: true, verified: true }, lineId: 'L1', method: 'net' },
            { stepId: 'S3', type: 'weigh', name: 'w', instruction: 'Weigh', signatures: { performed: true, verified: false }, lineId: 'L2', method: 'gross' },
          ],
        },
      ],
    },
  ],
};

describe('recipe schema (ISA-88 procedure as data)', () => {
  test('a valid recipe parses with defaults; steps come out in procedural order', () => {
    const r = RecipeSchema.parse(base);
    expect(recipeSteps(r).map((s) => `${s.unitProcedureId}/${s.operationId}/${s.step.stepId}`)).toEqual(['U1/O1/S1', 'U1/O1/S2', 'U1/O1/S3']);
    expect(r.unitProcedures[0]!.operations[0]!.steps[0]!.signatures).toEqual({ performed: false, verified: false });
    expect(STEP_TYPES).toHaveLength(13); // + form (issue 14 item 2)
  });

  const broken = (mutate: (r: typeof base) => void) => {
    const r = structuredClone(base);
    mutate(r);
    const parsed = RecipeSchema.safeParse(r);
    return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
  };

  test.each([
    ['a weigh step naming an unknown line', (r: typeof base) => ((r.unitProcedures[0]!.operations[0]!.steps[1] as { lineId: string }).lineId = 'L9'), /unknown material line "L9"/],
    ['a line without a weigh step', (r: typeof base) => r.unitProcedures[0]!.operations[0]!.steps.pop(), /"L2" has no weigh step/],
    ['a step id twice', (r: typeof base) => (r.unitProcedures[0]!.operations[0]!.steps[2]!.stepId = 'S2'), /step "S2" appears twice/],
    ['a weighing without a performed signature', (r: typeof base) => ((r.unitProcedures[0]!.operations[0]!.steps[2] as { signatures: object }).signatures = { performed: false, verified: false }), /must require a performed signature/],
    ['a filler weighed before what it compensates', (r: typeof base) => r.unitProcedures[0]!.operations[0]!.steps.reverse(), /must be weighed after "L1"/],
    ['a charge of a line before its weighing (FR-25)', (r: typeof base) => r.unitProcedures[0]!.operations[0]!.steps.splice(1, 0, { stepId: 'C1', type: 'charge', name: 'c', instruction: 'Charge', lineIds: ['L1'] } as never), /charges line "L1" before it is weighed/],
    ['a line charged by two steps (FR-25)', (r: typeof base) => r.unitProcedures[0]!.operations[0]!.steps.push({ stepId: 'C1', type: 'charge', name: 'c', instruction: 'Charge', lineIds: ['L1'] } as never, { stepId: 'C2', type: 'charge', name: 'c', instruction: 'Charge', lineIds: ['L1', 'L2'] } as never), /"L1" is charged by two steps/],
    ['a kit for a step that is not a charge (FR-23)', (r: typeof base) => r.unitProcedures[0]!.operations[0]!.steps.push({ stepId: 'K1', type: 'kit', name: 'k', instruction: 'Kit', forStepId: 'S1' } as never), /kit step "K1" names "S1", which is not a charge step/],
    ['a negative quantity', (r: typeof base) => (r.materialLines[0]!.quantity.amount = '-1'), /greater than zero/],
  ])('refuses %s', (_name, mutate, message) => {
    expect(broken(mutate).join('; ')).toMatch(message);
  });
});
