/** The review by exception itself: each exception in words, and the deviations with their closure. */
import { useTranslation } from 'react-i18next';
import type { BatchException, DeviationView } from '../../src-shared/quality/review-contract.ts';
import { Button } from '../../src-renderer/components/controls.tsx';
import { formatTime } from '../components/format.ts';
import { formatAtOffset } from '../../src-shared/time/zoned-time.ts';
import { TData } from '../components/plant-data.tsx';
import { RECORD_LINE_TEXT, recordLocale } from '../../src-shared/record/record-line-text.ts';

/** A deviation category in the reader's language (the record's code list), never the raw code. */
function categoryName(code: string, locale: string): string {
  return RECORD_LINE_TEXT[recordLocale(locale)].codes.category[code] ?? code;
}

export function ExceptionList({ exceptions }: { exceptions: BatchException[] }) {
  const { t, i18n } = useTranslation();
  if (exceptions.length === 0) {
    return (
      <p className="notice notice-ok" data-testid="no-exceptions">
        ✓ {t('batch.noExceptions')}
      </p>
    );
  }
  return (
    <ul className="exceptions" data-testid="exceptions">
      {exceptions.map((e) => {
        const params: Record<string, unknown> = { ...e.params };
        if (e.kind === 'signature-certificate') params.problem = t(`certProblem.${String(e.params.problem)}`, { revokedAt: e.params.revokedAt ? formatTime(String(e.params.revokedAt), i18n.language) : '' });
        if (e.kind === 'changed-after-decision') params.decision = t(`meaning.${String(e.params.decision)}`);
        if (e.kind === 'signature-invalidated') {
          params.meaning = t(`meaning.${String(e.params.meaning)}`);
          // At the offset the station recorded, as the record shows it, not the browser's zone.
          params.at = formatAtOffset(String(e.params.at), String(e.params.tzOffset ?? '+00:00'), i18n.language);
        }
        if (typeof e.params.category === 'string') params.category = categoryName(e.params.category, i18n.language);
        if (e.kind === 'environment-excursion') {
          // Quantity and level are code lists of the record; the start is a time in the reader's form.
          const codes = RECORD_LINE_TEXT[recordLocale(i18n.language)].codes;
          params.quantity = codes.quantity?.[String(e.params.quantity)] ?? e.params.quantity;
          params.level = codes.envLevel?.[String(e.params.level)] ?? e.params.level;
          if (typeof e.params.startedAt === 'string') params.startedAt = formatTime(e.params.startedAt, i18n.language);
        }
        // Every other value is the record's own data (ids, masses, what people typed).
        const words = e.kind === 'environment-excursion' ? ['quantity', 'level', 'startedAt'] : [];
        const data = Object.keys(params).filter((k) => !['problem', 'decision', 'category', 'meaning', 'at', ...words].includes(k));
        return (
          <li key={e.id} className={`exception sev-${e.severity}`} data-testid={`exception-${e.kind}`}>
            <span className={`badge ${e.severity === 'minor' ? 'badge-muted' : e.severity === 'major' ? 'badge-warn' : 'badge-bad'}`}>{t(`severity.${e.severity}`)}</span>{' '}
            <TData k={`exception.${e.kind}`} values={params} data={data} />
            <div className="hint">
              {e.stationId ? `${e.stationId} #${e.seq ?? ''} · ` : ''}
              {formatTime(e.time, i18n.language)}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export function DeviationList({ deviations, canClose, onClose }: { deviations: DeviationView[]; canClose: boolean; onClose: (d: DeviationView) => void }) {
  const { t, i18n } = useTranslation();
  if (deviations.length === 0) return <p>{t('batch.noDeviations')}</p>;
  return (
    <ul className="deviations">
      {deviations.map((d) => (
        <li key={`${d.stationId}#${d.seq}`} data-testid={`deviation-${d.deviationId}`}>
          <strong>{d.deviationId}</strong> · {categoryName(d.category, i18n.language)} · {d.approvedAtStation ? t('batch.approvedAtStation') : t('batch.notApprovedAtStation')}
          <div translate="no">{d.reason}</div>
          {d.closure ? (
            <div className="notice notice-ok">
              ✓ <TData k="batch.closedBy" values={{ name: d.closure.printedName, at: formatTime(d.closure.signedAt, i18n.language), text: d.closure.comment ?? '' }} data={['name', 'text']} />
            </div>
          ) : (
            <div className="row">
              <span className="badge badge-bad">! {t('batch.openDeviation')}</span>
              {canClose ? (
                <Button onClick={() => onClose(d)} data-testid={`close-${d.deviationId}`}>
                  {t('batch.closeDeviation', { id: d.deviationId })}
                </Button>
              ) : null}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
