/**
 * The dispensary of one booth (issue 17 item 1): its open weigh lines across orders grouped by
 * material, the changeover each material would need, and campaign mode — one material weighed
 * for several orders in a row. Each weighing is the order's own (the dispense screen opens the
 * next order of the campaign); every decision here is the station's, recorded in the ledger.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoothQueue } from '../../src-shared/api/dispensary.schema.ts';
import { Button, Card, Checkbox, TextField } from '../components/controls.tsx';
import { ErrorNotice, OkNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { formatMass } from '../i18n/format.ts';
import { client } from '../state/app-store.ts';

export function DispensaryPanel({ boothId, onOpen }: { boothId: string; onOpen: (batchNumber: string) => void }) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState<BoothQueue | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [changeoverFor, setChangeoverFor] = useState<string | null>(null);
  const [cleaned, setCleaned] = useState(false);
  const [cleared, setCleared] = useState(false);
  const [comment, setComment] = useState('');
  const { run, busy, error } = useAction();
  const load = useCallback(async () => {
    const r = await run(() => client().call('dispensary.queue', { boothId }));
    if (r) setQ(r);
  }, [boothId, run]);
  useEffect(() => {
    void load();
  }, [load]);
  if (!q) return <ErrorNotice error={error} />;
  const start = async (materialCode: string, batchNumbers: string[]) => {
    setNote(null);
    const r = await run(() => client().call('dispensary.startCampaign', { boothId, materialCode, batchNumbers }));
    if (r) setNote(t('dispensary.started', { id: r.campaignId }));
    await load();
  };
  const end = async (campaignId: string) => {
    setNote(null);
    const r = await run(() => client().call('dispensary.endCampaign', { boothId, campaignId }));
    if (r) setNote(t('dispensary.ended', { completed: r.completed.length, open: r.open.length }));
    await load();
  };
  const recordChangeover = async (toMaterial: string) => {
    setNote(null);
    const r = await run(() => client().call('dispensary.recordChangeover', { boothId, toMaterial, cleaningConfirmed: cleaned, lineClearanceConfirmed: cleared, comment: comment.trim() || null }));
    if (r) {
      setNote(t('dispensary.changeoverSaved'));
      setChangeoverFor(null);
      setCleaned(false);
      setCleared(false);
      setComment('');
    }
    await load();
  };
  const c = q.campaign;
  return (
    <section data-testid={`dispensary-${boothId}`} aria-label={t('dispensary.title', { booth: boothId })}>
      <h2>{t('dispensary.title', { booth: boothId })}</h2>
      <ErrorNotice error={error} />
      <OkNotice text={note} testId="dispensary-note" />
      {c ? (
        <Card title={t('dispensary.campaign', { id: c.campaignId, material: c.materialCode })}>
          <ol data-testid="campaign-orders">
            {c.orders.map((o) => (
              <li key={o.batchNumber} data-batch={o.batchNumber}>
                {t('dispensary.campaignOrder', { batch: o.batchNumber, line: o.lineId })} ·{' '}
                {o.complete ? (
                  <span className="badge badge-ok">{t('dispensary.campaignDone')}</span>
                ) : o.active ? (
                  <Button variant="primary" onClick={() => onOpen(o.batchNumber)} data-testid={`campaign-weigh-${o.batchNumber}`}>
                    {t('dispensary.campaignNext')}
                  </Button>
                ) : (
                  <span className="badge">{t('dispensary.campaignWaiting')}</span>
                )}
              </li>
            ))}
          </ol>
          <Button disabled={busy} onClick={() => void end(c.campaignId)} data-testid="end-campaign">
            {t('dispensary.endCampaign')}
          </Button>
        </Card>
      ) : null}
      <table data-testid="dispensary-groups">
        <thead>
          <tr>
            <th scope="col">{t('dispensary.material')}</th>
            <th scope="col">{t('dispensary.orders')}</th>
            <th scope="col">{t('dispensary.holdTime')}</th>
            <th scope="col">{t('dispensary.changeover')}</th>
            <th scope="col">{t('queue.action')}</th>
          </tr>
        </thead>
        <tbody>
          {q.groups.map((g) => {
            const ready = g.lines.filter((l) => l.status === 'active');
            const change = q.changeover.find((x) => x.forMaterial === g.materialCode);
            return (
              <tr key={g.materialCode} data-material={g.materialCode}>
                <td>
                  {g.materialCode} · {g.materialName}
                </td>
                <td>
                  {g.lines.map((l) => `${l.batchNumber} (${formatMass(l.target, i18n.language, t)})`).join(', ')}
                  <br />
                  {t('dispensary.ready')}: {ready.length}
                </td>
                <td>{g.holdTimeHours ? t('dispensary.hours', { count: g.holdTimeHours }) : t('dispensary.none')}</td>
                <td data-testid={`changeover-${g.materialCode}`}>
                  {change ? (change.recorded ? t('dispensary.changeoverRecorded') : t(`dispensary.changeoverNeeded.${change.reason}`)) : t('dispensary.noChangeover')}
                </td>
                <td>
                  {change && !change.recorded && !c ? (
                    <Button onClick={() => setChangeoverFor(g.materialCode)} data-testid={`record-changeover-${g.materialCode}`}>
                      {t('dispensary.recordChangeover')}
                    </Button>
                  ) : null}
                  {ready.length > 0 && !c ? (
                    <Button variant="primary" disabled={busy} onClick={() => void start(g.materialCode, ready.map((l) => l.batchNumber))} data-testid={`start-campaign-${g.materialCode}`}>
                      {t('dispensary.startCampaign', { count: ready.length })}
                    </Button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {changeoverFor ? (
        <Card title={t('dispensary.confirmChangeover', { material: changeoverFor })}>
          <Checkbox label={t('dispensary.cleaningConfirmed')} checked={cleaned} onChange={(e) => setCleaned(e.target.checked)} data-testid="changeover-cleaned" />
          <Checkbox label={t('dispensary.lineClearanceConfirmed')} checked={cleared} onChange={(e) => setCleared(e.target.checked)} data-testid="changeover-cleared" />
          <TextField label={t('dispensary.comment')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
          <Button variant="primary" disabled={busy} onClick={() => void recordChangeover(changeoverFor)} data-testid="confirm-changeover">
            {t('dispensary.recordChangeover')}
          </Button>
        </Card>
      ) : null}
    </section>
  );
}
