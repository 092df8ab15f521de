import { describe, expect, it } from 'vitest';
import { RecipeSchema, type Recipe } from './recipe.ts';
import { describeRecipeChanges, longestCommonOrder, recipeChanges } from './recipe-diff.ts';

const kg = (amount: string) => ({ amount, unit: 'kg' as const });
const weigh = (stepId: string, lineId: string) => ({ stepId, type: 'weigh', name: `Weigh ${lineId}`, instruction: `Weigh line ${lineId}`, lineId, method: 'net', signatures: { performed: true, verified: true } });
const instruction = (stepId: string, name: string) => ({ stepId, type: 'instruction', name, instruction: name });

function recipe(patch: (r: Record<string, any>) => void = () => undefined): Recipe {
  const r: Record<string, any> = {
    recipeCode: 'R-BLEND',
    version: 1,
    status: 'draft',
    name: 'Blend',
    product: { code: 'FG-1', name: 'Tablets' },
    baseBatchSize: kg('35.000'),
    materialLines: [
      { lineId: 'L1', materialCode: 'MAT-A', quantity: kg('10.000'), tolerance: { type: 'percent', minus: '1', plus: '1' } },
      { lineId: 'L2', materialCode: 'MAT-B', quantity: kg('5.000'), tolerance: { type: 'percent', minus: '1', plus: '1' } },
    ],
    unitProcedures: [
      {
        unitProcedureId: 'UP-1',
        name: 'Dispensing',
        operations: [
          { operationId: 'OP-W', name: 'Weigh', steps: [weigh('S1', 'L1'), weigh('S2', 'L2')] },
          {
            operationId: 'OP-M',
            name: 'Mix',
            steps: [
              instruction('S3', 'Add A'),
              instruction('S4', 'Add B'),
              { stepId: 'S5', type: 'parameter', name: 'Temperature', instruction: 'Read it', parameter: { name: 'temperature', unit: '°C', min: '23', max: '27', decimals: 1 } },
            ],
          },
        ],
      },
    ],
  };
  patch(r);
  return RecipeSchema.parse(r);
}

describe('recipe diff in words', () => {
  it('FR-89 the same recipe has no changes', () => {
    expect(recipeChanges(recipe(), recipe())).toEqual([]);
  });

  it('FR-89 steps added, removed and moved read as sentences in en and zh-CN', () => {
    const b = recipe((r) => {
      const mix = r.unitProcedures[0].operations[1].steps;
      mix.splice(0, 2, instruction('S4', 'Add B'), instruction('S3', 'Add A'), instruction('S6', 'Stir 30 min'));
      mix.splice(mix.findIndex((s: { stepId: string }) => s.stepId === 'S5'), 1);
    });
    const changes = recipeChanges(recipe(), b);
    expect(describeRecipeChanges(changes, 'en')).toEqual([
      'Step S5 “Temperature” was removed from operation OP-M.',
      'Step S6 “Stir 30 min” was added to operation OP-M (position 3).',
      'Step S3 “Add A” moved from OP-M position 1 to OP-M position 2.',
    ]);
    expect(describeRecipeChanges(changes, 'zh-CN')).toEqual([
      '从操作 OP-M 中删除步骤 S5“Temperature”。',
      '在操作 OP-M 中新增步骤 S6“Stir 30 min”（第 3 位）。',
      '步骤 S3“Add A”由 OP-M 第 1 位移至 OP-M 第 2 位。',
    ]);
  });

  it('FR-89 a step moved to another operation, and an operation added, say where from and to', () => {
    const b = recipe((r) => {
      const [w, m] = r.unitProcedures[0].operations;
      const s3 = m.steps.shift();
      w.steps.push(s3);
      r.unitProcedures[0].operations.push({ operationId: 'OP-C', name: 'Clean', steps: [instruction('S9', 'Clean the blender')] });
    });
    expect(describeRecipeChanges(recipeChanges(recipe(), b), 'en')).toEqual([
      'Operation OP-C “Clean” was added to unit procedure UP-1 (position 3).',
      'Step S9 “Clean the blender” was added to operation OP-C (position 1).',
      'Step S3 “Add A” moved from OP-M position 1 to OP-W position 3.',
    ]);
  });

  it('FR-89 quantities, tolerances, limits and signatures read with their units', () => {
    const b = recipe((r) => {
      r.materialLines[0].quantity = kg('10.500');
      r.materialLines[1].tolerance = { type: 'percent', minus: '0.5', plus: '0.5' };
      r.materialLines.push({ lineId: 'L3', materialCode: 'MAT-C', quantity: kg('20.000'), tolerance: { type: 'absolute', minus: kg('0.1'), plus: kg('0.1') } });
      r.unitProcedures[0].operations[0].steps.push(weigh('S7', 'L3'));
      r.unitProcedures[0].operations[1].steps[2].parameter.max = '26';
      r.unitProcedures[0].operations[0].steps[1].signatures.verified = false;
      r.yieldLimits = { lowerPercent: '98', upperPercent: '101' };
    });
    const en = describeRecipeChanges(recipeChanges(recipe(), b), 'en');
    expect(en).toEqual([
      'The recipe’s yield limits changed from none to 98 %–101 %.',
      'Step S7 “Weigh L3” was added to operation OP-W (position 3).',
      'Step S2 “Weigh L2”: “verified” signature required changed from yes to no.',
      'Step S5 “Temperature”: upper limit changed from 27 to 26.',
      'Material line L1 (MAT-A): quantity changed from 10.000 kg to 10.500 kg.',
      'Material line L2 (MAT-B): tolerance changed from −1 % / +1 % to −0.5 % / +0.5 %.',
      'Material line L3 (MAT-C, 20.000 kg) was added.',
    ]);
    const zh = describeRecipeChanges(recipeChanges(recipe(), b), 'zh-CN');
    expect(zh[0]).toBe('配方的收率限度由 无 改为 98 %–101 %。');
    expect(zh[3]).toBe('步骤 S5“Temperature”：上限由 27 改为 26。');
    expect(zh[4]).toBe('物料行 L1（MAT-A）：数量由 10.000 kg 改为 10.500 kg。');
  });

  it('FR-89 removed unit procedures and lines, and a reordered tree, are named', () => {
    const base = recipe((r) => r.unitProcedures.push({ unitProcedureId: 'UP-2', name: 'Packing', operations: [{ operationId: 'OP-P', name: 'Pack', steps: [instruction('S8', 'Pack')] }] }));
    const swapped = recipe((r) => r.unitProcedures.unshift({ unitProcedureId: 'UP-2', name: 'Packing', operations: [{ operationId: 'OP-P', name: 'Pack', steps: [instruction('S8', 'Pack')] }] }));
    expect(describeRecipeChanges(recipeChanges(base, swapped), 'en')).toEqual(['Unit procedure UP-1 “Dispensing” moved from position 1 to 2.']);
    expect(describeRecipeChanges(recipeChanges(base, recipe()), 'en')).toEqual([
      'Unit procedure UP-2 “Packing” was removed.',
      'Operation OP-P “Pack” was removed from unit procedure UP-2.',
      'Step S8 “Pack” was removed from operation OP-P.',
    ]);
  });

  it('longest common order keeps what did not move', () => {
    // a and b swapped: one of them moved, c and d did not
    expect(longestCommonOrder(['a', 'b', 'c', 'd'], ['b', 'a', 'c', 'd'])).toEqual(['b', 'c', 'd']);
    expect(longestCommonOrder(['a', 'b', 'c'], ['c', 'a', 'b'])).toEqual(['a', 'b']);
    expect(longestCommonOrder([], ['a'])).toEqual([]);
  });
});
