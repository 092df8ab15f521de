import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createInstance } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import FIXTURE_JSON from '../../test/fixtures/forms/blend-recipe.json' with { type: 'json' };
import { RecipeSchema, recipeSteps } from '../../src-shared/recipe/recipe.ts';
import type { FormFieldRecord, RecordEvent, StepRecord } from '../../src-shared/orders/batch-record.ts';
import { resources } from '../i18n/i18n.ts';
import { correctableForm, correctionDraft, FormCorrectionDialog, typedValue, type CorrectableForm } from './form-correction.tsx';

const steps = recipeSteps(RecipeSchema.parse(FIXTURE_JSON)).map((s) => s.step);
const at = (seq: number) => ({ seq, time: '2026-03-02T01:00:00.000Z', tzOffset: '+08:00' });
const person = { userId: 'u-li', username: 'op.li', printedName: 'Li Wei' };
const event = (seq: number, type: string, data: Record<string, unknown>): RecordEvent => ({ seq, type, time: at(seq).time, tzOffset: '+08:00', by: person, hash: 'h', summary: '', data, signatures: [], corrections: [] });
const field = (f: Partial<FormFieldRecord> & Pick<FormFieldRecord, 'field' | 'title' | 'value'>): FormFieldRecord => ({ titleZh: null, unit: null, calculation: null, filledBy: person, filledIn: at(40), ...f });

/**
 * F40 (cleaning) as the batch record shows it: recorded in entry #40, the water corrected since
 * (the record's value is the corrected one), the concentration calculated, the swab id empty,
 * and one field a second person recorded in a later part (#41).
 */
function cleaningStep(): StepRecord {
  const definition = steps.find((s) => s.stepId === 'F40')!;
  const form = {
    seq: 40,
    title: 'Cleaning record',
    titleZh: '清洁记录',
    fields: [
      field({ field: 'equipmentId', title: 'Equipment', titleZh: '设备', value: 'BLD-01' }),
      field({ field: 'cleaningType', title: 'Cleaning', titleZh: '清洁类型', value: 'minor' }),
      field({ field: 'waterL', title: 'Water used', titleZh: '用水量', unit: 'L', value: 125, corrections: [{ seq: 44, oldValue: 150, newValue: 125, by: person, time: at(44).time, tzOffset: '+08:00', reason: 'misread the meter', through: null }] }),
      field({ field: 'concentration', title: 'Detergent concentration', unit: '%', value: '0.600', calculation: 'detergentMl / (waterL * 1000) * 100', filledBy: null }),
      field({ field: 'durationMin', title: 'Duration', titleZh: '时长', unit: 'min', value: 45 }),
      field({ field: 'visuallyClean', title: 'Visually clean', value: true }),
      field({ field: 'swabId', title: 'Swab sample id', value: null, filledBy: null, filledIn: null }),
      field({ field: 'rinseConductivity', title: 'Final rinse conductivity', unit: 'µS/cm', value: 0.8, filledIn: at(41) }),
    ],
  };
  const events = [event(40, 'step.recorded', { stepId: 'F40', stepType: 'form', result: { values: { waterL: 150, rinse: 'not in the form' } } }), event(41, 'form.part_recorded', { stepId: 'F40', values: { rinseConductivity: 0.8 } }), event(42, 'signature.applied', { stepId: 'F40' })];
  return { index: 7, stepId: 'F40', name: 'Cleaning', type: 'form', unitProcedureId: 'UP1', operationId: 'OP1', definition, status: 'active', events, material: null, form };
}

async function html(form: CorrectableForm, locale: 'en' | 'zh-CN'): Promise<string> {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources, lng: locale, fallbackLng: false, interpolation: { escapeValue: false } });
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <FormCorrectionDialog form={form} busy={false} onSubmit={() => {}} onCancel={() => {}} />
    </I18nextProvider>,
  );
}

describe('the correction dialog reads the recorded form (FR-122)', () => {
  it('FR-122 offers the values an event entered as the batch record\'s form describes them: its titles, units and field types, the value after signed corrections; never a calculated or empty field, nor another part\'s, nor a value the form does not define', () => {
    const step = cleaningStep();
    const whole = correctableForm(step, step.events[0]!)!;
    expect(whole).toMatchObject({ stepId: 'F40', recordSeq: 40 });
    expect(whole.values.map((v) => [v.field, v.title, v.unit, v.type, v.value])).toEqual([
      ['equipmentId', 'Equipment', null, 'string', 'BLD-01'],
      ['cleaningType', 'Cleaning', null, 'string', 'minor'],
      ['waterL', 'Water used', 'L', 'number', 125],
      ['durationMin', 'Duration', 'min', 'integer', 45],
      ['visuallyClean', 'Visually clean', null, 'boolean', true],
    ]);
    expect(whole.values.find((v) => v.field === 'cleaningType')).toMatchObject({ choices: ['minor', 'major'], choiceNames: null, choiceNamesZh: ['小清洁', '大清洁'] });
    // The second person's part offers only what that part entered.
    expect(correctableForm(step, step.events[1]!)!.values.map((v) => v.field)).toEqual(['rinseConductivity']);
    // Neither a signature nor a step without a recorded form offers anything.
    expect(correctableForm(step, step.events[2]!)).toBeNull();
    const { form: _form, ...unrecorded } = step;
    expect(correctableForm(unrecorded, step.events[0]!)).toBeNull();
  });

  it('FR-125 each value offered names the entry whose value it is (the last signed correction of the field, else the entry that recorded it): the correction names it as the one it replaces', () => {
    const step = cleaningStep();
    const whole = correctableForm(step, step.events[0]!)!;
    expect(whole.values.map((v) => [v.field, v.inForceSeq])).toEqual([['equipmentId', 40], ['cleaningType', 40], ['waterL', 44], ['durationMin', 40], ['visuallyClean', 40]]);
    expect(correctableForm(step, step.events[1]!)!.values.map((v) => v.inForceSeq)).toEqual([41]);
  });

  it('FR-122 takes the typed value as the field\'s type: whole numbers for an integer field, one of the listed values for a choice', () => {
    expect(typedValue({ type: 'integer', choices: null }, '45')).toBe(45);
    expect(typedValue({ type: 'integer', choices: null }, '45.5')).toBeNull();
    expect(typedValue({ type: 'number', choices: null }, '12,5')).toBe(12.5);
    expect(typedValue({ type: 'string', choices: ['minor', 'major'] }, 'major')).toBe('major');
    expect(typedValue({ type: 'string', choices: ['minor', 'major'] }, 'weekly')).toBeNull();
    expect(typedValue({ type: 'boolean', choices: null }, 'false')).toBe(false);
  });

  it('FR-122 the dialog names each value by the recorded form\'s title with its unit, in en and zh-CN', async () => {
    const step = cleaningStep();
    const form = correctableForm(step, step.events[0]!)!;
    const water = { ...form, values: [form.values[2]!, ...form.values.filter((_, i) => i !== 2)] };
    const en = await html(water, 'en');
    expect(en).toContain('Water used = 125 L');
    expect(en).toContain('Duration = 45 min');
    expect(en).toContain('Recorded: 125 L');
    expect(en).toContain('Correct value (L)');
    expect(en).not.toContain('waterL =');
    const zh = await html(water, 'zh-CN');
    expect(zh).toContain('用水量 = 125 L');
    expect(zh).toContain('已记录：125 L');
    // A choice field offers the form's values, not free text.
    const choice = await html({ ...form, values: [form.values[1]!] }, 'en');
    expect(choice).toMatch(/<select[^>]*data-testid="correction-value"/);
    expect(choice).toContain('<option value="major">major</option>');
  });

  it('FR-122 a choice shows by the name the form gives it, as the form itself shows it: the zh-CN enumNames in Chinese, the UI schema\'s ui:enumNames in English, the value where the form names none', async () => {
    const step = cleaningStep();
    const form = correctableForm(step, step.events[0]!)!;
    const choice = { ...form, values: [form.values[1]!] };
    const zh = await html(choice, 'zh-CN');
    expect(zh).toContain('清洁类型 = 小清洁');
    expect(zh).toContain('已记录：小清洁');
    expect(zh).toContain('<option value="major">大清洁</option>');
    expect(zh).not.toMatch(/>minor<|>major<|= minor/);
    const en = await html(choice, 'en');
    expect(en).toContain('Cleaning = minor');
    expect(en).toContain('<option value="major">major</option>');
    // A form that names its choices in English too.
    const def = step.definition.type === 'form' ? step.definition : null;
    const named = { ...step, definition: { ...def!, form: { ...def!.form, uiSchema: { ...def!.form.uiSchema, cleaningType: { 'ui:enumNames': ['Minor (between batches of one product)', 'Major (product change)'] } } } } };
    const enNamed = await html({ ...form, values: [correctableForm(named, named.events[0]!)!.values[1]!] }, 'en');
    expect(enNamed).toContain('Cleaning = Minor (between batches of one product)');
    expect(enNamed).toContain('Recorded: Minor (between batches of one product)');
    expect(enNamed).toContain('<option value="major">Major (product change)</option>');
  });

  it('FR-122 a value unit in zh-CN in full-width parentheses', async () => {
    const step = cleaningStep();
    const form = correctableForm(step, step.events[0]!)!;
    const zh = await html({ ...form, values: [form.values[2]!] }, 'zh-CN');
    expect(zh).toContain('正确数值（L）');
    expect(zh).not.toContain('正确数值 (L)');
  });

  it('FR-122 the correction goes on to the signature only with a new value: the value already recorded is said beside the field, before anyone signs', () => {
    const step = cleaningStep();
    const [, cleaning, water, duration, clean] = correctableForm(step, step.events[0]!)!.values;
    const reason = 'misread the meter again';
    expect(correctionDraft(water!, '125', reason)).toEqual({ value: 125, same: true, ready: false });
    expect(correctionDraft(water!, '125,0', reason)).toMatchObject({ same: true, ready: false });
    expect(correctionDraft(water!, '120', reason)).toEqual({ value: 120, same: false, ready: true });
    expect(correctionDraft(water!, '120', 'short')).toMatchObject({ same: false, ready: false });
    expect(correctionDraft(duration!, '45', reason)).toMatchObject({ same: true, ready: false });
    expect(correctionDraft(cleaning!, 'minor', reason)).toMatchObject({ same: true, ready: false });
    expect(correctionDraft(cleaning!, 'major', reason)).toMatchObject({ same: false, ready: true });
    expect(correctionDraft(clean!, 'true', reason)).toMatchObject({ same: true, ready: false });
    expect(correctionDraft(clean!, 'false', reason)).toMatchObject({ value: false, same: false, ready: true });
    // Nothing typed yet is not "the same".
    expect(correctionDraft(water!, '', reason)).toEqual({ value: null, same: false, ready: false });
  });
});
