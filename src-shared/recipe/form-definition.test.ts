import FIXTURE_JSON from '../../test/fixtures/forms/blend-recipe.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { checkFormDefinition, FormDefinitionSchema, submitForm } from './form-definition.ts';
import { evaluateExpression, FormDecimal, parseExpression } from './form-expression.ts';
import type { FormDefinition, FormDefinitionInput } from './form-schema.ts';
import { RecipeSchema, recipeSteps } from './recipe.ts';

const reasons = (x: unknown): string[] => {
  const r = checkFormDefinition(x);
  return r.ok ? [] : (r.error.details!.problems as { message: string }[]).map((p) => p.message);
};
// The seed's forms, as the test fixture holds them (test/engine/form-steps.test.ts keeps it equal to the demo recipe).
const FIXTURE = FIXTURE_JSON as unknown as Parameters<typeof recipeSteps>[0];
const fixtureStep = (stepId: string) => recipeSteps(FIXTURE).find((s) => s.step.stepId === stepId)!.step as { form: unknown };
const LINE_CLEARANCE_FORM_STEP = fixtureStep('F10');
const BLENDING_FORM_STEP = fixtureStep('F20');
const CLEANING_FORM_STEP = fixtureStep('F40');
const formOf = (step: { form: unknown }): FormDefinition => FormDefinitionSchema.parse(step.form);
const base = (over: Partial<FormDefinitionInput> = {}): FormDefinitionInput => ({
  schema: { type: 'object', properties: { a: { type: 'number', minimum: 0, maximum: 10, 'x-unit': 'kg' }, b: { type: 'number', 'x-unit': 'kg' }, total: { type: 'number', readOnly: true, 'x-unit': 'kg' } }, required: ['a'] },
  calculations: [{ field: 'total', expression: 'a + b' }],
  ...over,
});

describe('form definitions', () => {
  it('FR-97 the seed forms (line clearance, blending at 25 ± 2 °C, cleaning record) parse as data', () => {
    const recipe = RecipeSchema.parse(FIXTURE);
    expect(recipeSteps(recipe).map((s) => s.step.type)).toEqual(['form', 'form', 'timer', 'form']);
    for (const step of [LINE_CLEARANCE_FORM_STEP, BLENDING_FORM_STEP, CLEANING_FORM_STEP]) expect(reasons(step.form)).toEqual([]);
  });

  it('FR-97 a definition that cannot work is refused at parse, each reason in words', () => {
    const cases: [string, FormDefinitionInput | Record<string, unknown>, RegExp][] = [
      ['unsupported keyword', { schema: { type: 'object', properties: { a: { type: 'string', pattern: '^x' } } } }, /pattern/i],
      ['nested object', { schema: { type: 'object', properties: { a: { type: 'object' } } } }, /schema\.properties\.a\.type: Invalid option/],
      ['unknown field in a calculation', base({ calculations: [{ field: 'total', expression: 'a + c' }] }), /uses "c", which is not a field/],
      ['expression that does not compile', base({ calculations: [{ field: 'total', expression: 'a + * b' }] }), /does not compile: expected a number, a field or "\(" at position 5/],
      ['unknown function', base({ calculations: [{ field: 'total', expression: 'sqrt(a)' }] }), /unknown function "sqrt"/],
      [
        'cyclic calculations',
        {
          schema: { type: 'object', properties: { a: { type: 'number' }, x: { type: 'number', readOnly: true }, y: { type: 'number', readOnly: true } } },
          calculations: [
            { field: 'x', expression: 'y + a' },
            { field: 'y', expression: 'x * 2' },
          ],
        },
        /go round in a circle: x → y → x/,
      ],
      ['calculated field typed by hand', base({ schema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' }, total: { type: 'number' } } } }), /must be read-only/],
      ['limits contradict', { schema: { type: 'object', properties: { t: { type: 'number', minimum: 27, maximum: 23 } } } }, /lower limit 27 is not below its upper limit 23/],
      ['unit on a tick box', { schema: { type: 'object', properties: { ok: { type: 'boolean', 'x-unit': 'kg' } } } }, /a unit belongs to a number/],
      ['role for an unknown field', base({ fieldRoles: { c: ['qa'] } }), /roles are given for "c"/],
      ['unknown role', { ...base(), fieldRoles: { a: ['janitor'] } }, /invalid option|expected one of/i],
      ['required unknown field', { schema: { type: 'object', properties: { a: { type: 'number' } }, required: ['z'] } }, /required field "z" is not a field/],
      ['condition on an unknown field', { schema: { type: 'object', properties: { a: { type: 'number' } }, allOf: [{ if: { properties: { q: { const: 1 } } }, then: { required: ['a'] } }] } }, /condition 1 tests "q"/],
      ['enum of the wrong type', { schema: { type: 'object', properties: { a: { type: 'integer', enum: [1, 'two'] } } } }, /allowed value "two" is not a integer/],
      ['calculation that can never be within its limits', base({ schema: { type: 'object', properties: { a: { type: 'number', minimum: 20, maximum: 30 }, b: { type: 'number', minimum: 0, maximum: 1 }, total: { type: 'number', readOnly: true, maximum: 10 } } } }), /no complete submission satisfies the form.*total .* is above its maximum 10/],
      ['a fixed value outside the limits', { schema: { type: 'object', properties: { a: { type: 'integer', const: 5, minimum: 6 } }, required: ['a'] } }, /no complete submission satisfies/],
      ['a zh-CN label for a field that does not exist', base({ i18n: { 'zh-CN': { fields: { nope: { title: '无' } } } } }), /zh-CN label is given for "nope"/],
    ];
    for (const [what, def, reason] of cases) {
      const got = reasons(def);
      expect(got.length, what).toBeGreaterThan(0);
      expect(got.join(' | '), what).toMatch(reason);
    }
  });
});

describe('calculations', () => {
  it('FR-97 add, subtract, multiply in exact decimals; divide to 20 decimals; round half-up; no eval', () => {
    const calc = (src: string, vars: Record<string, string> = {}) => {
      const p = parseExpression(src);
      if (!p.ok) throw new Error(p.reason);
      const r = evaluateExpression(p.expr, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, new FormDecimal(v)])));
      return r.ok ? r.value.toFixed() : `refused: ${r.reason}`;
    };
    expect(calc('a + b + c', { a: '10.02', b: '5.01', c: '20.03' })).toBe('35.06');
    expect(calc('0.1 + 0.2')).toBe('0.3');
    expect(calc('a * 3 - -1', { a: '0.1' })).toBe('1.3');
    expect(calc('1 / 3')).toBe('0.33333333333333333333');
    expect(calc('round(2.345, 2) + round(2.5, 0)')).toBe('5.35');
    expect(calc('max(a, 2, min(7, 4)) + abs(-1)', { a: '3' })).toBe('5');
    expect(calc('a / (b - b)', { a: '1', b: '2' })).toBe('refused: division by zero');
    expect(parseExpression('constructor.constructor("x")()')).toMatchObject({ ok: false });
    expect(parseExpression('a; b')).toMatchObject({ ok: false, reason: expect.stringContaining('unexpected character ";"') });
  });

  it('FR-97 a submission: calculated exactly, rounded to the field\'s decimals, refused naming the field and the limit', () => {
    const blending = formOf(BLENDING_FORM_STEP);
    const ok = submitForm(blending, { temperature: 25.3, massA: 10.02, massB: 5.01, massC: 20.03, addedInOrder: true, stirrerSpeed: 60 }, ['operator']);
    expect(ok).toEqual({ ok: true, values: expect.objectContaining({ massA: 10.02 }), calculated: { totalMass: '35.060' }, open: [] });
    const hot = submitForm(blending, { temperature: 27.2, massA: 10, massB: 5, massC: 20, addedInOrder: true, stirrerSpeed: 60 }, ['operator']);
    expect(hot).toMatchObject({ ok: false, code: 'FORM_VALUE_OUT_OF_LIMITS', field: 'temperature', details: { keyword: 'maximum', limit: 27, value: 27.2, unit: '°C' } });
    expect(hot.ok ? '' : hot.message).toBe('temperature 27.2 °C is above its maximum 27 °C');
    // Each mass is within its own limits, the total is not: the calculated field names its limit.
    const low = submitForm(blending, { temperature: 25, massA: 9.95, massB: 4.975, massC: 19.9, addedInOrder: true, stirrerSpeed: 60 }, ['operator']);
    expect(low).toMatchObject({ ok: false, code: 'FORM_VALUE_OUT_OF_LIMITS', field: 'totalMass', details: { keyword: 'minimum', limit: 34.9, value: '34.825' } });
    expect(submitForm(blending, { temperature: 25, massA: 10, massB: 5, massC: 20, addedInOrder: true, stirrerSpeed: 60, totalMass: 35 }, ['operator'])).toMatchObject({ ok: false, code: 'FORM_VALUES_INVALID', field: 'totalMass' });
    expect(submitForm(blending, { temperature: 25, massA: 10, massB: 5, massC: 20, addedInOrder: false, stirrerSpeed: 60 }, ['operator'])).toMatchObject({ ok: false, code: 'FORM_VALUES_INVALID', field: 'addedInOrder' });
    expect(submitForm(blending, { temperature: 25, massA: 10, massB: 5, massC: 20, addedInOrder: true, stirrerSpeed: 60.5 }, ['operator'])).toMatchObject({ ok: false, code: 'FORM_VALUES_INVALID', field: 'stirrerSpeed' });
  });

  it('FR-97 field roles and conditional fields', () => {
    const clearance = formOf(LINE_CLEARANCE_FORM_STEP);
    const values = { previousBatch: 'B-0001', materialsRemoved: true, labelsRemoved: true, equipmentClean: true };
    expect(submitForm(clearance, { ...values, releasedForNextBatch: true }, ['operator'])).toMatchObject({ ok: false, code: 'FORM_FIELD_ROLE_FORBIDDEN', field: 'releasedForNextBatch', details: { roles: ['supervisor', 'qa'] } });
    expect(submitForm(clearance, { ...values, releasedForNextBatch: true }, ['supervisor'])).toMatchObject({ ok: true });
    const cleaning = formOf(CLEANING_FORM_STEP);
    const c = { equipmentId: 'BLD-01', cleaningType: 'minor', agent: 'detergent', detergentMl: 500, waterL: 100, durationMin: 30, rinseConductivity: 1.2, visuallyClean: true };
    expect(submitForm(cleaning, c, ['operator'])).toEqual({ ok: true, values: c, calculated: { concentration: '0.500' }, open: [] });
    expect(submitForm(cleaning, { ...c, swabId: 'SW-1' }, ['operator'])).toMatchObject({ ok: false, code: 'FORM_VALUES_INVALID', field: 'swabId' });
    expect(submitForm(cleaning, { ...c, cleaningType: 'major' }, ['operator'])).toMatchObject({ ok: false, code: 'FORM_VALUES_INVALID', field: 'swabId', message: 'swabId is required' });
    expect(submitForm(cleaning, { ...c, cleaningType: 'major', swabId: 'SW-1' }, ['operator'])).toMatchObject({ ok: true });
    expect(submitForm(cleaning, { ...c, waterL: 0 }, ['operator'])).toMatchObject({ ok: false, code: 'FORM_VALUE_OUT_OF_LIMITS', field: 'waterL' });
    expect(submitForm(cleaning, { ...c, rinseConductivity: 0 }, ['operator'])).toMatchObject({ ok: false, code: 'FORM_VALUE_OUT_OF_LIMITS', details: { keyword: 'exclusiveMinimum', limit: 0 } });
  });
});
