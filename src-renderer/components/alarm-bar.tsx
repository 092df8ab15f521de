/**
 * The station's open alarms on every screen (issue 13 item 5): each in the reader's words with
 * its severity, state, time and whether the hub has it, read again as soon as the station says
 * they changed (FR-131, a live notice) and every 15 s, with no hub needed. A supervisor or QA
 * person acknowledges one by name with a comment; an alarm cleared before anyone saw it stays
 * here until someone does.
 *
 * The alarms sit in the menu row as one line (`AlarmBar`): the most severe open alarm (critical
 * before warning, one still active before one cleared, the newest first; a cleared one marked
 * so) in words and how many are open, so no number of alarms adds a pixel of height above the
 * screen the operator works in. At 1280×800 the dispense screen had
 * 49 px to spare, and the list that stood above it (~158 px for one alarm) pushed Tare and
 * Capture below the fold (docs/known-issues.md until this change;
 * test/e2e/station-alarm-fold.e2e.test.ts). The bar opens the whole list on demand, as a dialog
 * over the screen: each alarm one line, its state and the acknowledgement folded beneath it —
 * open for those who acknowledge, folded for everyone else.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationAlarmView } from '../../src-shared/alarm/alarm-contract.ts';
import { useAction } from '../hooks/use-action.ts';
import { formatDateTime } from '../i18n/format.ts';
import { client, useApp } from '../state/app-store.ts';
import { useLive } from '../state/live-store.ts';
import { Button, TextField } from './controls.tsx';
import { Dialog } from './dialog.tsx';
import { ErrorNotice } from './notices.tsx';
import { alarmWordParams } from '../../src-shared/alarm/alarm-words.ts';

const REFRESH_MS = 15_000;

/** Whether the alarm's condition is gone (cleared, waiting for someone to acknowledge it). */
const isCleared = (a: StationAlarmView) => a.state === 'cleared-unacknowledged' || a.state === 'closed';

/**
 * The alarm the bar names: critical before warning; within a severity, one whose condition still
 * holds before one already cleared; then the newest (the list comes newest first).
 */
export function mostSevere(alarms: readonly StationAlarmView[]): StationAlarmView | null {
  const rank = (a: StationAlarmView) => (a.severity === 'critical' ? 0 : 2) + (isCleared(a) ? 1 : 0);
  return alarms.reduce<StationAlarmView | null>((best, a) => (best === null || rank(a) < rank(best) ? a : best), null);
}

export function AlarmBar() {
  const { t } = useTranslation();
  const [alarms, setAlarms] = useState<StationAlarmView[]>([]);
  const [open, setOpen] = useState(false);
  const load = useCallback(() => {
    void client()
      .call('alarms.list', { open: true })
      .then((r) => {
        if (!r.ok) return;
        setAlarms(r.value);
        // The list emptied (the last alarm acknowledged elsewhere): it closes, so that the next
        // alarm shows in the bar and does not open the list by itself over the screen.
        if (r.value.length === 0) setOpen(false);
      });
  }, []);
  // Read at once when the station says the alarms changed (FR-131: a balance lost, an
  // acknowledgement at another client), and at mount; every REFRESH_MS as well, for a live feed
  // that was down (a station restart) while they changed.
  const changed = useLive((s) => s.alarmsChanged);
  useEffect(() => {
    load();
  }, [load, changed]);
  useEffect(() => {
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  const top = mostSevere(alarms);
  if (!top) return null;
  const critical = top.severity === 'critical';
  return (
    <>
      {/* B3: a critical alarm stays above any open dialog's overlay (styles.css, alarm-bar-over-dialogs), readable, and takes no focus. */}
      <div className={`alarm-bar ${critical ? 'alarm-bar-bad alarm-bar-over-dialogs' : 'alarm-bar-warn'}`} role="alert" data-testid="alarm-bar" data-count={alarms.length} data-severity={top.severity} data-state={top.state}>
        <button
          type="button"
          className="alarm-bar-button"
          aria-haspopup="dialog"
          aria-expanded={open}
          onClick={() => {
            load();
            setOpen(true);
          }}
          data-testid="alarm-bar-open"
        >
          <span className={`badge ${critical ? 'badge-bad' : 'badge-warn'}`}>{t(`alarms.severity.${top.severity}`)}</span>
          <strong className="alarm-bar-words">
            <AlarmWords alarm={top} />
          </strong>
          {isCleared(top) ? (
            <span className="alarm-bar-cleared" data-testid="alarm-bar-cleared">
              {t('alarms.barCleared')}
            </span>
          ) : null}
          <span className="alarm-bar-count">{t('alarms.barCount', { count: alarms.length })}</span>
        </button>
      </div>
      {open ? (
        <Dialog title={t('alarms.titleCount', { count: alarms.length })} onClose={() => setOpen(false)} testId="alarm-list">
          <ul className="alarm-list">
            {alarms.map((a) => (
              <AlarmItem key={a.alarmId} alarm={a} onChange={load} />
            ))}
          </ul>
          <Button onClick={() => setOpen(false)} data-testid="alarm-list-close">
            {t('common.close')}
          </Button>
        </Dialog>
      ) : null}
    </>
  );
}

/** An alarm's message in the reader's words. */
function AlarmWords({ alarm: a }: { alarm: StationAlarmView }) {
  const { t, i18n } = useTranslation();
  const params = { ...alarmWordParams(t, i18n.language, a.messageKey, a.params), quantity: t(`alarms.quantity.${(a.params.quantity ?? '').replace(/\./g, '_')}`, { defaultValue: a.params.quantity ?? '' }) };
  return <>{t(`alarms.message.${a.messageKey}`, params)}</>;
}

function AlarmItem({ alarm: a, onChange }: { alarm: StationAlarmView; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const { session } = useApp();
  const tz = useApp((s) => s.info?.timeZone ?? 'UTC');
  const [comment, setComment] = useState('');
  const { run, busy, error } = useAction();
  const mayAcknowledge = session?.user.roles.some((r) => r === 'supervisor' || r === 'qa') ?? false;
  const when = (iso: string) => formatDateTime(iso, i18n.language, tz);
  return (
    <li className={`notice ${a.severity === 'critical' ? 'notice-bad' : 'notice-warn'}`} data-testid={`alarm-${a.alarmId}`} data-state={a.state}>
      <span className={`badge ${a.severity === 'critical' ? 'badge-bad' : 'badge-warn'}`}>{t(`alarms.severity.${a.severity}`)}</span> <strong>
        <AlarmWords alarm={a} />
      </strong>{' '}
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
