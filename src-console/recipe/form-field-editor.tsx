/**
 * The editor of one field of the form builder (FR-104): key, type, English and Chinese words,
 * the limits of its type, required, default, the roles that may fill it and the condition that
 * shows it. A key is committed to the model only when it is a valid, unused field name, and a
 * number only when it is a number (the reason stays beside the input meanwhile), so the model's
 * keys stay unique (form-builder-model.ts) and nothing typed is silently turned into something else.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Role } from '../../src-shared/ledger/entry-types/users.ts';
import type { FormScalar } from '../../src-shared/recipe/form-schema.ts';
import { Button, Checkbox, SelectField, TextField } from '../../src-renderer/components/controls.tsx';
import { BUILDER_FIELD_TYPES, keyProblem, updateField, type BuilderField, type BuilderModel } from './form-builder-model.ts';

const parseNumber = (s: string): number | null | 'bad' => (s.trim() === '' ? null : /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s.trim()) ? Number(s.trim()) : 'bad');

/** A number input over `number | null`: text that is not a number stays here with its reason. */
export function NumberInput({ label, value, onChange, testId }: { label: string; value: number | null; onChange: (v: number | null) => void; testId: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value === null ? '' : String(value));
  useEffect(() => {
    if (parseNumber(text) !== value) setText(value === null ? '' : String(value));
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  const bad = parseNumber(text) === 'bad';
  return (
    <TextField
      label={label}
      value={text}
      inputMode="decimal"
      hint={bad ? t('designer.fb.notANumber') : undefined}
      aria-invalid={bad}
      onChange={(e) => {
        setText(e.target.value);
        const v = parseNumber(e.target.value);
        if (v !== 'bad') onChange(v);
      }}
      data-testid={testId}
    />
  );
}

/** A value of a field's type: yes/no and choices from a list, numbers and text typed; '' is "none". */
function ScalarInput({ label, field, value, onChange, testId }: { label: string; field: BuilderField | undefined; value: FormScalar | null; onChange: (v: FormScalar | null) => void; testId: string }) {
  const { t } = useTranslation();
  const none = { value: '', label: t('designer.fb.none') };
  if (field?.type === 'yes-no' || field?.type === 'choice') {
    const options = field.type === 'yes-no' ? [none, { value: 'true', label: t('designer.fb.yes') }, { value: 'false', label: t('designer.fb.no') }] : [none, ...field.choices.map((c) => ({ value: c.value, label: c.en || c.value }))];
    return <SelectField label={label} value={value === null ? '' : String(value)} options={options} onChange={(e) => onChange(e.target.value === '' ? null : field.type === 'yes-no' ? e.target.value === 'true' : e.target.value)} data-testid={testId} />;
  }
  if (field?.type === 'number' || field?.type === 'integer') return <NumberInput label={label} value={typeof value === 'number' ? value : null} onChange={onChange} testId={testId} />;
  return <TextField label={label} value={value === null ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} data-testid={testId} />;
}

/** A value a new condition starts with, or a "one of" list grows by: the field's first choice (or one not listed yet), yes, nothing typed, 0. */
function firstValue(y: BuilderField, taken: readonly FormScalar[] = []): FormScalar {
  if (y.type === 'yes-no') return !taken.includes(true);
  if (y.type === 'choice') return y.choices.find((c) => !taken.includes(c.value))?.value ?? y.choices[0]?.value ?? '';
  if (y.type === 'text') return '';
  return taken.length === 0 ? 0 : Math.max(...taken.filter((v): v is number => typeof v === 'number'), 0) + 1;
}

/**
 * The values a condition accepts (FR-118): "equals V", and with more values "or equals V2…", so
 * the field shows while the other is one of them. The first value stays while the condition
 * does; the others can be removed.
 */
function ConditionValues({ when, field, onChange }: { when: NonNullable<BuilderField['showWhen']>; field: BuilderField | undefined; onChange: (values: FormScalar[]) => void }) {
  const { t } = useTranslation();
  return (
    <div className="row" role="group" aria-label={t('designer.fb.showWhen')} data-testid="field-show-values">
      {when.values.map((v, i) => (
        <div className="row" key={i}>
          <ScalarInput label={i === 0 ? t('designer.fb.equals') : t('designer.fb.orEquals')} field={field} value={v} onChange={(x) => onChange(when.values.map((y, j) => (j === i ? (x ?? '') : y)))} testId={i === 0 ? 'field-show-equals' : `field-show-equals-${i}`} />
          {i > 0 ? (
            <Button onClick={() => onChange(when.values.filter((_y, j) => j !== i))} aria-label={t('designer.fb.removeValue', { n: i + 1 })} data-testid={`field-show-remove-${i}`}>
              ✕
            </Button>
          ) : null}
        </div>
      ))}
      {field ? (
        <Button onClick={() => onChange([...when.values, firstValue(field, when.values)])} data-testid="field-show-add">
          {t('designer.fb.addValue')}
        </Button>
      ) : null}
    </div>
  );
}

function KeyInput({ model, index, onChange }: { model: BuilderModel; index: number; onChange: (m: BuilderModel) => void }) {
  const { t } = useTranslation();
  const key = model.fields[index]!.key;
  const [text, setText] = useState(key);
  useEffect(() => setText(key), [key]);
  const problem = text === key ? null : keyProblem(model, index, text);
  return (
    <TextField
      label={t('designer.fb.key')}
      value={text}
      hint={problem ? t(`designer.fb.key-${problem}`) : t('designer.fb.keyHint')}
      aria-invalid={problem !== null}
      onChange={(e) => {
        setText(e.target.value);
        if (keyProblem(model, index, e.target.value) === null) onChange(updateField(model, index, { key: e.target.value }));
      }}
      data-testid="field-key"
      translate="no"
    />
  );
}

export function FieldEditor({ model, index, onChange }: { model: BuilderModel; index: number; onChange: (m: BuilderModel) => void }) {
  const { t } = useTranslation();
  const f = model.fields[index]!;
  const set = (patch: Partial<BuilderField>) => onChange(updateField(model, index, patch));
  const numeric = f.type === 'number' || f.type === 'integer';
  const calculated = model.calculations.some((c) => c.field === f.key);
  const conditionFields = model.fields.filter((x) => x.key !== f.key && x.showWhen === null && !model.calculations.some((c) => c.field === x.key));
  const when = f.showWhen;
  return (
    <fieldset data-testid="field-editor" data-field={f.key}>
      <legend>{t('designer.fb.field', { key: f.key })}</legend>
      <div className="row">
        <KeyInput model={model} index={index} onChange={onChange} />
        <SelectField label={t('designer.fb.type')} value={f.type} options={BUILDER_FIELD_TYPES.map((x) => ({ value: x, label: t(`designer.fb.types.${x}`) }))} onChange={(e) => set({ type: e.target.value as BuilderField['type'], default: null })} data-testid="field-type" />
      </div>
      <div className="row">
        <TextField label={t('designer.fb.titleEn')} value={f.title.en} onChange={(e) => set({ title: { ...f.title, en: e.target.value } })} data-testid="field-title-en" />
        <TextField label={t('designer.fb.titleZh')} value={f.title.zh} onChange={(e) => set({ title: { ...f.title, zh: e.target.value } })} data-testid="field-title-zh" lang="zh-CN" />
      </div>
      <div className="row">
        <TextField label={t('designer.fb.descriptionEn')} value={f.description.en} onChange={(e) => set({ description: { ...f.description, en: e.target.value } })} data-testid="field-description-en" />
        <TextField label={t('designer.fb.descriptionZh')} value={f.description.zh} onChange={(e) => set({ description: { ...f.description, zh: e.target.value } })} data-testid="field-description-zh" lang="zh-CN" />
      </div>
      <Checkbox label={t('designer.fb.required')} checked={f.required} onChange={(e) => set({ required: e.target.checked })} data-testid="field-required" />
      {numeric ? (
        <>
          <div className="row">
            <TextField label={t('designer.unit')} value={f.unit} onChange={(e) => set({ unit: e.target.value })} data-testid="field-unit" />
            <NumberInput label={t('designer.fb.multipleOf')} value={f.multipleOf} onChange={(v) => set({ multipleOf: v })} testId="field-multiple" />
            <NumberInput label={t('designer.fb.decimals')} value={f.decimals} onChange={(v) => set({ decimals: v })} testId="field-decimals" />
          </div>
          <div className="row">
            <NumberInput label={t('designer.min')} value={f.minimum} onChange={(v) => set({ minimum: v })} testId="field-min" />
            <Checkbox label={t('designer.fb.exclusiveMin')} checked={f.minimumExclusive} onChange={(e) => set({ minimumExclusive: e.target.checked })} data-testid="field-min-exclusive" />
            <NumberInput label={t('designer.max')} value={f.maximum} onChange={(v) => set({ maximum: v })} testId="field-max" />
            <Checkbox label={t('designer.fb.exclusiveMax')} checked={f.maximumExclusive} onChange={(e) => set({ maximumExclusive: e.target.checked })} data-testid="field-max-exclusive" />
          </div>
        </>
      ) : null}
      {f.type === 'text' ? (
        <div className="row">
          <NumberInput label={t('designer.fb.minLength')} value={f.minLength} onChange={(v) => set({ minLength: v })} testId="field-min-length" />
          <NumberInput label={t('designer.fb.maxLength')} value={f.maxLength} onChange={(v) => set({ maxLength: v })} testId="field-max-length" />
          <Checkbox label={t('designer.fb.multiline')} checked={f.multiline} onChange={(e) => set({ multiline: e.target.checked })} data-testid="field-multiline" />
        </div>
      ) : null}
      {f.type === 'yes-no' ? <Checkbox label={t('designer.fb.mustBeYes')} checked={f.mustBeYes} onChange={(e) => set({ mustBeYes: e.target.checked })} data-testid="field-must-be-yes" /> : null}
      {f.type === 'choice' ? (
        <fieldset>
          <legend>{t('designer.fb.choices')}</legend>
          {f.choices.map((c, i) => {
            const setC = (patch: Partial<typeof c>) => set({ choices: f.choices.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
            return (
              <div className="row" key={i}>
                <TextField label={t('designer.fb.choiceValue')} value={c.value} onChange={(e) => setC({ value: e.target.value })} data-testid={`choice-${i}-value`} translate="no" />
                <TextField label={t('designer.fb.choiceEn')} value={c.en} onChange={(e) => setC({ en: e.target.value })} data-testid={`choice-${i}-en`} />
                <TextField label={t('designer.fb.choiceZh')} value={c.zh} onChange={(e) => setC({ zh: e.target.value })} data-testid={`choice-${i}-zh`} lang="zh-CN" />
                <Button onClick={() => set({ choices: f.choices.filter((_x, j) => j !== i) })} data-testid={`choice-${i}-remove`}>
                  {t('designer.remove')}
                </Button>
              </div>
            );
          })}
          <Button onClick={() => set({ choices: [...f.choices, { value: `option${f.choices.length + 1}`, en: '', zh: '' }] })} data-testid="choice-add">
            {t('designer.fb.addChoice')}
          </Button>
        </fieldset>
      ) : null}
      {calculated ? <p className="hint">{t('designer.fb.isCalculated')}</p> : <ScalarInput label={t('designer.fb.default')} field={f} value={f.default} onChange={(v) => set({ default: v })} testId="field-default" />}
      <fieldset>
        <legend>{t('designer.fb.roles')}</legend>
        <p className="hint">{t('designer.fb.rolesHint')}</p>
        <div className="check-grid">
          {Role.options.map((r) => (
            <Checkbox key={r} label={t(`designer.fb.role.${r}`)} checked={f.roles.includes(r)} onChange={(e) => set({ roles: Role.options.filter((x) => (x === r ? e.target.checked : f.roles.includes(x))) })} data-testid={`field-role-${r}`} />
          ))}
        </div>
      </fieldset>
      <div className="row">
        <SelectField
          label={t('designer.fb.showWhen')}
          value={when?.field ?? ''}
          options={[{ value: '', label: t('designer.fb.always') }, ...conditionFields.map((x) => ({ value: x.key, label: x.key }))]}
          onChange={(e) => {
            const y = model.fields.find((x) => x.key === e.target.value);
            set({ showWhen: y ? { field: y.key, values: [firstValue(y)] } : null });
          }}
          data-testid="field-show-when"
        />
        {when ? <ConditionValues when={when} field={model.fields.find((x) => x.key === when.field)} onChange={(values) => set({ showWhen: { ...when, values } })} /> : null}
      </div>
    </fieldset>
  );
}
