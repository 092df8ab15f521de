/**
 * What went wrong, in the operator's language: the translated text for the error code, and the
 * station's own message as detail (it names the lot, the limit, the role…). Announced to
 * screen readers (role=alert), shown in red with a word, not only a colour.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BatchlineError } from '../../src-shared/result.ts';

/**
 * The station's message is English (it is also what the audit trail records); in another
 * language the detail is built from the error's facts with translated labels, and the English
 * message stays available to support as the element's title.
 */
function detailText(error: BatchlineError, t: TFunction, english: boolean): string {
  if (english) return error.message;
  const facts = Object.entries(error.details ?? {}).filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  return facts.map(([k, v]) => `${t(`errorDetails.${k}`, { defaultValue: '' }) || k}：${String(v)}`).join('；');
}

export function ErrorNotice({ error, testId }: { error: BatchlineError | null; testId?: string }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const known = t(`errors.${error.code}`, { defaultValue: '' });
  const english = i18n.language.startsWith('en');
  const detail = detailText(error, t, english);
  return (
    <div className="notice notice-bad" role="alert" data-testid={testId ?? 'error'} data-code={error.code}>
      <strong>
        {t('common.errorTitle')}: {known || error.code}
      </strong>
      {detail ? (
        <div className="detail" title={english ? undefined : error.message}>
          {t('common.details')}: {detail}
        </div>
      ) : null}
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
