/**
 * The work queue: orders planned, in progress and complete. A planned order opens its
 * pre-checks, one in progress continues where it stopped (the engine resumes from the
 * ledger), a complete one shows its batch record.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { WorkQueueRowSchema } from '../../src-shared/api/order-view.schema.ts';
import { Button } from '../components/controls.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { formatDateTime, formatMass } from '../i18n/format.ts';
import { client, useApp } from '../state/app-store.ts';
import { DispenseScreen } from './dispense-screen.tsx';
import { PrecheckPanel } from './precheck-panel.tsx';
import { RecordView } from './record-view.tsx';
import { DispensaryPanel } from './dispensary-panel.tsx';

type Row = z.infer<typeof WorkQueueRowSchema>;

export function QueueScreen() {
  const { t, i18n } = useTranslation();
  const tz = useApp((s) => s.info?.timeZone ?? 'UTC');
  const active = useApp((s) => s.activeBatch);
  const setActive = useApp((s) => s.setActiveBatch);
  const [rows, setRows] = useState<Row[]>([]);
  const [opened, setOpened] = useState<Row | null>(null);
  const { run, error } = useAction();
  const load = async () => {
    const r = await run(() => client().call('orders.queue', {}));
    if (r) setRows(r);
    return r;
  };
  useEffect(() => {
    void load().then((r) => {
      const row = r?.find((x) => x.batchNumber === active);
      if (row) setOpened(row);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const close = () => {
    setOpened(null);
    setActive(null);
    void load();
  };
  if (opened && opened.status === 'planned') {
    return <PrecheckPanel batchNumber={opened.batchNumber} onBack={close} onStarted={() => setOpened({ ...opened, status: 'in-progress' })} />;
  }
  if (opened && opened.status === 'in-progress') return <DispenseScreen batchNumber={opened.batchNumber} onBack={close} />;
  if (opened) {
    return (
      <main id="main">
        <Button onClick={close}>{t('queue.back')}</Button>
        <RecordView batchNumber={opened.batchNumber} />
      </main>
    );
  }
  return (
    <main id="main" data-testid="queue-screen">
      <h1>{t('queue.title')}</h1>
      <ErrorNotice error={error} />
      {rows.length === 0 ? <p>{t('queue.empty')}</p> : null}
      <table data-testid="queue-table">
        <thead>
          <tr>
            <th scope="col">{t('queue.batch')}</th>
            <th scope="col">{t('queue.product')}</th>
            <th scope="col">{t('queue.recipe')}</th>
            <th scope="col">{t('queue.size')}</th>
            <th scope="col">{t('queue.planned')}</th>
            <th scope="col">{t('queue.status')}</th>
            <th scope="col">{t('queue.action')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.batchNumber} data-batch={r.batchNumber}>
              <td>{r.batchNumber}</td>
              <td>{r.productCode}</td>
              <td>
                {r.recipeCode} v{r.recipeVersion}
              </td>
              <td>{formatMass(r.batchSize, i18n.language, t)}</td>
              <td>{r.plannedStart ? formatDateTime(r.plannedStart, i18n.language, tz) : '—'}</td>
              <td>{t(`queue.statuses.${r.status}`)}</td>
              <td>
                <Button
                  variant={r.status === 'complete' ? 'secondary' : 'primary'}
                  onClick={() => {
                    setActive(r.batchNumber);
                    setOpened(r);
                  }}
                  data-testid={`open-${r.batchNumber}`}
                >
                  {t(`queue.open.${r.status}`)}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {[...new Set(rows.filter((r) => r.status === 'in-progress' && r.boothId !== null).map((r) => r.boothId!))].map((boothId) => (
        <DispensaryPanel
          key={boothId}
          boothId={boothId}
          onOpen={(batchNumber) => {
            const row = rows.find((x) => x.batchNumber === batchNumber);
            if (!row) return;
            setActive(batchNumber);
            setOpened(row);
          }}
        />
      ))}
    </main>
  );
}
