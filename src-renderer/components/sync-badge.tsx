/** The hub sync state on every screen: a word and a colour, refreshed every 15 s. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusView } from '../../src-shared/api/station.contract.ts';
import { client, useApp } from '../state/app-store.ts';
import { formatDateTime } from '../i18n/format.ts';

const TONE: Record<SyncStatusView['phase'], string> = {
  standalone: 'badge-muted',
  'enrolment-pending': 'badge-warn',
  idle: 'badge-ok',
  pushing: 'badge-ok',
  pulling: 'badge-ok',
  offline: 'badge-warn',
  refused: 'badge-bad',
};

export function SyncBadge() {
  const { t, i18n } = useTranslation();
  const info = useApp((s) => s.info);
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      const r = await client().call('sync.status', {});
      if (alive && r.ok) setStatus(r.value);
    };
    void load();
    const timer = setInterval(load, 15_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  if (!status) return null;
  const last = status.lastPushAt ?? status.lastPullAt;
  const extra = [
    status.phase !== 'standalone' && status.pendingEntries > 0 ? t('sync.pending', { count: status.pendingEntries }) : null,
    last && info ? t('sync.lastSync', { time: formatDateTime(last, i18n.language, info.timeZone) }) : null,
  ].filter(Boolean);
  const time = status.time && !status.time.trusted ? status.time : null;
  return (
    <>
      <span className={`badge ${TONE[status.phase]}`} data-testid="sync-badge" data-state={status.phase}>
        {t('sync.label')}: {t(`sync.${status.phase}`)}
        {extra.length ? ` · ${extra.join(' · ')}` : ''}
      </span>
      {time ? (
        // Trusted time (A11-22): the station says it cannot trust its clock, on every screen.
        <span className={`badge ${time.policy === 'block' ? 'badge-bad' : 'badge-warn'}`} data-testid="time-untrusted" data-policy={time.policy} role="alert">
          {t(time.policy === 'block' ? 'sync.timeUntrustedBlock' : 'sync.timeUntrustedFlag', { seconds: time.driftSeconds === null ? '?' : Math.round(time.driftSeconds) })}
        </span>
      ) : null}
    </>
  );
}
