/** A hub refusal in the reader's language, with the hub's own message and any list it sent. */
import { useTranslation } from 'react-i18next';
import type { BatchlineError } from '../../src-shared/result.ts';
import type { OpenQualityRecord } from '../../src-shared/quality/deviation-contract.ts';
import { QualityRecordList } from './quality-records.tsx';

export function ErrorNotice({ error }: { error: BatchlineError | null }) {
  const { t } = useTranslation();
  if (!error) return null;
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
                {d.deviationId}: {d.reason}
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
      <div className="detail">{error.message}</div>
    </div>
  );
}
