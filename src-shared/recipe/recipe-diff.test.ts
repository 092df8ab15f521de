import { describe, expect, it } from 'vitest';
import { RecipeSchema, type Recipe } from './recipe.ts';
import { describeRecipeChanges, fieldWords, longestCommonOrder, recipeChanges } from './recipe-diff.ts';
import { STEP_TYPES, type StepType } from './recipe-step.ts';

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

// ------------------------------------------------------------------ form steps and every field (issue 14)

const formStep = (patch: (f: Record<string, any>) => void = () => undefined) => {
  const form: Record<string, any> = {
    schema: {
      type: 'object',
      title: 'Granulation',
      properties: {
        temp: { type: 'number', title: 'Temperature', minimum: 20, maximum: 25, 'x-unit': '°C' },
        water: { type: 'number', title: 'Water', minimum: 0, 'x-unit': 'kg' },
        total: { type: 'number', title: 'Total', readOnly: true, 'x-unit': 'kg' },
      },
      required: ['temp', 'water'],
    },
    calculations: [{ field: 'total', expression: 'water * 2' }],
    fieldRoles: { temp: ['operator'] },
    signatures: ['performed'],
  };
  patch(form);
  return { stepId: 'S6', type: 'form', name: 'Granulate', instruction: 'Fill in the form', signatures: { performed: true, verified: false }, form };
};
const withForm = (patch?: (f: Record<string, any>) => void) => recipe((r) => r.unitProcedures[0].operations[1].steps.push(formStep(patch)));

describe('recipe diff in words: form steps and every field of every step type', () => {
  it('FR-89 a form step: fields added, removed and changed, limits, units, calculations, roles and signatures in en and zh-CN', () => {
    const b = withForm((f) => {
      delete f.schema.properties.water;
      f.schema.required = ['temp'];
      f.schema.properties.temp.maximum = 24;
      f.schema.properties.temp['x-unit'] = 'K';
      f.schema.properties.mass = { type: 'number', title: 'Mass', exclusiveMinimum: 0, 'x-unit': 'g' };
      f.schema.required.push('mass');
      f.calculations = [{ field: 'total', expression: 'mass / 1000' }];
      f.fieldRoles = { temp: ['operator', 'supervisor'] };
      f.signatures = ['performed', 'verified'];
    });
    const changes = recipeChanges(withForm(), b);
    expect(describeRecipeChanges(changes, 'en')).toEqual([
      'Step S6 “Granulate”: form field water was removed (Water: number, ≥ 0 kg, required).',
      'Step S6 “Granulate”: form field temp: upper limit changed from 25 to 24.',
      'Step S6 “Granulate”: form field temp: unit changed from °C to K.',
      'Step S6 “Granulate”: form field mass was added (Mass: number, > 0 g, required).',
      'Step S6 “Granulate”: the calculation of form field total changed from water * 2 to mass / 1000.',
      'Step S6 “Granulate”: the roles that may fill form field temp changed from operator to operator, supervisor.',
      'Step S6 “Granulate”: signatures that complete the form changed from performed to performed, verified.',
    ]);
    expect(describeRecipeChanges(changes, 'zh-CN')).toEqual([
      '步骤 S6“Granulate”：删除表单字段 water（Water: 数值, ≥ 0 kg, 必填）。',
      '步骤 S6“Granulate”：表单字段 temp 的上限由 25 改为 24。',
      '步骤 S6“Granulate”：表单字段 temp 的单位由 °C 改为 K。',
      '步骤 S6“Granulate”：新增表单字段 mass（Mass: 数值, > 0 g, 必填）。',
      '步骤 S6“Granulate”：表单字段 total 的计算式由 water * 2 改为 mass / 1000。',
      '步骤 S6“Granulate”：可填写表单字段 temp 的角色由 operator 改为 operator, supervisor。',
      '步骤 S6“Granulate”：完成表单所需的签名由 执行 改为 执行, 复核。',
    ]);
    const c = recipeChanges(b, withForm((f) => (f.calculations = [])));
    expect(describeRecipeChanges(c, 'en')).toContain('Step S6 “Granulate”: form field total is no longer calculated (was mass / 1000).');
    expect(describeRecipeChanges(recipeChanges(withForm((f) => (f.calculations = [])), withForm()), 'zh-CN')).toEqual(['步骤 S6“Granulate”：表单字段 total 改为按 water * 2 计算。']);
  });

  it('FR-89 every attribute of a form field, the required flag, titles, layout and zh-CN labels have words in both languages', () => {
    const all = { type: 'string', title: 'A', description: 'd', minimum: 1, maximum: 2, exclusiveMinimum: 0, exclusiveMaximum: 3, multipleOf: 1, minLength: 1, maxLength: 2, enum: ['x'], const: 'x', default: 'x', readOnly: true, 'x-unit': 'kg', 'x-decimals': 1 };
    const changed = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, typeof v === 'number' ? v + 1 : typeof v === 'boolean' ? !v : Array.isArray(v) ? ['y'] : k === 'type' ? 'number' : `${v}2`]));
    // Set after parsing: the diff words every attribute, whether or not this combination would be accepted.
    const formOf = (r: Recipe) => (r.unitProcedures[0]!.operations[1]!.steps[3] as any).form;
    const a = withForm();
    formOf(a).schema.properties.temp = all;
    const b = withForm((f) => {
      f.schema.required = ['water'];
      f.schema.title = 'Granulation 2';
      f.uiSchema = { 'ui:order': ['water', 'temp', 'total'] };
      f.i18n = { 'zh-CN': { title: '制粒', fields: { temp: { title: '温度' } } } };
    });
    formOf(b).schema.properties.temp = changed;
    const changes = recipeChanges(a, b);
    expect(changes.length).toBeGreaterThan(Object.keys(all).length);
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const ch of changes) if (ch.field !== undefined) expect(fieldWords(ch.field, lang), `${lang} ${ch.field}`).toBeDefined();
    }
    const zh = describeRecipeChanges(changes, 'zh-CN');
    expect(zh).toContain('步骤 S6“Granulate”：表单字段 temp 的类型由 文本 改为 数值。');
    expect(zh).toContain('步骤 S6“Granulate”：表单字段 temp 的必填由 是 改为 否。');
    expect(zh).toContain('步骤 S6“Granulate”：表单中文标题由 无 改为 制粒。');
    const cond = withForm((f) => {
      f.schema.properties.kind = { type: 'string', enum: ['a', 'other'] };
      f.schema.allOf = [{ if: { properties: { kind: { const: 'other' } } }, then: { properties: { detail: { type: 'string', title: 'Detail' } }, required: ['detail'] } }];
    });
    const condChanges = recipeChanges(withForm((f) => (f.schema.properties.kind = { type: 'string', enum: ['a', 'other'] })), cond);
    expect(describeRecipeChanges(condChanges, 'en')).toEqual(['Step S6 “Granulate”: conditional fields changed from none to when kind = "other": fields detail, required detail.']);
    expect(describeRecipeChanges(condChanges, 'zh-CN')).toEqual(['步骤 S6“Granulate”：条件字段由 无 改为 当 kind = "other" 时，字段 detail, 必填 detail。']);
  });

  it('FR-89 every field of every step type and of a check plan has words in en and zh-CN (a new field without words fails here)', () => {
    const samples: Record<StepType, Record<string, unknown>> = {
      instruction: { type: 'instruction', equipmentClass: 'mixer' },
      'line-clearance': { type: 'line-clearance', checklist: [{ itemId: 'C1', text: 'Clean' }] },
      'equipment-check': { type: 'equipment-check', checklist: [{ itemId: 'C1', text: 'Clean' }], balanceIds: ['B1'], equipmentClasses: ['mixer'] },
      'scan-material': { type: 'scan-material', lineId: 'L1' },
      weigh: { type: 'weigh', lineId: 'L1', method: 'net' },
      parameter: { type: 'parameter', equipmentClass: 'mixer', parameter: { name: 't', unit: '°C', min: null, max: '2', decimals: 1 } },
      ipc: { type: 'ipc', equipmentClass: 'mixer', check: { name: 'pH', unit: 'pH', lower: '1', upper: '2', decimals: 1 } },
      timer: { type: 'timer', equipmentClass: 'mixer', durationSeconds: 60, maxSeconds: null },
      label: { type: 'label', labelKind: 'batch-status', lineId: null },
      signature: { type: 'signature', meaning: 'verified', statement: 'I confirm' },
      kit: { type: 'kit', forStepId: null, receiverSigns: true },
      charge: { type: 'charge', lineIds: ['L1'], equipmentClass: 'mixer' },
      form: { type: 'form' },
    };
    expect(Object.keys(samples).sort()).toEqual([...STEP_TYPES].sort());
    const base = { stepId: 'SX', name: 'n', instruction: 'i', signatures: { performed: true, verified: false } };
    const plan = { schemaVersion: 1, checkId: 'K1', name: 'pH', unit: 'pH', source: 'typed', frequency: { every: 'minutes', minutes: 30, graceMinutes: 5 }, sampleSize: 1, decimals: 1, specification: { lower: '1', upper: '2' }, control: { center: '1.5', lcl: '1', ucl: '2' }, rules: ['WE1'] };
    const mutate = (v: unknown): unknown => {
      if (v === null) return '1';
      if (typeof v === 'string') return `${v}2`;
      if (typeof v === 'number') return v + 1;
      if (typeof v === 'boolean') return !v;
      if (Array.isArray(v)) return [...v.map(mutate), mutate(v[0])];
      return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, k === 'type' ? x : mutate(x)]));
    };
    const r = (steps: unknown[], plans: unknown[]) => ({ ...recipe(), unitProcedures: [{ unitProcedureId: 'U', name: 'U', operations: [{ operationId: 'O', name: 'O', steps }] }], checkPlans: plans }) as unknown as Recipe;
    const before: Record<string, unknown>[] = Object.entries(samples).filter(([t]) => t !== 'form').map(([t, s]) => ({ ...base, ...s, stepId: t }));
    const after = before.map((s) => ({ ...(mutate(s) as object), stepId: s.stepId, type: s.type }));
    const changes = recipeChanges(r(before, [plan]), r(after, [{ ...(mutate(plan) as object), checkId: 'K1' }]));
    expect(changes.filter((c) => c.code === 'check-plan-changed').length).toBeGreaterThanOrEqual(12);
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const c of changes) if (c.field !== undefined) expect(fieldWords(c.field, lang), `${lang} ${c.id} ${c.field}`).toBeDefined();
    }
    expect(describeRecipeChanges(changes, 'zh-CN')).toContain('步骤 line-clearance“n2”：检查清单第 1 项的内容由 Clean 改为 Clean2。');
  });
});
