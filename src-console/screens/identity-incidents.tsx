/**
 * Identity incidents (issue 10 item 2): a station that came back with a fresh ledger under a
 * station id the hub knows. Shown to IT and QA beside the stations' sync health, with what the
 * hub knew and what it was offered; the offer was refused and the old ledger is untouched.
 * An administrator and a QA person (two people, each in their own role, with a reason) may
 * accept the new identity: it then enrols and syncs under its own identity epoch (`ST-01~2`).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { IdentityIncidentSchema, type IdentityIncident } from '../../src-shared/quality/hub-admin-contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, TextField } from '../../src-renderer/components/controls.tsx';
import { Dialog } from '../../src-renderer/components/dialog.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { ListTable } from '../components/list-table.tsx';

const short = (hash: string) => `${hash.slice(0, 12)}…`;

export function IdentityIncidents() {
  const { t, i18n } = useTranslation();
  const { api, me } = useConsole();
  const list = useLoad(() => api.get('/api/v1/admin/identity-incidents', z.array(IdentityIncidentSchema)), 'identity-incidents');
  const [accepting, setAccepting] = useState<{ incident: IdentityIncident; role: 'admin' | 'qa' } | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<BatchlineError | null>(null);
  if (list.error?.code === 'AUTH_ROLE_REQUIRED') return null;
  const accept = async () => {
    const r = await api.post(`/api/v1/admin/identity-incidents/${accepting!.incident.id}/accept`, { role: accepting!.role, reason }, IdentityIncidentSchema);
    if (!r.ok) return setError(r.error);
    setAccepting(null);
    list.reload();
  };
  // The role this person may still accept in: their own, not yet taken, and not the other one's taker.
  const canAccept = (x: IdentityIncident, role: 'admin' | 'qa') =>
    x.status === 'open' && me.roles.includes(role) && (role === 'admin' ? !x.adminAcceptedBy && x.qaAcceptedBy !== me.username : !x.qaAcceptedBy && x.adminAcceptedBy !== me.username);
  return (
    <section aria-labelledby="identity-incidents-title">
      <h2 id="identity-incidents-title">{t('incidents.title')}</h2>
      <p className="hint">{t('incidents.explain')}</p>
      <ListTable
        list={list}
        empty={t('incidents.empty')}
        testId="identity-incidents"
        rowKey={(x) => x.id}
        rowProps={(x) => ({ 'data-station': x.stationId })}
        columns={[
          {
            header: t('stations.station'),
            cell: (x) => (
              <>
                {x.stationId}
                <div className="hint">
                  {x.stationName} · {x.site}
                </div>
              </>
            ),
          },
          {
            header: t('incidents.detected'),
            cell: (x) => (
              <>
                {formatTime(x.detectedAt, i18n.language)}
                <div className="hint">{t('incidents.lastSeen', { time: formatTime(x.lastSeenAt, i18n.language), source: x.source })}</div>
              </>
            ),
          },
          { header: t('incidents.known'), cell: (x) => t('incidents.knownLedger', { hash: short(x.knownGenesisHash), count: x.knownAckSeq }) },
          { header: t('incidents.offered'), cell: (x) => t('incidents.offeredLedger', { hash: short(x.offeredGenesisHash), time: formatTime(x.offeredGenesisTime, i18n.language) }) },
          { header: t('incidents.attempts'), cell: (x) => x.attempts },
          {
            header: t('stations.status'),
            cell: (x) => (
              <>
                <span className={`badge ${x.status === 'accepted' ? 'badge-ok' : 'badge-bad'}`}>{t(`incidents.status.${x.status}`)}</span>
                {x.status === 'accepted' && x.ledgerKey ? (
                  <div className="hint" data-testid="identity-epoch">
                    {t('incidents.epoch', { key: x.ledgerKey, epoch: x.epoch, time: formatTime(x.offeredGenesisTime, i18n.language), admin: x.adminAcceptedBy, qa: x.qaAcceptedBy })}
                  </div>
                ) : null}
                {x.status === 'open' && x.adminAcceptedBy ? <div className="hint">{t('incidents.acceptedBy.admin', { name: x.adminAcceptedBy, time: formatTime(x.adminAcceptedAt, i18n.language) })}</div> : null}
                {x.status === 'open' && x.qaAcceptedBy ? <div className="hint">{t('incidents.acceptedBy.qa', { name: x.qaAcceptedBy, time: formatTime(x.qaAcceptedAt, i18n.language) })}</div> : null}
                {(['admin', 'qa'] as const)
                  .filter((role) => canAccept(x, role))
                  .map((role) => (
                    <Button
                      key={role}
                      data-testid={`accept-identity-${role}`}
                      onClick={() => {
                        setError(null);
                        setReason('');
                        setAccepting({ incident: x, role });
                      }}
                    >
                      {t(`incidents.accept.${role}`)}
                    </Button>
                  ))}
              </>
            ),
          },
        ]}
      />
      {accepting ? (
        <Dialog title={t('incidents.acceptTitle', { station: accepting.incident.stationId })} onClose={() => setAccepting(null)}>
          <p className="hint">{t('incidents.acceptExplain')}</p>
          <TextField label={t('users.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
          <ErrorNotice error={error} />
          <div className="row">
            <Button variant="danger" disabled={reason.trim().length < 3} onClick={() => void accept()} data-testid="accept-identity-confirm">
              {t(`incidents.accept.${accepting.role}`)}
            </Button>
            <Button onClick={() => setAccepting(null)}>{t('common.cancel')}</Button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}
