import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { consoleZhCN } from '../i18n/zh-CN.ts';
import { reasonText } from './draft-reasons.ts';
import { RecipeStepSchema, STEP_TYPES } from '../../src-shared/recipe/recipe-step.ts';
import { addOperation, addStep, addUnitProcedure, applyDrop, draftProblems, dropTargets, emptyDraft, freshId, moveStep, newStep, removeNode, renameNode, type Draft } from './recipe-draft.ts';

const kg = (amount: string) => ({ amount, unit: 'kg' as const });

function tree(): Draft {
  return {
    name: 'Blend',
    product: { code: 'FG-1', name: 'Product' },
    baseBatchSize: kg('35'),
    materialLines: [{ lineId: 'LA', materialCode: 'M-A', quantity: kg('10'), tolerance: { type: 'percent', minus: '1', plus: '1' }, compensatesFor: null }],
    unitProcedures: [
      {
        unitProcedureId: 'UP1',
        name: 'Blending',
        operations: [
          { operationId: 'OP1', name: 'Dispense', steps: [{ ...newStep('weigh', 'S1'), lineId: 'LA' } as never, newStep('instruction', 'S2'), newStep('instruction', 'S3')] },
          { operationId: 'OP2', name: 'Mix', steps: [newStep('timer', 'S4')] },
        ],
      },
      { unitProcedureId: 'UP2', name: 'Packing', operations: [{ operationId: 'OP3', name: 'Pack', steps: [newStep('instruction', 'S5')] }] },
    ],
  };
}
const order = (d: Draft) => d.unitProcedures.map((u) => `${u.unitProcedureId}[${u.operations.map((o) => `${o.operationId}(${o.steps.map((s) => s.stepId).join(',')})`).join(' ')}]`).join(' ');

describe('the designer tree: drag and drop as pure edits', () => {
  it('FR-95 a step dropped on a step of its own operation takes its place (reorder down and up)', () => {
    const d = tree();
    expect(order(applyDrop(d, 'step:S1', 'step:S3'))).toBe('UP1[OP1(S2,S3,S1) OP2(S4)] UP2[OP3(S5)]');
    expect(order(applyDrop(d, 'step:S3', 'step:S1'))).toBe('UP1[OP1(S3,S1,S2) OP2(S4)] UP2[OP3(S5)]');
    expect(order(d), 'the old draft is untouched').toBe('UP1[OP1(S1,S2,S3) OP2(S4)] UP2[OP3(S5)]');
  });

  it('FR-95 a step moves between operations: onto a step (its place) or onto an operation (its end, empty ones too)', () => {
    const d = tree();
    expect(order(applyDrop(d, 'step:S2', 'step:S4'))).toBe('UP1[OP1(S1,S3) OP2(S2,S4)] UP2[OP3(S5)]');
    expect(order(applyDrop(d, 'step:S2', 'op:OP3'))).toBe('UP1[OP1(S1,S3) OP2(S4)] UP2[OP3(S5,S2)]');
    const withEmpty = addOperation(d, 'UP2');
    expect(order(applyDrop(withEmpty, 'step:S4', 'op:OP4'))).toBe('UP1[OP1(S1,S2,S3) OP2()] UP2[OP3(S5) OP4(S4)]');
    expect(order(applyDrop(d, 'step:S1', 'op:OP1')), 'onto its own operation: no change').toBe(order(d));
  });

  it('FR-95 operations reorder and move between unit procedures; unit procedures reorder; other drops change nothing', () => {
    const d = tree();
    expect(order(applyDrop(d, 'op:OP2', 'op:OP1'))).toBe('UP1[OP2(S4) OP1(S1,S2,S3)] UP2[OP3(S5)]');
    expect(order(applyDrop(d, 'op:OP1', 'up:UP2'))).toBe('UP1[OP2(S4)] UP2[OP3(S5) OP1(S1,S2,S3)]');
    expect(order(applyDrop(d, 'up:UP2', 'up:UP1'))).toBe('UP2[OP3(S5)] UP1[OP1(S1,S2,S3) OP2(S4)]');
    for (const [a, o] of [['step:S1', 'up:UP2'], ['up:UP1', 'step:S5'], ['op:OP1', 'step:S9'], ['step:S1', null], ['step:S1', 'step:S1'], ['nonsense', 'step:S1']] as const) {
      expect(applyDrop(d, a, o)).toBe(d);
    }
    expect(dropTargets('step')).toEqual(['step', 'op']);
    expect(dropTargets('up')).toEqual(['up']);
  });

  it('FR-95 add, remove and rename nodes; new ids never repeat one in use; every step type starts with its fields', () => {
    let d = tree();
    const added = addStep(d, 'OP2', 'charge');
    expect(added.stepId).toBe('S6');
    d = addUnitProcedure(added.draft);
    expect(order(d)).toBe('UP1[OP1(S1,S2,S3) OP2(S4,S6)] UP2[OP3(S5)] UP3[OP4()]');
    d = renameNode(renameNode(renameNode(d, 'up:UP3', 'Coating'), 'op:OP4', 'Spray'), 'step:S6', 'Charge A');
    expect(d.unitProcedures[2]!.name).toBe('Coating');
    expect(d.unitProcedures[2]!.operations[0]!.name).toBe('Spray');
    expect(d.unitProcedures[0]!.operations[1]!.steps[1]!.name).toBe('Charge A');
    expect(order(removeNode(removeNode(removeNode(d, 'step:S2'), 'op:OP2'), 'up:UP2'))).toBe('UP1[OP1(S1,S3)] UP3[OP4()]');
    expect(freshId('S', ['S1', 'S2', 'S4'])).toBe('S3');
    for (const type of STEP_TYPES) expect(newStep(type, 'S1').type).toBe(type);
    // A new form step starts as a definition the recipe schema accepts (a form no submission could satisfy is refused).
    expect(RecipeStepSchema.safeParse(newStep('form', 'S1')).success).toBe(true);
    expect(moveStep(d, 'S404', 'OP1', 0)).toBe(d);
  });

  it('FR-95 validation is the recipe schema and its cross-checks, each reason on the node it names', () => {
    expect(draftProblems(tree(), 'BLEND')).toEqual([]);
    const empty = addOperation(tree(), 'UP2');
    expect(draftProblems(empty, 'BLEND')).toEqual([expect.objectContaining({ at: 'op:OP4' })]);
    // A charge before the weighing of its line, a parameter with a bad limit, an unknown line.
    let d = addStep(tree(), 'OP1', 'charge').draft;
    d = { ...d, unitProcedures: d.unitProcedures.map((u) => ({ ...u, operations: u.operations.map((o) => ({ ...o, steps: o.steps.map((s) => (s.type === 'charge' ? { ...s, lineIds: ['LA', 'LX'] } : s.type === 'timer' ? { ...s, durationSeconds: 0 } : s)) })) })) };
    const moved = applyDrop(d, 'step:S6', 'step:S1');
    const problems = draftProblems(moved, 'BLEND');
    expect(problems.filter((p) => p.at === 'step:S6').map((p) => p.message)).toEqual(['step "S6" charges line "LA" before it is weighed', 'step "S6" charges unknown material line "LX"']);
    expect(problems.find((p) => p.at === 'step:S4')?.message).toMatch(/durationSeconds/);
    expect(draftProblems({ ...tree(), materialLines: [] }, 'BLEND').map((p) => p.at)).toEqual(['step:S1']);
    expect(draftProblems(emptyDraft(), 'X').map((p) => p.at)).toEqual(['recipe', 'recipe', 'recipe']);
  });
});

describe('the designer reasons in the console language (issue 14)', () => {
  const zh = i18next.createInstance();
  void zh.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: consoleZhCN } }, interpolation: { escapeValue: false }, initAsync: false });
  const translate = (k: string, p: Record<string, string>) => zh.t(k, p);
  const steps = (d: Draft, f: (s: any) => any): Draft => ({ ...d, unitProcedures: d.unitProcedures.map((u) => ({ ...u, operations: u.operations.map((o) => ({ ...o, steps: o.steps.map(f) })) })) });
  const form = (patch: (f: any) => void) => {
    const s = newStep('form', 'S9') as any;
    const f = structuredClone(s.form);
    patch(f);
    return { ...s, form: f };
  };
  const withStep = (d: Draft, s: unknown): Draft => ({ ...d, unitProcedures: [...d.unitProcedures, { unitProcedureId: 'UP9', name: 'X', operations: [{ operationId: 'OP9', name: 'X', steps: [s as never] }] }] });
  // Each draft breaks the schema (its issue kinds and own formats) or one family of cross-checks.
  const broken: Draft[] = [
    addOperation({ ...emptyDraft(), baseBatchSize: kg('-1') }, 'UP1'),
    { ...tree(), product: { code: 'bad code!', name: 'P' }, materialLines: [{ ...tree().materialLines[0]!, quantity: kg('x'), tolerance: { type: 'percent', minus: '-1', plus: '1' } }] },
    steps(tree(), (s) => (s.type === 'timer' ? { ...s, durationSeconds: 0 } : s.stepId === 'S2' ? { ...s, type: 'dance' } : s.stepId === 'S3' ? { ...newStep('parameter', 'S3'), parameter: { name: '', unit: 'u', min: 'a', max: null, decimals: 9 } } : { ...s, method: 'scoop' })),
    steps(withStep(tree(), { ...newStep('kit', 'S8'), forStepId: 'S2' }), (s) => (s.type === 'weigh' ? { ...s, signatures: { performed: false, verified: false } } : s.stepId === 'S3' ? { ...newStep('charge', 'S3'), lineIds: ['LA', 'LX', 'LB'] } : s.stepId === 'S5' ? { ...newStep('scan-material', 'S2'), lineId: 'LZ' } : s)),
    {
      ...withStep(tree(), { ...newStep('weigh', 'S7'), lineId: 'LA' }),
      materialLines: [...tree().materialLines, { ...tree().materialLines[0]!, lineId: 'LA' }, { ...tree().materialLines[0]!, lineId: 'LC', compensatesFor: 'LQ' }],
      checkPlans: [
        { schemaVersion: 1, checkId: 'K1', name: 'pH', unit: 'pH', source: 'typed', frequency: { every: 'minutes', minutes: 30, graceMinutes: 5 }, sampleSize: 1, decimals: 1, specification: { lower: '7', upper: '6' }, control: { center: '1', lcl: '2', ucl: '3' }, rules: [] },
        { schemaVersion: 1, checkId: 'K1', name: 'pH', unit: 'pH', source: 'balance', frequency: { every: 'minutes', minutes: 30, graceMinutes: 5 }, sampleSize: 1, decimals: 1, specification: { lower: null, upper: null }, control: null, rules: ['WE1', 'WE1'] },
      ],
    } as Draft,
    withStep(
      tree(),
      form((f) => {
        f.schema.properties = { a: { type: 'string', minimum: 1, 'x-unit': 'kg', enum: [1] }, b: { type: 'number', minimum: 5, maximum: 1 }, c: { type: 'number', readOnly: true }, d: { type: 'number', readOnly: true }, e: { type: 'boolean' } };
        f.schema.required = ['zz'];
        f.calculations = [{ field: 'c', expression: 'd + 1' }, { field: 'd', expression: 'c + 1' }, { field: 'e', expression: 'b +' }, { field: 'q', expression: 'e * 2' }];
        f.fieldRoles = { c: ['operator'], nope: ['qa'] };
        f.signatures = ['performed', 'performed'];
        f.i18n = { 'zh-CN': { fields: { ghost: { title: '鬼' } } } };
        f.uiSchema = { ghost2: {} };
        f.schema.allOf = [{ if: { properties: { zz: { const: 1 } } } }];
      }),
    ),
    applyDrop(steps(addStep(tree(), 'OP1', 'charge').draft, (s) => (s.type === 'charge' ? { ...s, lineIds: ['LA'] } : s)), 'step:S6', 'step:S1'),
    withStep(tree(), form((f) => (f.schema.properties = { '1bad': { type: 'number' }, ok: { type: 'date' }, more: { type: 'number', extra: true } }))),
  ];

  it('FR-95 every reason of broken drafts has zh-CN words (no English left) and English stays the hub’s text', () => {
    const problems = broken.flatMap((d) => draftProblems(d, 'BLEND'));
    const keys = new Set(problems.map((p) => p.reason.key));
    // The set covers the schema's issue kinds, its formats and the cross-checks of recipe, check plans and forms.
    for (const k of ['empty', 'numberAbove', 'numberAtMost', 'fewItems', 'oneOf', 'unknownType', 'formatCode', 'formatSignedDecimal', 'formatAmount', 'formatDecimal', 'positive', 'chargeBeforeWeigh', 'chargeUnknownLine', 'weighNeedsPerformed', 'stepTwice', 'stepUnknownLine', 'kitNotCharge', 'lineTwice', 'lineWeighedTwice', 'compensatesUnknown', 'specOrder', 'controlOrder', 'checkTwice', 'specMissing', 'balanceUnit', 'ruleTwice', 'form.signature-twice', 'form.value-type', 'form.unit-misplaced', 'form.limits-contradict', 'form.calculation-cycle', 'form.expression-invalid', 'form.role-field', 'form.label-field', 'form.field-unknown', 'form.calculation-target', 'form.condition-invalid', 'unknownKeys', 'badKey']) {
      expect(keys, k).toContain(k);
    }
    expect(keys).not.toContain('other');
    for (const p of problems) {
      expect(reasonText(p, 'en', translate)).toBe(p.message);
      const words = reasonText(p, 'zh-CN', translate);
      // Ids, names and values sit in quotes; everything else must be Chinese.
      expect(words.replace(/“[^”]*”|"[^"]*"/g, ''), `${p.message} → ${words}`).not.toMatch(/[A-Za-z]/);
      expect(words).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(reasonText(problems.find((p) => p.reason.key === 'chargeBeforeWeigh')!, 'zh-CN', translate)).toBe('步骤“S6”在物料行“LA”称量之前就投料');
  });
});
