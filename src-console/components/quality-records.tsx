/** Open deviation records and CAPA actions that block a release (issue 12), in the reader's language. */
import { useTranslation } from 'react-i18next';
import type { OpenQualityRecord } from '../../src-shared/quality/deviation-contract.ts';
import { Button } from '../../src-renderer/components/controls.tsx';
import { formatTime } from './format.ts';

export function QualityRecordList({ records, onOpen }: { records: OpenQualityRecord[]; onOpen?: (deviationId: string) => void }) {
  const { t, i18n } = useTranslation();
  if (records.length === 0) return <p data-testid="no-quality-records">{t('dev.noneOpen')}</p>;
  return (
    <ul className="exceptions" data-testid="quality-records">
      {records.map((r) => (
        <li key={r.id} data-testid={`quality-record-${r.id}`}>
          <span className="badge badge-warn">{t(r.kind === 'deviation' ? 'dev.kindDeviation' : 'dev.kindCapa')}</span>{' '}
          {onOpen ? (
            <Button onClick={() => onOpen(r.deviationId)} data-testid={`open-record-${r.id}`}>
              {r.id}
            </Button>
          ) : (
            <strong>{r.id}</strong>
          )}{' '}
          {r.title} · {r.kind === 'deviation' ? t(`devState.${r.state}`) : t('dev.actionOpen')}
          {r.dueAt ? ` · ${t('dev.due', { at: formatTime(r.dueAt, i18n.language) })}` : ''}
          {r.overdue ? (
            <>
              {' '}
              <span className="badge badge-bad">{t('dev.overdue')}</span>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
