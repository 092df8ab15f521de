/**
 * Raising a deviation: what kind, and why, in the operator's words. It takes effect only when a
 * supervisor approves it with a signature (the engine holds the step until then).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEVIATION_CATEGORIES, type DeviationCategory } from '../../src-shared/orders/engine-command.ts';
import { Button, SelectField, TextArea } from '../components/controls.tsx';
import { Dialog } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import type { BatchlineError } from '../../src-shared/result.ts';

/** Raised by the engine's reconciliation itself, never chosen by an operator. */
const ENGINE_RAISED: ReadonlySet<DeviationCategory> = new Set(['reconciliation', 'yield-out-of-limits']);

export function DeviationForm({
  initialCategory,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  initialCategory: DeviationCategory;
  busy: boolean;
  error: BatchlineError | null;
  onSubmit: (category: DeviationCategory, reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [category, setCategory] = useState<DeviationCategory>(initialCategory);
  const [reason, setReason] = useState('');
  return (
    <Dialog title={t('deviation.title')} onClose={onCancel} testId="deviation-form">
      <p>{t('deviation.explain')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(category, reason.trim());
        }}
      >
        <SelectField
          label={t('deviation.category')}
          value={category}
          options={DEVIATION_CATEGORIES.filter((c) => !ENGINE_RAISED.has(c)).map((c) => ({ value: c, label: t(`deviation.categories.${c}`) }))}
          onChange={(e) => setCategory(e.target.value as DeviationCategory)}
        />
        <TextArea label={t('deviation.reason')} hint={t('deviation.reasonHint')} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={10} data-testid="deviation-reason" />
        <ErrorNotice error={error} />
        <div className="row">
          <Button type="submit" variant="primary" disabled={busy || reason.trim().length < 10} data-testid="deviation-submit">
            {t('deviation.submit')}
          </Button>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
        </div>
      </form>
    </Dialog>
  );
}
