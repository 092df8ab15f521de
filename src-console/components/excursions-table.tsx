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
import { ListTable } from './list-table.tsx';

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
  return (
    <ListTable
      list={{ data: excursions }}
      empty={t('rooms.noExcursions')}
      emptyTestId="excursions-none"
      className="table"
      testId={ids.table}
      rowKey={(x) => x.excursionId}
      rowProps={(x) => ({ 'data-testid': ids.row(x), 'data-open': x.endedAt === null ? 'true' : 'false' })}
      columns={[
        { header: t('envReview.room'), noTranslate: true, testId: `${ids.cell}-room`, cell: (x) => x.room },
        { header: t('envReview.quantity'), testId: `${ids.cell}-quantity`, cell: (x) => quantity(x.quantity) },
        {
          header: t('envReview.level'),
          cell: (x) => (
            <span className={`badge nowrap ${x.level === 'action' ? 'badge-bad' : 'badge-warn'}`} data-testid={`${ids.cell}-level`}>
              {t(`envReview.levels.${x.level}`)}
            </span>
          ),
        },
        { header: t('envReview.start'), testId: `${ids.cell}-start`, cell: (x) => formatTime(x.startedAt, i18n.language) },
        { header: t('envReview.end'), testId: `${ids.cell}-end`, cell: (x) => (x.endedAt ? formatTime(x.endedAt, i18n.language) : <span className="badge badge-warn">{t('envReview.ongoing')}</span>) },
        { header: t('envReview.peak'), noTranslate: true, className: 'nowrap', testId: `${ids.cell}-peak`, cell: (x) => `${x.peak.value} ${x.unit}` },
        {
          header: t('envReview.limit'),
          noTranslate: true,
          className: 'nowrap',
          testId: `${ids.cell}-limit`,
          cell: (x) => {
            const limit = crossedLimit(x);
            return limit === null ? '—' : `${limit} ${x.unit}`;
          },
        },
        {
          header: t('envReview.acknowledged'),
          testId: `${ids.cell}-ack`,
          cell: (x) => (x.acknowledgement ? t('envReview.acknowledgedBy', { name: x.acknowledgement.by, at: formatTime(x.acknowledgement.at, i18n.language), comment: x.acknowledgement.comment }) : acknowledge ? acknowledge(x) : t('envReview.notAcknowledged')),
        },
      ]}
    />
  );
}
