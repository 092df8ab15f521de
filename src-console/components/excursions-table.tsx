/**
 * The excursion list, one component for the rooms screen and the batch page (issue 13): room,
 * quantity, level, start, end (or still open), peak, the limit it crossed, who acknowledged it
 * when with what comment; `acknowledge` renders the action cell of one not yet acknowledged.
 * Presentational: no hub calls. `ids` names the table, its rows and cells for the tests of each page.
 */
import type React from 'react';
import { useTranslation } from 'react-i18next';
import type { ExcursionView } from '../../src-shared/environment/environment-contract.ts';
import { formatTime } from './format.ts';

export interface ExcursionTableIds {
  table: string;
  row: (x: ExcursionView) => string;
  /** Prefix of the cells' ids: `<cell>-room`, `-quantity`, `-level`, `-start`, `-end`, `-peak`, `-limit`, `-ack`. */
  cell: string;
}
const ROOMS_IDS: ExcursionTableIds = { table: 'excursions', row: (x) => `excursion-${x.excursionId}`, cell: 'excursion' };

/** The limit an excursion crossed: the action limit once it reached action, else the alert limit. */
export function crossedLimit(x: ExcursionView): number | null {
  return x.level === 'action' ? x.actionLimit : x.alertLimit;
}

export function useQuantityName() {
  const { t } = useTranslation();
  // i18next reads a dot as a key separator: particles-0.5um is particles-0_5um in the catalogue.
  return (q: string) => t(`envReview.quantities.${q.replace(/\./g, '_')}`, { defaultValue: q });
}

/** The excursion list (presentational); `acknowledge` renders the action cell of one not yet acknowledged. */
export function ExcursionsTable({ excursions, acknowledge, ids = ROOMS_IDS }: { excursions: ExcursionView[]; acknowledge?: (x: ExcursionView) => React.ReactNode; ids?: ExcursionTableIds }) {
  const { t, i18n } = useTranslation();
  const quantity = useQuantityName();
  if (excursions.length === 0) return <p data-testid="excursions-none">{t('rooms.noExcursions')}</p>;
  return (
    <table className="table" data-testid={ids.table}>
      <thead>
        <tr>
          <th scope="col">{t('envReview.room')}</th>
          <th scope="col">{t('envReview.quantity')}</th>
          <th scope="col">{t('envReview.level')}</th>
          <th scope="col">{t('envReview.start')}</th>
          <th scope="col">{t('envReview.end')}</th>
          <th scope="col">{t('envReview.peak')}</th>
          <th scope="col">{t('envReview.limit')}</th>
          <th scope="col">{t('envReview.acknowledged')}</th>
        </tr>
      </thead>
      <tbody>
        {excursions.map((x) => {
          const limit = crossedLimit(x);
          const ack = x.acknowledgement;
          return (
            <tr key={x.excursionId} data-testid={ids.row(x)} data-open={x.endedAt === null ? 'true' : 'false'}>
              <td translate="no" data-testid={`${ids.cell}-room`}>{x.room}</td>
              <td data-testid={`${ids.cell}-quantity`}>{quantity(x.quantity)}</td>
              <td>
                <span className={`badge nowrap ${x.level === 'action' ? 'badge-bad' : 'badge-warn'}`} data-testid={`${ids.cell}-level`}>
                  {t(`envReview.levels.${x.level}`)}
                </span>
              </td>
              <td data-testid={`${ids.cell}-start`}>{formatTime(x.startedAt, i18n.language)}</td>
              <td data-testid={`${ids.cell}-end`}>{x.endedAt ? formatTime(x.endedAt, i18n.language) : <span className="badge badge-warn">{t('envReview.ongoing')}</span>}</td>
              <td translate="no" className="nowrap" data-testid={`${ids.cell}-peak`}>{`${x.peak.value} ${x.unit}`}</td>
              <td translate="no" className="nowrap" data-testid={`${ids.cell}-limit`}>{limit === null ? '—' : `${limit} ${x.unit}`}</td>
              <td data-testid={`${ids.cell}-ack`}>
                {ack ? t('envReview.acknowledgedBy', { name: ack.by, at: formatTime(ack.at, i18n.language), comment: ack.comment }) : acknowledge ? acknowledge(x) : t('envReview.notAcknowledged')}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
