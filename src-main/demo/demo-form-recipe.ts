/**
 * The seed's step forms (issue 14 item 2), written as data only — JSON Schema, UI schema,
 * calculations, field roles, conditions, signatures, zh-CN labels — no code:
 * - a line clearance checklist (the release for the next batch only by a supervisor or QA);
 * - blending at 25 ± 2 °C: A, B and C added in that order (10 kg, 5 kg, 20 kg), the total
 *   calculated in exact decimals and held to its own limits, then 30 minutes of stirring (the
 *   existing timer step);
 * - a cleaning record (a swab sample id asked only after a major cleaning; the detergent
 *   concentration calculated).
 * The same steps are the test fixture test/fixtures/forms/blend-recipe.json (a test keeps the
 * two equal), and the demo's recipe BLEND-DEMO runs them.
 */
import type { Recipe } from '../../src-shared/recipe/recipe.ts';
import type { RecipeStep } from '../../src-shared/recipe/recipe-step.ts';

export const DEMO_FORM_RECIPE = 'BLEND-DEMO';

const both = { performed: true, verified: true };

export const LINE_CLEARANCE_FORM_STEP = {
  stepId: 'F10',
  type: 'form',
  name: 'Line clearance',
  instruction: 'Walk the room: nothing of the previous batch may remain. Tick each item only after checking it yourself.',
  signatures: both,
  form: {
    schema: {
      type: 'object',
      title: 'Line clearance',
      properties: {
        previousBatch: { type: 'string', title: 'Previous batch in the room', minLength: 1, maxLength: 40 },
        materialsRemoved: { type: 'boolean', title: 'Materials of the previous batch removed', const: true },
        labelsRemoved: { type: 'boolean', title: 'Labels and documents of the previous batch removed', const: true },
        equipmentClean: { type: 'boolean', title: 'Equipment clean and labelled "clean"', const: true },
        remarks: { type: 'string', title: 'Remarks', maxLength: 500 },
        releasedForNextBatch: { type: 'boolean', title: 'Room released for the next batch' },
      },
      required: ['previousBatch', 'materialsRemoved', 'labelsRemoved', 'equipmentClean'],
    },
    uiSchema: { 'ui:order': ['previousBatch', 'materialsRemoved', 'labelsRemoved', 'equipmentClean', 'remarks', 'releasedForNextBatch'], remarks: { 'ui:widget': 'textarea' } },
    calculations: [],
    fieldRoles: { releasedForNextBatch: ['supervisor', 'qa'] },
    signatures: ['performed', 'verified'],
    i18n: {
      'zh-CN': {
        title: '清场',
        fields: {
          previousBatch: { title: '房间内的上一批次' },
          materialsRemoved: { title: '上一批次的物料已移出' },
          labelsRemoved: { title: '上一批次的标签和文件已移出' },
          equipmentClean: { title: '设备已清洁并挂"已清洁"标识' },
          remarks: { title: '备注' },
          releasedForNextBatch: { title: '房间已放行用于下一批次' },
        },
      },
    },
  },
};

export const BLENDING_FORM_STEP = {
  stepId: 'F20',
  type: 'form',
  name: 'Blending',
  instruction: 'Keep the product at 25 ± 2 °C. Add A (10 kg), then B (5 kg), then C (20 kg), in this order, and record each mass as charged; then start the stirrer.',
  signatures: both,
  form: {
    schema: {
      type: 'object',
      title: 'Blending',
      properties: {
        temperature: { type: 'number', title: 'Product temperature', minimum: 23, maximum: 27, multipleOf: 0.1, 'x-unit': '°C' },
        massA: { type: 'number', title: 'A added (first)', minimum: 9.95, maximum: 10.05, 'x-unit': 'kg' },
        massB: { type: 'number', title: 'B added (second)', minimum: 4.975, maximum: 5.025, 'x-unit': 'kg' },
        massC: { type: 'number', title: 'C added (third)', minimum: 19.9, maximum: 20.1, 'x-unit': 'kg' },
        addedInOrder: { type: 'boolean', title: 'A, B and C were added in this order', const: true },
        totalMass: { type: 'number', title: 'Total charged', readOnly: true, minimum: 34.9, maximum: 35.1, 'x-unit': 'kg', 'x-decimals': 3 },
        stirrerSpeed: { type: 'integer', title: 'Stirrer speed', minimum: 50, maximum: 70, 'x-unit': 'rpm' },
      },
      required: ['temperature', 'massA', 'massB', 'massC', 'addedInOrder', 'totalMass', 'stirrerSpeed'],
    },
    uiSchema: { 'ui:order': ['temperature', 'massA', 'massB', 'massC', 'addedInOrder', 'totalMass', 'stirrerSpeed'] },
    calculations: [{ field: 'totalMass', expression: 'massA + massB + massC' }],
    fieldRoles: {},
    signatures: ['performed', 'verified'],
    i18n: {
      'zh-CN': {
        title: '混合',
        fields: {
          temperature: { title: '物料温度' },
          massA: { title: 'A 加入量（第一）' },
          massB: { title: 'B 加入量（第二）' },
          massC: { title: 'C 加入量（第三）' },
          addedInOrder: { title: 'A、B、C 已按此顺序加入' },
          totalMass: { title: '投料总量' },
          stirrerSpeed: { title: '搅拌转速' },
        },
      },
    },
  },
};

export const STIRRING_TIMER_STEP = {
  stepId: 'F30',
  type: 'timer',
  name: 'Stirring',
  instruction: 'Stir for 30 minutes at the recorded speed; stop the timer when the time is up.',
  signatures: { performed: false, verified: false },
  durationSeconds: 1800,
  maxSeconds: 2100,
} as const;

export const CLEANING_FORM_STEP = {
  stepId: 'F40',
  type: 'form',
  name: 'Cleaning record',
  instruction: 'Clean the blender as the cleaning SOP says and record the cleaning.',
  signatures: both,
  form: {
    schema: {
      type: 'object',
      title: 'Cleaning record',
      properties: {
        equipmentId: { type: 'string', title: 'Equipment', minLength: 2, maxLength: 40 },
        cleaningType: { type: 'string', title: 'Cleaning', enum: ['minor', 'major'] },
        agent: { type: 'string', title: 'Cleaning agent', enum: ['purified-water', 'detergent', 'ethanol-70'] },
        detergentMl: { type: 'number', title: 'Detergent used', minimum: 0, maximum: 2000, 'x-unit': 'mL' },
        waterL: { type: 'number', title: 'Water used', minimum: 1, maximum: 500, 'x-unit': 'L' },
        concentration: { type: 'number', title: 'Detergent concentration', readOnly: true, minimum: 0, maximum: 2, 'x-unit': '%', 'x-decimals': 3 },
        durationMin: { type: 'integer', title: 'Duration', minimum: 10, maximum: 240, 'x-unit': 'min' },
        rinseConductivity: { type: 'number', title: 'Final rinse conductivity', exclusiveMinimum: 0, maximum: 5.1, 'x-unit': 'µS/cm' },
        visuallyClean: { type: 'boolean', title: 'Visually clean', const: true },
      },
      required: ['equipmentId', 'cleaningType', 'agent', 'detergentMl', 'waterL', 'durationMin', 'rinseConductivity', 'visuallyClean'],
      allOf: [
        {
          if: { properties: { cleaningType: { const: 'major' } }, required: ['cleaningType'] },
          then: { properties: { swabId: { type: 'string', title: 'Swab sample id', minLength: 3, maxLength: 30 } }, required: ['swabId'] },
        },
      ],
    },
    uiSchema: { 'ui:order': ['equipmentId', 'cleaningType', 'agent', 'detergentMl', 'waterL', 'concentration', 'durationMin', 'rinseConductivity', 'visuallyClean', '*'] },
    calculations: [{ field: 'concentration', expression: 'detergentMl / (waterL * 1000) * 100' }],
    fieldRoles: {},
    signatures: ['performed', 'verified'],
    i18n: {
      'zh-CN': {
        title: '清洁记录',
        fields: {
          equipmentId: { title: '设备' },
          cleaningType: { title: '清洁类型', enumNames: ['小清洁', '大清洁'] },
          agent: { title: '清洁剂', enumNames: ['纯化水', '清洁剂', '70% 乙醇'] },
          detergentMl: { title: '清洁剂用量' },
          waterL: { title: '用水量' },
          concentration: { title: '清洁剂浓度' },
          durationMin: { title: '时长' },
          rinseConductivity: { title: '末次淋洗电导率' },
          visuallyClean: { title: '目视清洁' },
          swabId: { title: '擦拭样品编号' },
        },
      },
    },
  },
};

/** The demo's blending recipe: the three forms and the stirring timer, no material lines. */
export function demoFormRecipe(version: number, status: Recipe['status']): Recipe {
  return {
    recipeCode: DEMO_FORM_RECIPE,
    version,
    status,
    name: 'Blend A + B + C — blending with forms',
    product: { code: 'FG-BLEND', name: 'Blend ABC' },
    baseBatchSize: { amount: '35', unit: 'kg' },
    materialLines: [],
    unitProcedures: [
      {
        unitProcedureId: 'UP1',
        name: 'Blending',
        operations: [
          { operationId: 'OP1', name: 'Before', steps: [LINE_CLEARANCE_FORM_STEP as unknown as RecipeStep] },
          { operationId: 'OP2', name: 'Blend', steps: [BLENDING_FORM_STEP as unknown as RecipeStep, STIRRING_TIMER_STEP as RecipeStep] },
          { operationId: 'OP3', name: 'After', steps: [CLEANING_FORM_STEP as unknown as RecipeStep] },
        ],
      },
    ],
  };
}
