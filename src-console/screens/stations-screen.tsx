/** Stations and their sync health, for IT and QA: what arrived, when, and what the hub refused. */
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { StationHealthSchema } from '../../src-shared/quality/hub-admin-contract.ts';
import { epochOf, wireStationId } from '../../src-shared/sync/ledger-key.ts';
import { Button } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ListTable } from '../components/list-table.tsx';
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
      <ListTable
        list={list}
        empty={t('stations.empty')}
        testId="stations"
        rowKey={(s) => s.stationId}
        columns={[
          {
            header: t('stations.station'),
            cell: (s) => (
              <>
                {s.stationId}
                <div className="hint" translate="no">
                  {s.name}
                </div>
                {epochOf(s.stationId) > 1 ? <div className="hint">{t('stations.epoch', { station: wireStationId(s.stationId), epoch: epochOf(s.stationId) })}</div> : null}
              </>
            ),
          },
          { header: t('stations.site'), noTranslate: true, cell: (s) => s.site },
          {
            header: t('stations.status'),
            cell: (s) => (
              <>
                <span className={`badge ${s.status === 'active' ? 'badge-ok' : 'badge-bad'}`}>{t(`stationStatus.${s.status}`)}</span>
                {s.statusReason ? <div className="hint">{s.statusReason}</div> : null}
              </>
            ),
          },
          { header: t('stations.ack'), cell: (s) => s.ackSeq },
          { header: t('stations.lastPush'), cell: (s) => formatTime(s.lastPushAt, i18n.language) },
          { header: t('stations.lastPull'), cell: (s) => formatTime(s.lastPullAt, i18n.language) },
          { header: t('stations.forks'), cell: (s) => s.openForks },
          { header: t('stations.refusals'), cell: (s) => s.refusals },
          { header: t('stations.lag'), cell: (s) => s.projectionLag },
        ]}
      />
      <IdentityIncidents />
    </>
  );
}
