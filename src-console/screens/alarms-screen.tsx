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
import { alarmWordParams } from '../../src-shared/alarm/alarm-words.ts';
import { Button, TextField } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { ListTable } from '../components/list-table.tsx';
import { hasRole } from '../state/session-store.ts';
import type { BatchlineError } from '../../src-shared/result.ts';

export function AlarmsScreen() {
  const { t, i18n } = useTranslation();
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
      <ListTable
        list={list}
        empty={t('alarms.none')}
        emptyTestId="alarms-none"
        className="table"
        testId="alarms"
        rowKey={(a) => `${a.stationId}/${a.alarmId}`}
        rowProps={(a) => ({ 'data-testid': `alarm-${a.alarmId}`, 'data-state': a.state })}
        columns={[
          { header: t('alarms.raisedAt'), cell: (a) => formatTime(a.raisedAt, i18n.language) },
          { header: t('alarms.station'), noTranslate: true, cell: (a) => a.stationId },
          {
            header: t('alarms.severity'),
            cell: (a) => (
              <>
                <span className={`badge ${a.severity === 'critical' ? 'badge-bad' : 'badge-warn'}`}>{t(`alarms.severities.${a.severity}`)}</span>
                {a.escalationLevel > 0 ? <span className="badge badge-warn">{t('alarms.escalated', { level: a.escalationLevel })}</span> : null}
              </>
            ),
          },
          { header: t('alarms.what'), cell: (a) => t(`alarms.message.${a.messageKey}`, { ...alarmWordParams(t, i18n.language, a.messageKey, a.params), quantity: a.params.quantity ? t(`envReview.quantities.${a.params.quantity.replace(/\./g, '_')}`, { defaultValue: a.params.quantity }) : '' }) },
          {
            header: t('alarms.state'),
            cell: (a) => (
              <>
                {t(`alarms.states.${a.state}`)}
                {a.clearedAt ? ` · ${t('alarms.clearedAt', { at: formatTime(a.clearedAt, i18n.language) })}` : ''}
              </>
            ),
          },
          { header: t('alarms.acknowledgement'), cell: (a) => <Acknowledgement alarm={a} onChange={list.reload} /> },
        ]}
      />
    </>
  );
}

/** Who acknowledged the alarm where, or (to a QA person, QP or operator) the form to acknowledge it. */
function Acknowledgement({ alarm: a, onChange }: { alarm: HubAlarm; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const { api, me } = useConsole();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BatchlineError | null>(null);
  const acknowledge = async () => {
    setBusy(true);
    const r = await api.post('/api/v1/alarms/acknowledge', { stationId: a.stationId, alarmId: a.alarmId, comment }, HubAlarmSchema);
    setBusy(false);
    if (r.ok) onChange();
    else setError(r.error);
  };
  const ack = a.acknowledgement;
  return ack ? (
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
  );
}
