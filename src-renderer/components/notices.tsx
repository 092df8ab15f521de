/**
 * What went wrong, in the operator's language: the translated text for the error code, and the
 * station's own message as detail (it names the lot, the limit, the role…). Announced to
 * screen readers (role=alert), shown in red with a word, not only a colour.
 */
import { useTranslation } from 'react-i18next';
import type { BatchlineError } from '../../src-shared/result.ts';

export function ErrorNotice({ error, testId }: { error: BatchlineError | null; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const known = t(`errors.${error.code}`, { defaultValue: '' });
  return (
    <div className="notice notice-bad" role="alert" data-testid={testId ?? 'error'} data-code={error.code}>
      <strong>
        {t('common.errorTitle')}: {known || error.code}
      </strong>
      <div className="detail">
        {t('common.details')}: <span lang="en">{error.message}</span>
      </div>
    </div>
  );
}

export function OkNotice({ text, testId }: { text: string | null; testId?: string }) {
  if (!text) return null;
  return (
    <div className="notice notice-ok" role="status" data-testid={testId ?? 'ok'}>
      {text}
    </div>
  );
}
