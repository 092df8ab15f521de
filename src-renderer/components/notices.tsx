/**
 * What went wrong, in the operator's language: the translated text for the error code, and the
 * station's own message as detail (it names the lot, the limit, the role…). Announced to
 * screen readers (role=alert), shown in red with a word, not only a colour.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import type { BatchlineError } from '../../src-shared/result.ts';
import type { RecordEnum } from '../../src-shared/record/record-line.ts';
import { RECORD_LINE_TEXT, recordLocale } from '../../src-shared/record/record-line-text.ts';

/** Detail facts whose values are codes of a record code list: shown through that list's labels. */
const CODE_FACTS: Record<string, RecordEnum> = { qcStatus: 'qcStatus', method: 'method', verdict: 'verdict', outcome: 'outcome', meaning: 'meaning', role: 'role', category: 'category', decision: 'decision' };

/**
 * The station's message is English (it is also what the audit trail records); in another
 * language the detail is built from the error's facts with translated labels, a code value (a
 * QC status, a method) translated too, any other value being the plant's data (marked as such),
 * and the English message stays available to support as the element's title.
 */
function detailFacts(error: BatchlineError, t: TFunction, locale: string): ReactNode[] {
  const codes = RECORD_LINE_TEXT[recordLocale(locale)].codes;
  const facts = Object.entries(error.details ?? {}).filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  return facts.map(([k, v], i) => {
    const list = CODE_FACTS[k];
    const value = list && typeof v === 'string' ? (codes[list][v] ?? v) : null;
    return (
      <span key={k}>
        {i > 0 ? '；' : ''}
        {t(`errorDetails.${k}`, { defaultValue: '' }) || k}：{value ?? <span translate="no">{String(v)}</span>}
      </span>
    );
  });
}

export function ErrorNotice({ error, testId }: { error: BatchlineError | null; testId?: string }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const known = t(`errors.${error.code}`, { defaultValue: '' });
  const english = i18n.language.startsWith('en');
  const detail = english ? error.message : detailFacts(error, t, i18n.language);
  return (
    <div className="notice notice-bad" role="alert" data-testid={testId ?? 'error'} data-code={error.code}>
      <strong>
        {t('common.errorTitle')}: {known || error.code}
      </strong>
      {(english ? detail : (detail as ReactNode[]).length > 0) ? (
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
