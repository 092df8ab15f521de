/**
 * Correcting a recorded form value at the station (FR-122, the screen of FR-116's
 * `correct-form-value`): from the batch record, the person picks one recorded value of a form,
 * types the value it should have been and why; the signature dialog then takes their password
 * (meaning "corrected"), and the engine records one `form.value_corrected` entry naming the
 * original, which stays as it was (21 CFR 11.10(e): a change never obscures what was recorded).
 * Who may correct, and until when, is the engine's decision; its refusals are worded by their codes.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchRecord, RecordEvent, StepRecord } from '../../src-shared/orders/batch-record.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { allFields } from '../../src-shared/recipe/form-values.ts';
import { valueText } from '../../src-shared/record/value-text.ts';
import { Button, SelectField, TextArea, TextField } from '../components/controls.tsx';
import { Dialog } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/notices.tsx';

type Scalar = string | number | boolean;

/** One correctable value of a recorded form, described as the recorded form describes its field. */
export interface CorrectableValue {
  field: string;
  title: string;
  titleZh: string | null;
  unit: string | null;
  /** The field's type in the recorded form's definition (an integer field takes whole numbers). */
  type: 'number' | 'integer' | 'string' | 'boolean';
  /** The values the field allows, when its definition lists them. */
  choices: readonly Scalar[] | null;
  /**
   * Their names, as the form shows them (step-form-view.tsx): in English the UI schema's
   * `ui:enumNames`, in Chinese the form's zh-CN `enumNames`; null where the form names none (the value shows).
   */
  choiceNames: readonly string[] | null;
  choiceNamesZh: readonly string[] | null;
  value: Scalar;
  /** FR-125: the entry whose value this is (the last signed correction of the field, else its recording): the correction names it. */
  inForceSeq: number;
}

/** A recorded form (or one person's part of it) and its values as they stand after the signed corrections. */
export interface CorrectableForm {
  stepId: string;
  recordSeq: number;
  values: CorrectableValue[];
}

export interface FormCorrection {
  stepId: string;
  field: string;
  /** The field as the recorded form names it, in the reader's language, and its unit (for the signature's "what"). */
  title: string;
  unit: string | null;
  oldValue: Scalar;
  /** FR-125: the entry whose value the person saw (the engine refuses the correction if another's is in force by then). */
  replaces: number;
  value: Scalar;
  reason: string;
}

/**
 * The values of a record event that entered them (a whole form's `step.recorded`, or one
 * person's `form.part_recorded`), read from the batch record's own form of the step
 * (`steps[].form.fields[]`, built by src-core/record from the recorded entries and the recipe
 * version the order ran): each entered field this event recorded (`filledIn`), with the title,
 * unit and type the record shows and its value as the last signed correction left it. Null for
 * any other event, or when nothing in it can be corrected. Calculated and empty fields are not
 * offered: the station recalculates the one, and the other has no value to correct.
 */
export function correctableForm(step: StepRecord, e: RecordEvent): CorrectableForm | null {
  const form = step.form;
  const entering = (e.type === 'step.recorded' && e.data.stepType === 'form') || e.type === 'form.part_recorded';
  if (!form || !entering) return null;
  const definition = step.definition.type === 'form' ? step.definition.form : null;
  const defs = definition ? allFields(definition.schema) : new Map();
  const names = (list: unknown, choices: readonly Scalar[] | null): string[] | null => (choices && Array.isArray(list) && list.length === choices.length && list.every((n) => typeof n === 'string') ? (list as string[]) : null);
  const values = form.fields.flatMap((f): CorrectableValue[] => {
    if (f.calculation !== null || f.value === null || f.filledIn?.seq !== e.seq) return [];
    const def = defs.get(f.field)?.def;
    const type = def?.type ?? (typeof f.value === 'boolean' ? 'boolean' : typeof f.value === 'number' ? 'number' : 'string');
    const choices: readonly Scalar[] | null = def?.enum ?? null;
    const ui = definition?.uiSchema[f.field];
    const choiceNames = names(ui && typeof ui === 'object' && !Array.isArray(ui) ? (ui as Record<string, unknown>)['ui:enumNames'] : null, choices);
    const choiceNamesZh = names(definition?.i18n['zh-CN']?.fields[f.field]?.enumNames, choices);
    return [{ field: f.field, title: f.title, titleZh: f.titleZh, unit: f.unit, type, choices, choiceNames, choiceNamesZh, value: f.value, inForceSeq: f.corrections?.at(-1)?.seq ?? e.seq }];
  });
  return values.length > 0 ? { stepId: step.stepId, recordSeq: e.seq, values } : null;
}

/**
 * The same recorded form as the batch record shows it now (FR-125): when the engine refuses a
 * correction because another correction replaced the value since the dialog showed it
 * (FORM_VALUE_CORRECTED_SINCE), the dialog opens again on the value in force and the entry that
 * holds it, read afresh from the record. Null when the record no longer offers that form.
 */
export function correctableFormIn(record: BatchRecord, form: Pick<CorrectableForm, 'stepId' | 'recordSeq'>): CorrectableForm | null {
  const step = record.steps.find((s) => s.stepId === form.stepId);
  const e = step?.events.find((x) => x.seq === form.recordSeq);
  return step && e ? correctableForm(step, e) : null;
}

/** What the person typed, as the field's type in the recorded form: a number for a number field (whole for an integer one), yes/no for a yes/no field. */
export function typedValue(v: Pick<CorrectableValue, 'type' | 'choices'>, text: string): Scalar | null {
  if (v.choices) return v.choices.find((c) => String(c) === text) ?? null;
  if (v.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : null;
  if (v.type === 'number' || v.type === 'integer') {
    const n = Number(text.trim().replace(',', '.'));
    return text.trim() !== '' && Number.isFinite(n) && (v.type === 'number' || Number.isInteger(n)) ? n : null;
  }
  return text.trim() === '' ? null : text.trim();
}

/** A value with its unit, as the record shows it. */
export const withUnit = (v: Scalar, unit: string | null) => (unit ? `${valueText(v)} ${unit}` : valueText(v));

/** A value as the form names it in the reader's language (a choice by its name, when the form gives one), with its unit. */
export function shownValue(v: Pick<CorrectableValue, 'choices' | 'choiceNames' | 'choiceNamesZh' | 'unit'>, x: Scalar, language: string): string {
  const i = v.choices?.findIndex((c) => c === x) ?? -1;
  const name = i < 0 ? undefined : ((language.startsWith('zh') ? v.choiceNamesZh?.[i] : undefined) ?? v.choiceNames?.[i]);
  return name === undefined ? withUnit(x, v.unit) : v.unit ? `${name} ${v.unit}` : name;
}

/**
 * What the typed text makes of the correction: the value in the field's type (null: not one),
 * whether it is the value already recorded (nothing to correct: said beside the field, before
 * anyone signs), and whether the correction may go on to the signature.
 */
export function correctionDraft(v: Pick<CorrectableValue, 'type' | 'choices' | 'value'>, text: string, reason: string): { value: Scalar | null; same: boolean; ready: boolean } {
  const value = typedValue(v, text);
  const same = value !== null && value === v.value;
  return { value, same, ready: value !== null && !same && reason.trim().length >= 10 };
}

/**
 * `field`: the field chosen when the dialog opens (the one whose correction was refused, when it
 * opens again); `error`: why it opened again (FORM_VALUE_CORRECTED_SINCE).
 */
export function FormCorrectionDialog({ form, busy, onSubmit, onCancel, field: initialField, error = null }: { form: CorrectableForm; busy: boolean; onSubmit: (c: FormCorrection) => void; onCancel: () => void; field?: string; error?: BatchlineError | null }) {
  const { t, i18n } = useTranslation();
  const [field, setField] = useState(form.values.some((v) => v.field === initialField) ? initialField! : form.values[0]!.field);
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const current = form.values.find((v) => v.field === field)!;
  const old = current.value;
  const { value, same, ready } = correctionDraft(current, text, reason);
  const title = (v: CorrectableValue) => (i18n.language.startsWith('zh') && v.titleZh ? v.titleZh : v.title);
  return (
    <Dialog title={t('formCorrection.title', { step: form.stepId })} onClose={onCancel} testId="form-correction">
      <p>{t('formCorrection.explain')}</p>
      <ErrorNotice error={error} testId="correction-error" />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) onSubmit({ stepId: form.stepId, field, title: title(current), unit: current.unit, oldValue: old, replaces: current.inForceSeq, value: value!, reason: reason.trim() });
        }}
      >
        <SelectField
          label={t('formCorrection.field')}
          value={field}
          options={form.values.map((v) => ({ value: v.field, label: `${title(v)} = ${shownValue(v, v.value, i18n.language)}` }))}
          onChange={(e) => (setField(e.target.value), setText(''))}
          data-testid="correction-field"
        />
        <p data-testid="correction-old">{t('formCorrection.recorded', { value: shownValue(current, old, i18n.language) })}</p>
        {current.type === 'boolean' || current.choices ? (
          <SelectField
            label={t('formCorrection.value')}
            value={text}
            options={[
              { value: '', label: '—' },
              ...(current.choices ?? [true, false]).map((c) => ({ value: String(c), label: c === true ? t('formCorrection.yes') : c === false ? t('formCorrection.no') : shownValue(current, c, i18n.language) })),
            ]}
            onChange={(e) => setText(e.target.value)}
            data-testid="correction-value"
          />
        ) : (
          <TextField
            label={current.unit ? t('formCorrection.valueUnit', { unit: current.unit }) : t('formCorrection.value')}
            hint={current.type === 'integer' ? t('formCorrection.integerHint') : current.type === 'number' ? t('formCorrection.numberHint') : undefined}
            inputMode={current.type === 'integer' ? 'numeric' : current.type === 'number' ? 'decimal' : undefined}
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
            required
            data-testid="correction-value"
          />
        )}
        {same ? (
          <p className="notice notice-warn" role="status" data-testid="correction-same">
            {t('formCorrection.same')}
          </p>
        ) : null}
        <TextArea label={t('formCorrection.reason')} hint={t('formCorrection.reasonHint')} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={10} data-testid="correction-reason" />
        <div className="row">
          <Button type="submit" variant="primary" disabled={busy || !ready} data-testid="correction-submit">
            {t('formCorrection.submit')}
          </Button>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
        </div>
      </form>
    </Dialog>
  );
}
