/**
 * A hub refusal in the reader's language, with any list it sent. The hub's own message is in
 * English: it is shown to an English reader, and to any reader when the code has no words of
 * its own; a zh-CN reader otherwise reads the refusal only in zh-CN. What the record says (a
 * deviation's recorded reason) is the record's data, marked so.
 */
import { useTranslation } from 'react-i18next';
import type { BatchlineError } from '../../src-shared/result.ts';
import type { OpenQualityRecord } from '../../src-shared/quality/deviation-contract.ts';
import { QualityRecordList } from './quality-records.tsx';

export function ErrorNotice({ error }: { error: BatchlineError | null }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const hubMessage = i18n.language === 'en' || !i18n.exists(`errors.${error.code}`);
  const deviations = (error.details?.deviations as { deviationId: string; reason: string }[] | undefined) ?? [];
  const records = (error.details?.records as OpenQualityRecord[] | undefined) ?? [];
  return (
    <div className="notice notice-bad" role="alert" data-testid="error" data-code={error.code}>
      <strong>{t(`errors.${error.code}`, { defaultValue: t('errors.generic', { code: error.code }) })}</strong>
      {deviations.length > 0 ? (
        <div className="detail">
          {t('sign.openDeviations')}
          <ul>
            {deviations.map((d) => (
              <li key={d.deviationId}>
                {d.deviationId}: <span translate="no">{d.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {records.length > 0 ? (
        <div className="detail">
          {t('dev.blocking')}
          <QualityRecordList records={records} />
        </div>
      ) : null}
      {hubMessage ? <div className="detail">{error.message}</div> : null}
    </div>
  );
}
