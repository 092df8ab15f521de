/** The batch record of any order, for operators, supervisors, QA and QPs. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../components/controls.tsx';
import { client } from '../state/app-store.ts';
import { RecordView } from './record-view.tsx';

export function RecordScreen() {
  const { t } = useTranslation();
  const [batches, setBatches] = useState<string[]>([]);
  const [batch, setBatch] = useState<string | null>(null);
  useEffect(() => {
    void client()
      .call('orders.queue', {})
      .then((r) => {
        if (!r.ok) return;
        const started = r.value.filter((x) => x.status !== 'planned').map((x) => x.batchNumber);
        setBatches(started);
        setBatch((b) => b ?? started[0] ?? null);
      });
  }, []);
  return (
    <main id="main" data-testid="record-screen">
      <h1>{t('nav.record')}</h1>
      <SelectField label={t('queue.batch')} value={batch ?? ''} options={batches.map((b) => ({ value: b, label: b }))} onChange={(e) => setBatch(e.target.value)} />
      {batch ? <RecordView batchNumber={batch} /> : <p>{t('queue.empty')}</p>}
    </main>
  );
}
