import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import FIXTURE_JSON from '../../test/fixtures/forms/blend-recipe.json' with { type: 'json' };
import { RecipeSchema, recipeSteps } from '../../src-shared/recipe/recipe.ts';
import { entered, StepFormView, subsetValidator, type FormStepDefinition } from './step-form-view.tsx';

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
});
