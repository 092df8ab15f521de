/** The batch list: what came from the stations, how many exceptions, where review and release stand. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { BatchSummarySchema } from '../../src-shared/quality/review-contract.ts';
import { TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ListTable } from '../components/list-table.tsx';
import { formatTime } from '../components/format.ts';
import { DecisionBadge, ReviewBadge } from './batch-badges.tsx';

export function BatchesScreen() {
  const { t, i18n } = useTranslation();
  const { api, navigate } = useConsole();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const list = useLoad(() => api.get(`/api/v1/quality/batches${query ? `?search=${encodeURIComponent(query)}` : ''}`, z.array(BatchSummarySchema)), query);
  return (
    <>
      <h1>{t('batches.title')}</h1>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(search.trim());
        }}
      >
        <TextField label={t('batches.search')} value={search} onChange={(e) => setSearch(e.target.value)} />
        <button type="submit" className="btn">{t('common.refresh')}</button>
      </form>
      <ListTable
        list={list}
        empty={t('batches.empty')}
        rowKey={(b) => b.batchNumber}
        rowProps={(b) => ({ 'data-testid': `batch-row-${b.batchNumber}` })}
        onOpen={(b) => navigate(`batches/${encodeURIComponent(b.batchNumber)}`)}
        openTestId={(b) => `open-${b.batchNumber}`}
        columns={[
          { header: t('batches.batch'), opens: true, cell: (b) => b.batchNumber },
          {
            header: t('batches.product'),
            cell: (b) => (
              <>
                {b.productCode ?? '—'}
                {b.productName ? (
                  <div className="hint" translate="no">
                    {b.productName}
                  </div>
                ) : null}
              </>
            ),
          },
          { header: t('batches.status'), cell: (b) => t(`status.${b.status}`) },
          { header: t('batches.exceptions'), cell: (b) => b.exceptions },
          { header: t('batches.openDeviations'), cell: (b) => b.openDeviations },
          { header: t('batches.review'), cell: (b) => <ReviewBadge review={b.review} /> },
          { header: t('batches.decision'), cell: (b) => <DecisionBadge decision={b.decision} /> },
          { header: t('batches.received'), cell: (b) => formatTime(b.lastReceivedAt, i18n.language) },
        ]}
      />
    </>
  );
}
