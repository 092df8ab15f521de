/**
 * The station's open alarms on every screen (issue 13 item 5): each in the reader's words with
 * its severity, state, time and whether the hub has it, refreshed every 15 s, with no hub
 * needed. A supervisor or QA person acknowledges one by name with a comment; an alarm cleared
 * before anyone saw it stays here until someone does.
 *
 * The banner sits above the screen the operator is working in, so it must never push that
 * screen's controls (Tare, Capture) out of the window: each alarm is one line (severity, words,
 * when), its state and the acknowledgement folded beneath it — open for those who acknowledge,
 * folded for everyone else — and the whole list is held to a third of the window, scrolling
 * beyond (styles.css `.alarm-banner`).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationAlarmView } from '../../src-shared/alarm/alarm-contract.ts';
import { useAction } from '../hooks/use-action.ts';
import { formatDateTime } from '../i18n/format.ts';
import { client, useApp } from '../state/app-store.ts';
import { Button, TextField } from './controls.tsx';
import { ErrorNotice } from './notices.tsx';
import { alarmWordParams } from '../../src-shared/alarm/alarm-words.ts';

const REFRESH_MS = 15_000;

export function AlarmBanner() {
  const { t } = useTranslation();
  const [alarms, setAlarms] = useState<StationAlarmView[]>([]);
  const load = useCallback(() => {
    void client()
      .call('alarms.list', { open: true })
      .then((r) => r.ok && setAlarms(r.value));
  }, []);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  if (alarms.length === 0) return null;
  return (
    <section className="card alarm-banner" data-testid="alarm-banner" role="alert" aria-labelledby="alarm-title">
      <h2 id="alarm-title">{t('alarms.titleCount', { count: alarms.length })}</h2>
      <ul>
        {alarms.map((a) => (
          <AlarmItem key={a.alarmId} alarm={a} onChange={load} />
        ))}
      </ul>
    </section>
  );
}

function AlarmItem({ alarm: a, onChange }: { alarm: StationAlarmView; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const { session } = useApp();
  const tz = useApp((s) => s.info?.timeZone ?? 'UTC');
  const [comment, setComment] = useState('');
  const { run, busy, error } = useAction();
  const mayAcknowledge = session?.user.roles.some((r) => r === 'supervisor' || r === 'qa') ?? false;
  const params = { ...alarmWordParams(t, i18n.language, a.messageKey, a.params), quantity: t(`alarms.quantity.${(a.params.quantity ?? '').replace(/\./g, '_')}`, { defaultValue: a.params.quantity ?? '' }) };
  const when = (iso: string) => formatDateTime(iso, i18n.language, tz);
  return (
    <li className={`notice ${a.severity === 'critical' ? 'notice-bad' : 'notice-warn'}`} data-testid={`alarm-${a.alarmId}`} data-state={a.state}>
      <span className={`badge ${a.severity === 'critical' ? 'badge-bad' : 'badge-warn'}`}>{t(`alarms.severity.${a.severity}`)}</span> <strong>{t(`alarms.message.${a.messageKey}`, params)}</strong>{' '}
      <span className="alarm-when">{when(a.raisedAt)}</span>
      <details open={mayAcknowledge} data-testid={`alarm-details-${a.alarmId}`}>
        <summary>{mayAcknowledge ? t('alarms.detailsAcknowledge') : t('alarms.details')}</summary>
        <div>
          {t(`alarms.state.${a.state}`)} · {t('alarms.raisedAt', { time: when(a.raisedAt) })}
          {a.clearedAt ? ` · ${t('alarms.clearedAt', { time: when(a.clearedAt) })}` : ''} · {a.atHub ? t('alarms.atHub') : t('alarms.notAtHub')}
        </div>
        <ErrorNotice error={error} testId={`alarm-error-${a.alarmId}`} />
        {mayAcknowledge ? (
          <div className="row">
            <TextField label={t('alarms.comment')} value={comment} maxLength={500} onChange={(e) => setComment(e.target.value)} data-testid={`alarm-comment-${a.alarmId}`} />
            <Button disabled={busy || comment.trim() === ''} onClick={() => void run(() => client().call('alarms.acknowledge', { alarmId: a.alarmId, comment })).then((v) => v && onChange())} data-testid={`alarm-ack-${a.alarmId}`}>
              {t('alarms.acknowledge')}
            </Button>
          </div>
        ) : (
          <p>{t('alarms.onlySupervisor')}</p>
        )}
      </details>
    </li>
  );
}
