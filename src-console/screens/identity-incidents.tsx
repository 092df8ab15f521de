/**
 * Identity incidents (issue 10 item 2): a station that came back with a fresh ledger under a
 * station id the hub knows. Shown to IT and QA beside the stations' sync health, with what the
 * hub knew and what it was offered; the offer was refused and the old ledger is untouched.
 */
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { IdentityIncidentSchema } from '../../src-shared/quality/hub-admin-contract.ts';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';

const short = (hash: string) => `${hash.slice(0, 12)}…`;

export function IdentityIncidents() {
  const { t, i18n } = useTranslation();
  const { api } = useConsole();
  const list = useLoad(() => api.get('/api/v1/admin/identity-incidents', z.array(IdentityIncidentSchema)), 'identity-incidents');
  if (list.error?.code === 'AUTH_ROLE_REQUIRED') return null;
  return (
    <section aria-labelledby="identity-incidents-title">
      <h2 id="identity-incidents-title">{t('incidents.title')}</h2>
      <p className="hint">{t('incidents.explain')}</p>
      <ErrorNotice error={list.error} />
      {list.data && list.data.length === 0 ? <p>{t('incidents.empty')}</p> : null}
      {list.data && list.data.length > 0 ? (
        <table data-testid="identity-incidents">
          <thead>
            <tr>
              <th>{t('stations.station')}</th>
              <th>{t('incidents.detected')}</th>
              <th>{t('incidents.known')}</th>
              <th>{t('incidents.offered')}</th>
              <th>{t('incidents.attempts')}</th>
              <th>{t('stations.status')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((x) => (
              <tr key={x.id} data-station={x.stationId}>
                <td>
                  {x.stationId}
                  <div className="hint">
                    {x.stationName} · {x.site}
                  </div>
                </td>
                <td>
                  {formatTime(x.detectedAt, i18n.language)}
                  <div className="hint">{t('incidents.lastSeen', { time: formatTime(x.lastSeenAt, i18n.language), source: x.source })}</div>
                </td>
                <td>{t('incidents.knownLedger', { hash: short(x.knownGenesisHash), count: x.knownAckSeq })}</td>
                <td>{t('incidents.offeredLedger', { hash: short(x.offeredGenesisHash), time: formatTime(x.offeredGenesisTime, i18n.language) })}</td>
                <td>{x.attempts}</td>
                <td>
                  <span className="badge badge-bad">{t(`incidents.status.${x.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
