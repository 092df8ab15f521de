/**
 * Issue 14: any form a designer can produce is either executable or refused with a reason.
 * Random form definitions (fields of every type with random limits, enums, fixed values,
 * required lists, conditions, calculations over known, unknown and calculated fields, roles,
 * unsupported keywords) are parsed as the recipe parses them. Each is either refused with at
 * least one reason in words, or a submission exists that the station accepts: the eval-free
 * check the engine applies (submitForm) AND ajv, the reference validator the engine also runs.
 * A second property holds the eval-free checker and ajv to the same verdict on random values.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ajvValidate } from '../../src-main/core/engine/decide-form.ts';
import { checkFormDefinition, submitForm, witness } from '../../src-shared/recipe/form-definition.ts';
import type { FormJsonSchema } from '../../src-shared/recipe/form-schema.ts';
import { checkFormValues } from '../../src-shared/recipe/form-values.ts';

const NAMES = ['a', 'b', 'c', 'd', 'e'] as const;
const num = fc.oneof(fc.integer({ min: -20, max: 40 }), fc.constantFrom(0.5, 2.5, 9.95, 10.05, 25.1));
// Each optional keyword is present about one time in six; a form has several, so both outcomes come often.
const maybe = <T,>(a: fc.Arbitrary<T>, freq = 6): fc.Arbitrary<T | undefined> => fc.oneof({ weight: freq - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });

// A field of each type with its own keywords, and now and then a keyword of another type (refused).
const numeric = fc.record(
  {
    type: fc.constantFrom('number', 'integer'),
    minimum: maybe(num, 3),
    maximum: maybe(num, 3),
    exclusiveMinimum: maybe(num),
    multipleOf: maybe(fc.constantFrom(0.5, 1, 2, 5)),
    enum: maybe(fc.array(fc.integer({ min: -2, max: 12 }), { minLength: 1, maxLength: 3 })),
    const: maybe(fc.integer({ min: 0, max: 5 }), 10),
    readOnly: maybe(fc.boolean()),
    'x-unit': maybe(fc.constantFrom('kg', '°C'), 2),
    minLength: maybe(fc.integer({ min: 0, max: 4 }), 30),
  },
  { requiredKeys: ['type'] },
);
const text = fc.record({ type: fc.constant('string'), minLength: maybe(fc.integer({ min: 0, max: 4 }), 3), maxLength: maybe(fc.integer({ min: 0, max: 4 }), 3), enum: maybe(fc.array(fc.constantFrom('x', 'yy', 'zzz', 3), { minLength: 1, maxLength: 3 })), minimum: maybe(num, 30) }, { requiredKeys: ['type'] });
const tick = fc.record({ type: fc.constant('boolean'), const: maybe(fc.constantFrom(true, false, 'x')), 'x-unit': maybe(fc.constant('kg'), 30) }, { requiredKeys: ['type'] });
const anyField = fc.record(
  {
    type: fc.constantFrom('number', 'integer', 'string', 'boolean'),
    minimum: maybe(num),
    maximum: maybe(num),
    exclusiveMinimum: maybe(num),
    multipleOf: maybe(fc.constantFrom(0.5, 1, 2, 5)),
    minLength: maybe(fc.integer({ min: 0, max: 4 })),
    maxLength: maybe(fc.integer({ min: 0, max: 4 })),
    enum: maybe(fc.array(fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constantFrom('x', 'yy', true, false)), { minLength: 1, maxLength: 3 })),
    const: maybe(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('x', true))),
    readOnly: maybe(fc.boolean()),
    'x-unit': maybe(fc.constantFrom('kg', '°C')),
    pattern: maybe(fc.constant('^x'), 40),
  },
  { requiredKeys: ['type'] },
);
const field = fc.oneof({ weight: 3, arbitrary: numeric }, { weight: 2, arbitrary: text }, { weight: 2, arbitrary: tick }, { weight: 1, arbitrary: anyField });

const expression = fc.oneof(
  fc.constantFrom('a + b', 'a * 2 - c', '(a + b) / 2', 'round(a / 3, 2)', 'max(a, b) - min(c, 1)', 'a / (b - b)', 'e + 1', 'zz * 2', 'a +', 'sqrt(a)'),
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom('+', '-', '*'), fc.constantFrom(...NAMES)).map(([x, op, y]) => `${x} ${op} ${y}`),
);

const definition = fc.record({
  fields: fc.dictionary(fc.constantFrom(...NAMES), field, { minKeys: 1, maxKeys: 5 }),
  required: fc.oneof({ weight: 9, arbitrary: fc.subarray<string>([...NAMES]) }, { weight: 1, arbitrary: fc.constant<string[]>(['zz']) }),
  calculations: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(fc.record({ field: fc.constantFrom(...NAMES), expression }), { minLength: 1, maxLength: 2 }) }),
  // One value (`const`) or "one of" a list (`enum`, FR-118), repeats and mixed types included: refused with a reason or executable.
  condition: maybe(fc.record({ on: fc.constantFrom(...NAMES), value: fc.oneof(fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.constant('x'), fc.array(fc.oneof(fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.constant('x')), { minLength: 1, maxLength: 3 })), extra: field, require: fc.boolean() })),
  stray: fc.boolean(),
  roles: fc.dictionary(fc.constantFrom(...NAMES, 'zz'), fc.subarray(['operator', 'supervisor', 'qa'], { minLength: 1 }), { maxKeys: 1 }),
});

type Generated = typeof definition extends fc.Arbitrary<infer T> ? T : never;

function build(g: Generated): Record<string, unknown> {
  const clean = (f: object) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
  // Mostly names that exist; `stray` keeps the unknown ones (refused).
  const known = (k: string) => g.stray || k in g.fields;
  const schema: Record<string, unknown> = { type: 'object', properties: Object.fromEntries(Object.entries(g.fields).map(([k, f]) => [k, clean(f)])), required: (g.required as string[]).filter(known) };
  if (g.condition) {
    schema.allOf = [{ if: { properties: { [g.condition.on]: Array.isArray(g.condition.value) ? { enum: g.condition.value } : { const: g.condition.value } }, required: [g.condition.on] }, then: { properties: { f: clean(g.condition.extra) }, ...(g.condition.require ? { required: ['f'] } : {}) } }];
  }
  const calculations = (g.calculations as { field: string; expression: string }[]).map((c) => (g.stray ? c : { ...c, expression: c.expression.replace(/\b(zz|sqrt)\b/g, 'a') }));
  return { schema, calculations, fieldRoles: Object.fromEntries(Object.entries(g.roles).filter(([k]) => known(k))), signatures: ['performed'] };
}

describe('form definitions (property)', () => {
  it('FR-97 any form definition is either executable — a submission exists that the station (its checks and ajv) accepts — or refused at parse with a reason', () => {
    let executable = 0;
    let refused = 0;
    fc.assert(
      fc.property(definition, (g) => {
        const checked = checkFormDefinition(build(g));
        if (!checked.ok) {
          refused += 1;
          const problems = checked.error.details!.problems as { message: string }[];
          expect(problems.length).toBeGreaterThan(0);
          for (const p of problems) expect(p.message.trim().length).toBeGreaterThan(10);
          return;
        }
        executable += 1;
        const form = checked.value;
        const w = witness(form);
        const run = submitForm(form, w, null);
        expect(run, JSON.stringify(form)).toMatchObject({ ok: true });
        if (!run.ok) return;
        const data: Record<string, unknown> = { ...run.values };
        for (const [k, v] of Object.entries(run.calculated)) data[k] = Number(v);
        expect(ajvValidate(form.schema, data), JSON.stringify({ schema: form.schema, data })).toEqual({ ok: true });
      }),
      { numRuns: 300, seed: 1414 },
    );
    // The generator makes both kinds, or the property proves little.
    expect(executable).toBeGreaterThan(30);
    expect(refused).toBeGreaterThan(30);
  });

  it('FR-97 the eval-free checker the UIs use and ajv give the same verdict on random values', () => {
    const values = fc.dictionary(fc.constantFrom(...NAMES, 'f'), fc.oneof(num, fc.constantFrom('', 'x', 'yyyyy', true, false)), { maxKeys: 6 });
    fc.assert(
      fc.property(definition, values, (g, v) => {
        const checked = checkFormDefinition({ ...build(g), calculations: [] });
        if (!checked.ok) return;
        const schema: FormJsonSchema = checked.value.schema;
        const ours = checkFormValues(schema, v).length === 0;
        expect(ajvValidate(schema, v).ok, JSON.stringify({ schema, v })).toBe(ours);
      }),
      { numRuns: 250, seed: 1415 },
    );
  });
});
