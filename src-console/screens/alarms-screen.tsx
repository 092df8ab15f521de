/**
 * Alarms in the console (issue 13 item 5): the stations' alarms as the hub received them by
 * sync, open ones (nobody has acknowledged them) or all, each in the reader's words with its
 * severity, state, escalation level and who acknowledged it where; the signed-in person
 * acknowledges an open one with a comment (audited at the hub).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { HubAlarmSchema, type HubAlarm } from '../../src-shared/alarm/alarm-contract.ts';
import { Button, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { hasRole } from '../state/session-store.ts';
import type { BatchlineError } from '../../src-shared/result.ts';

export function AlarmsScreen() {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [openOnly, setOpenOnly] = useState(true);
  const list = useLoad(() => api.get(`/api/v1/alarms${openOnly ? '?open=true' : ''}`, z.array(HubAlarmSchema)), String(openOnly));
  return (
    <>
      <h1>{t('alarms.title')}</h1>
      <p className="hint">{t('alarms.hint')}</p>
      <Button aria-pressed={openOnly} onClick={() => setOpenOnly((o) => !o)} data-testid="alarms-open-only">
        {t('alarms.openOnly')}
      </Button>
      <ErrorNotice error={list.error} />
      {list.data && list.data.length === 0 ? <p data-testid="alarms-none">{t('alarms.none')}</p> : null}
      {list.data && list.data.length > 0 ? (
        <table className="table" data-testid="alarms">
          <thead>
            <tr>
              <th scope="col">{t('alarms.raisedAt')}</th>
              <th scope="col">{t('alarms.station')}</th>
              <th scope="col">{t('alarms.severity')}</th>
              <th scope="col">{t('alarms.what')}</th>
              <th scope="col">{t('alarms.state')}</th>
              <th scope="col">{t('alarms.acknowledgement')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((a) => (
              <AlarmRow key={`${a.stationId}/${a.alarmId}`} alarm={a} onChange={list.reload} />
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function AlarmRow({ alarm: a, onChange }: { alarm: HubAlarm; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const { api, me } = useConsole();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BatchlineError | null>(null);
  const quantity = a.params.quantity ? t(`envReview.quantities.${a.params.quantity.replace(/\./g, '_')}`, { defaultValue: a.params.quantity }) : '';
  const acknowledge = async () => {
    setBusy(true);
    const r = await api.post('/api/v1/alarms/acknowledge', { stationId: a.stationId, alarmId: a.alarmId, comment }, HubAlarmSchema);
    setBusy(false);
    if (r.ok) onChange();
    else setError(r.error);
  };
  const ack = a.acknowledgement;
  return (
    <tr data-testid={`alarm-${a.alarmId}`} data-state={a.state}>
      <td>{formatTime(a.raisedAt, i18n.language)}</td>
      <td translate="no">{a.stationId}</td>
      <td>
        <span className={`badge ${a.severity === 'critical' ? 'badge-bad' : 'badge-warn'}`}>{t(`alarms.severities.${a.severity}`)}</span>
        {a.escalationLevel > 0 ? <span className="badge badge-warn">{t('alarms.escalated', { level: a.escalationLevel })}</span> : null}
      </td>
      <td>{t(`alarms.message.${a.messageKey}`, { ...a.params, quantity })}</td>
      <td>
        {t(`alarms.states.${a.state}`)}
        {a.clearedAt ? ` · ${t('alarms.clearedAt', { at: formatTime(a.clearedAt, i18n.language) })}` : ''}
      </td>
      <td>
        {ack ? (
          <span data-testid="alarm-acknowledged">{t(a.acknowledgedWhere === 'hub' ? 'alarms.byAtHub' : 'alarms.byAtStation', { name: ack.by, at: formatTime(ack.at, i18n.language), comment: ack.comment })}</span>
        ) : hasRole(me, 'qa', 'qp', 'operator') ? (
          <>
            <TextField label={t('alarms.comment')} value={comment} maxLength={500} onChange={(e) => setComment(e.target.value)} data-testid={`alarm-comment-${a.alarmId}`} />
            <Button disabled={busy || comment.trim() === ''} onClick={() => void acknowledge()} data-testid={`alarm-ack-${a.alarmId}`}>
              {t('alarms.acknowledge')}
            </Button>
            <ErrorNotice error={error} />
          </>
        ) : (
          t('alarms.notAcknowledged')
        )}
      </td>
    </tr>
  );
}
