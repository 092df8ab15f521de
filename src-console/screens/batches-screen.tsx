/** The batch list: what came from the stations, how many exceptions, where review and release stand. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { BatchSummarySchema } from '../../src-shared/quality/review-contract.ts';
import { Button, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
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
      <ErrorNotice error={list.error} />
      {list.data && list.data.length === 0 ? <p>{t('batches.empty')}</p> : null}
      {list.data && list.data.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>{t('batches.batch')}</th>
              <th>{t('batches.product')}</th>
              <th>{t('batches.status')}</th>
              <th>{t('batches.exceptions')}</th>
              <th>{t('batches.openDeviations')}</th>
              <th>{t('batches.review')}</th>
              <th>{t('batches.decision')}</th>
              <th>{t('batches.received')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((b) => (
              <tr key={b.batchNumber} data-testid={`batch-row-${b.batchNumber}`}>
                <td>
                  <Button onClick={() => navigate(`batches/${encodeURIComponent(b.batchNumber)}`)} data-testid={`open-${b.batchNumber}`}>
                    {b.batchNumber}
                  </Button>
                </td>
                <td>
                  {b.productCode ?? '—'}
                  {b.productName ? (
                    <div className="hint" translate="no">
                      {b.productName}
                    </div>
                  ) : null}
                </td>
                <td>{t(`status.${b.status}`)}</td>
                <td>{b.exceptions}</td>
                <td>{b.openDeviations}</td>
                <td>
                  <ReviewBadge review={b.review} />
                </td>
                <td>
                  <DecisionBadge decision={b.decision} />
                </td>
                <td>{formatTime(b.lastReceivedAt, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
