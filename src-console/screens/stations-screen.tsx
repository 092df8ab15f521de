/** Stations and their sync health, for IT and QA: what arrived, when, and what the hub refused. */
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { StationHealthSchema } from '../../src-shared/quality/hub-admin-contract.ts';
import { epochOf, wireStationId } from '../../src-shared/sync/ledger-key.ts';
import { Button } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { IdentityIncidents } from './identity-incidents.tsx';

export function StationsScreen() {
  const { t, i18n } = useTranslation();
  const { api } = useConsole();
  const list = useLoad(() => api.get('/api/v1/quality/stations', z.array(StationHealthSchema)), 'stations');
  return (
    <>
      <h1>{t('stations.title')}</h1>
      <Button onClick={list.reload}>{t('common.refresh')}</Button>
      <ErrorNotice error={list.error} />
      {list.data && list.data.length === 0 ? <p>{t('stations.empty')}</p> : null}
      {list.data && list.data.length > 0 ? (
        <table data-testid="stations">
          <thead>
            <tr>
              <th>{t('stations.station')}</th>
              <th>{t('stations.site')}</th>
              <th>{t('stations.status')}</th>
              <th>{t('stations.ack')}</th>
              <th>{t('stations.lastPush')}</th>
              <th>{t('stations.lastPull')}</th>
              <th>{t('stations.forks')}</th>
              <th>{t('stations.refusals')}</th>
              <th>{t('stations.lag')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((s) => (
              <tr key={s.stationId}>
                <td>
                  {s.stationId}
                  <div className="hint" translate="no">
                    {s.name}
                  </div>
                  {epochOf(s.stationId) > 1 ? <div className="hint">{t('stations.epoch', { station: wireStationId(s.stationId), epoch: epochOf(s.stationId) })}</div> : null}
                </td>
                <td translate="no">{s.site}</td>
                <td>
                  <span className={`badge ${s.status === 'active' ? 'badge-ok' : 'badge-bad'}`}>{t(`stationStatus.${s.status}`)}</span>
                  {s.statusReason ? <div className="hint">{s.statusReason}</div> : null}
                </td>
                <td>{s.ackSeq}</td>
                <td>{formatTime(s.lastPushAt, i18n.language)}</td>
                <td>{formatTime(s.lastPullAt, i18n.language)}</td>
                <td>{s.openForks}</td>
                <td>{s.refusals}</td>
                <td>{s.projectionLag}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <IdentityIncidents />
    </>
  );
}
