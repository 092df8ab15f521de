import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import FIXTURE_JSON from '../../test/fixtures/forms/blend-recipe.json' with { type: 'json' };
import { RecipeSchema, recipeSteps } from '../../src-shared/recipe/recipe.ts';
import { entered, StepFormView, subsetValidator, type FormStepDefinition } from './step-form-view.tsx';
import type { FormPartsView } from '../../src-shared/orders/order-view.ts';
import { twoPersonForm } from '../../test/fixtures/forms/two-person-form.ts';

const steps = recipeSteps(RecipeSchema.parse(FIXTURE_JSON)).map((s) => s.step);
const step = (id: string) => steps.find((s) => s.stepId === id) as FormStepDefinition;
const html = (id: string, values: Record<string, unknown>, locale: string, role: string) =>
  renderToStaticMarkup(<StepFormView step={step(id)} values={values as Record<string, number>} onChange={() => {}} role={role} locale={locale} />);

describe('StepFormView', () => {
  it('FR-98 renders the form with rjsf: titles with units (en, zh-CN), the live calculation, fields of other roles read-only, conditional fields only while they apply', () => {
    const blend = html('F20', { massA: 10.02, massB: 5.01, massC: 20.03 }, 'en', 'operator');
    expect(blend).toContain('A added (first) (kg)');
    expect(blend).toContain('value="35.06"');
    expect(blend).toContain('Calculated by the station');
    expect(html('F20', {}, 'zh-CN', 'operator')).toContain('A 加入量（第一） (kg)');
    const release = /<input[^>]*id="root_releasedForNextBatch"[^>]*>/.exec(html('F10', {}, 'en', 'operator'))![0];
    expect(release).toMatch(/disabled/);
    expect(/<input[^>]*id="root_releasedForNextBatch"[^>]*>/.exec(html('F10', {}, 'en', 'supervisor'))![0]).not.toMatch(/disabled/);
    expect(html('F40', { cleaningType: 'minor' }, 'en', 'operator')).not.toContain('Swab sample id');
    expect(html('F40', { cleaningType: 'major' }, 'en', 'operator')).toContain('Swab sample id');
    // What the panel sends: entered values that apply, never calculated ones.
    expect(entered(step('F40').form, { cleaningType: 'minor', swabId: 'SW-1', concentration: 0.5, agent: '' })).toEqual({ cleaningType: 'minor' });
    expect(subsetValidator.validateFormData({ temperature: 30 }, step('F20').form.schema as never).errorSchema).toMatchObject({ temperature: { __errors: ['temperature 30 °C is above its maximum 27 °C'] } });
  });

  it('FR-105 shows the supervisor a half-filled form: the operator’s values read-only with who recorded them and when, the fields still open named, the supervisor’s own fields editable, the calculation once its inputs are in', () => {
    const base = step('F20');
    const twoPerson: FormStepDefinition = { ...base, form: twoPersonForm(base.form) };
    const blend = { temperature: 25.3, massA: 10.02, massB: 5.01, massC: 20.03, addedInOrder: true, stirrerSpeed: 60 };
    const at = '2026-03-02T01:00:00.000Z';
    const recorded: FormPartsView = {
      recordSeq: 38,
      values: blend,
      calculated: { totalMass: '35.060' },
      filledBy: Object.fromEntries(Object.keys(blend).map((k) => [k, { seq: 38, userId: 'u-li', username: 'op.li', at }])),
      open: ['sampleMass', 'orderChecked', 'netBlend'],
    };
    const render = (values: Record<string, number | boolean>, locale: string) =>
      renderToStaticMarkup(<StepFormView step={twoPerson} values={values} onChange={() => {}} role="supervisor" locale={locale} recorded={recorded} />);
    const page = render({}, 'en');
    expect(page).toContain('Part of this form is recorded. Still to fill: Retained sample, Addition order checked by supervisor, Net blend');
    const input = (id: string, html: string) => new RegExp(`<input[^>]*id="root_${id}"[^>]*>`).exec(html)![0];
    expect(input('massA', page)).toMatch(/value="10.02"/);
    expect(input('massA', page)).toMatch(/readOnly|disabled/);
    expect(page).toContain('Recorded by op.li, ');
    expect(input('sampleMass', page)).not.toMatch(/readOnly|disabled/);
    expect(input('operatorNote', page)).toMatch(/readOnly|disabled/);
    expect(input('netBlend', page)).not.toMatch(/value="\d/);
    // The supervisor types the sample: the net blend is calculated live from both parts.
    expect(input('netBlend', render({ sampleMass: 0.25 }, 'en'))).toMatch(/value="34.81"/);
    const zh = render({}, 'zh-CN');
    expect(zh).toContain('本表单已部分记录。仍需填写：留样量, 主管已核对加入顺序, 净混合量');
    expect(zh).toContain('由 op.li 于 ');
  });

  it('FR-118 a condition "one of several values" holds at the station while the value is one of the list, and not otherwise (rjsf asks the validator)', () => {
    const cond = { properties: { method: { enum: ['sieve', 'mill'] } }, required: ['method'] } as never;
    expect(subsetValidator.isValid(cond, { method: 'mill' }, cond)).toBe(true);
    expect(subsetValidator.isValid(cond, { method: 'blend' }, cond)).toBe(false);
    expect(subsetValidator.isValid(cond, {}, cond)).toBe(false);
  });
});
