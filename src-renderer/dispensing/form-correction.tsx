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
import type { RecordEvent } from '../../src-shared/orders/batch-record.ts';
import { valueText } from '../../src-shared/record/value-text.ts';
import { Button, SelectField, TextArea, TextField } from '../components/controls.tsx';
import { Dialog } from '../components/dialog.tsx';

type Scalar = string | number | boolean;

/** A recorded form (or one person's part of it) and its values as they stand after the signed corrections. */
export interface CorrectableForm {
  stepId: string;
  recordSeq: number;
  values: { field: string; value: Scalar }[];
}

export interface FormCorrection {
  stepId: string;
  field: string;
  oldValue: Scalar;
  value: Scalar;
  reason: string;
}

const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * The form of a record event that holds entered values (a whole form's `step.recorded`, or a
 * `form.part_recorded`), each value as the latest signed correction among `all` left it; null
 * for any other event. Calculated values are not offered: the station recomputes them.
 */
export function correctableForm(e: RecordEvent, all: readonly RecordEvent[]): CorrectableForm | null {
  const d = e.data;
  const entered = e.type === 'step.recorded' && d.stepType === 'form' ? (d.result as { values?: unknown } | undefined)?.values : e.type === 'form.part_recorded' ? d.values : undefined;
  if (typeof d.stepId !== 'string' || !entered || typeof entered !== 'object') return null;
  const values = Object.entries(entered as Record<string, unknown>)
    .filter(([, v]) => isScalar(v))
    .map(([field, v]) => {
      const corrected = all.filter((c) => c.type === 'form.value_corrected' && c.data.targetSeq === e.seq && c.data.field === field && c.signatures.some((s) => s.meaning === 'corrected') && isScalar(c.data.newValue)).at(-1);
      return { field, value: (corrected ? corrected.data.newValue : v) as Scalar };
    });
  return values.length > 0 ? { stepId: d.stepId, recordSeq: e.seq, values } : null;
}

/** What the person typed, as the recorded value's type: a number for a number, yes/no for a yes/no field. */
function typed(old: Scalar, text: string): Scalar | null {
  if (typeof old === 'boolean') return text === 'true' ? true : text === 'false' ? false : null;
  if (typeof old === 'number') {
    const n = Number(text.trim().replace(',', '.'));
    return text.trim() !== '' && Number.isFinite(n) ? n : null;
  }
  return text.trim() === '' ? null : text.trim();
}

export function FormCorrectionDialog({ form, busy, onSubmit, onCancel }: { form: CorrectableForm; busy: boolean; onSubmit: (c: FormCorrection) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [field, setField] = useState(form.values[0]!.field);
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const old = form.values.find((v) => v.field === field)!.value;
  const value = typed(old, text);
  const ready = value !== null && reason.trim().length >= 10;
  return (
    <Dialog title={t('formCorrection.title', { step: form.stepId })} onClose={onCancel} testId="form-correction">
      <p>{t('formCorrection.explain')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) onSubmit({ stepId: form.stepId, field, oldValue: old, value: value!, reason: reason.trim() });
        }}
      >
        <SelectField
          label={t('formCorrection.field')}
          value={field}
          options={form.values.map((v) => ({ value: v.field, label: `${v.field} = ${valueText(v.value)}` }))}
          onChange={(e) => (setField(e.target.value), setText(''))}
          data-testid="correction-field"
        />
        <p data-testid="correction-old">{t('formCorrection.recorded', { value: valueText(old) })}</p>
        {typeof old === 'boolean' ? (
          <SelectField
            label={t('formCorrection.value')}
            value={text}
            options={[
              { value: '', label: '—' },
              { value: 'true', label: t('formCorrection.yes') },
              { value: 'false', label: t('formCorrection.no') },
            ]}
            onChange={(e) => setText(e.target.value)}
            data-testid="correction-value"
          />
        ) : (
          <TextField
            label={t('formCorrection.value')}
            hint={typeof old === 'number' ? t('formCorrection.numberHint') : undefined}
            inputMode={typeof old === 'number' ? 'decimal' : undefined}
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
            required
            data-testid="correction-value"
          />
        )}
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
