/**
 * IPQC in the console (issue 12 item 2): the OOS/OOT alerts stations raised, as the hub received
 * them, and a batch's IPQC results with their verdicts for the QP's one-stop review.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { BatchIpqcSchema, HubIpqcAlertSchema, type HubIpqcAlert, type HubIpqcResult } from '../../src-shared/quality/ipqc-contract.ts';
import { Button } from '../../src-renderer/components/controls.tsx';
import { useConsole } from '../console-context.ts';
import { useLoad } from '../components/use-load.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatTime } from '../components/format.ts';
import { systemReasonText } from '../components/system-text.ts';

function VerdictBadges({ oos, oot }: { oos: boolean; oot: string[] }) {
  const { t } = useTranslation();
  if (!oos && oot.length === 0) return <span className="badge badge-muted">{t('ipqc.pass')}</span>;
  return (
    <>
      {oos ? <span className="badge badge-bad" data-testid="ipqc-oos">{t('ipqc.oos')}</span> : null}{' '}
      {oot.length > 0 ? (
        <span className="badge badge-warn" data-testid="ipqc-oot" title={oot.join(', ')}>
          {t('ipqc.oot')} <span translate="no">{oot.join(', ')}</span>
        </span>
      ) : null}
    </>
  );
}

function AlertRows({ alerts, showBatch }: { alerts: HubIpqcAlert[]; showBatch: boolean }) {
  const { t, i18n } = useTranslation();
  const { navigate } = useConsole();
  return (
    <table className="table" data-testid="ipqc-alerts">
      <thead>
        <tr>
          <th scope="col">{t('ipqc.raisedAt')}</th>
          {showBatch ? <th scope="col">{t('ipqc.batch')}</th> : null}
          <th scope="col">{t('ipqc.kind')}</th>
          <th scope="col">{t('ipqc.check')}</th>
          <th scope="col">{t('ipqc.value')}</th>
          <th scope="col">{t('ipqc.message')}</th>
          <th scope="col">{t('ipqc.stationDeviation')}</th>
          <th scope="col">{t('ipqc.acknowledged')}</th>
          <th scope="col">{t('ipqc.record')}</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <tr key={`${a.stationId}#${a.seq}`} data-testid={`ipqc-alert-${a.alertId}`}>
            <td>{formatTime(a.raisedAt, i18n.language)}</td>
            {showBatch ? (
              <td>
                <Button onClick={() => navigate(`batches/${encodeURIComponent(a.batchNumber)}`)}>{a.batchNumber}</Button>
              </td>
            ) : null}
            <td>
              <span className={`badge ${a.kind === 'oos' ? 'badge-bad' : 'badge-warn'}`}>{t(`ipqc.${a.kind}`)}</span>
            </td>
            <td translate="no">{`${a.checkName} (${a.checkId})`}</td>
            <td translate="no">{`${a.value} ${a.unit}`}</td>
            {/* FR-112/FR-117: the station's words as a code and values, in the reader's language; an alert from before keeps its English text. */}
            <td data-testid="ipqc-alert-message" {...(a.messageKey ? {} : { translate: 'no' as const })}>
              {systemReasonText(t, a.messageKey, a.messageParams, a.message)}
            </td>
            <td translate="no">{`${a.deviationId} · ${a.stationId} #${a.deviationSeq ?? '—'}`}</td>
            <td>{a.acknowledgedAt ? t('ipqc.acknowledgedBy', { name: a.acknowledgedBy ?? '—', at: formatTime(a.acknowledgedAt, i18n.language) }) : t('ipqc.notAcknowledged')}</td>
            <td>{a.record ? <Button onClick={() => navigate(`deviations/${a.record!.id}`)}>{`${a.record.id} · ${t(`devState.${a.record.state}`, { defaultValue: a.record.state })}`}</Button> : <span className="badge badge-bad">{t('ipqc.noRecord')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function IpqcAlertsScreen() {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [openOnly, setOpenOnly] = useState(true);
  const list = useLoad(() => api.get(`/api/v1/quality/ipqc/alerts${openOnly ? '?open=true' : ''}`, z.array(HubIpqcAlertSchema)), String(openOnly));
  return (
    <>
      <h1>{t('ipqc.title')}</h1>
      <p className="hint">{t('ipqc.hint')}</p>
      <Button aria-pressed={openOnly} onClick={() => setOpenOnly((o) => !o)} data-testid="ipqc-open-only">
        {t('ipqc.openOnly')}
      </Button>
      <ErrorNotice error={list.error} />
      {list.data && list.data.length === 0 ? <p data-testid="ipqc-no-alerts">{t('ipqc.noAlerts')}</p> : null}
      {list.data && list.data.length > 0 ? <AlertRows alerts={list.data} showBatch /> : null}
    </>
  );
}

function ResultRows({ results }: { results: HubIpqcResult[] }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="table" data-testid="ipqc-results">
      <thead>
        <tr>
          <th scope="col">{t('ipqc.check')}</th>
          <th scope="col">{t('ipqc.occurrence')}</th>
          <th scope="col">{t('ipqc.recordedAt')}</th>
          <th scope="col">{t('ipqc.value')}</th>
          <th scope="col">{t('ipqc.specification')}</th>
          <th scope="col">{t('ipqc.verdict')}</th>
          <th scope="col">{t('ipqc.signedBy')}</th>
        </tr>
      </thead>
      <tbody>
        {results.map((r) => (
          <tr key={`${r.stationId}#${r.seq}`}>
            <td translate="no">{`${r.checkName} (${r.checkId})`}</td>
            <td>
              {r.occurrence}
              {r.overdue ? <span className="badge badge-warn">{t('ipqc.late')}</span> : null}
            </td>
            <td>{formatTime(r.recordedAt, i18n.language)}</td>
            <td translate="no">{`${r.value} ${r.unit}`}</td>
            <td translate="no">{`${r.specification.lower ?? '−∞'} … ${r.specification.upper ?? '+∞'}`}</td>
            <td>
              <VerdictBadges oos={r.verdict.oos} oot={r.verdict.ootRules.map((x) => x.rule)} />
            </td>
            <td>{r.signedBy ?? <span className="badge badge-bad">{t('ipqc.unsigned')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The batch page's IPQC section: results, then the alerts they raised. */
export function BatchIpqcSection({ batch }: { batch: string }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const view = useLoad(() => api.get(`/api/v1/quality/batches/${encodeURIComponent(batch)}/ipqc`, BatchIpqcSchema), batch);
  const v = view.data;
  return (
    <section className="card" data-testid="batch-ipqc">
      <h2>{t('ipqc.batchTitle')}</h2>
      <ErrorNotice error={view.error} />
      {v && v.results.length === 0 ? <p>{t('ipqc.noResults')}</p> : null}
      {v && v.results.length > 0 ? (
        <>
          <p data-testid="ipqc-summary">{t('ipqc.summary', { count: v.results.length, oos: v.oos, oot: v.oot })}</p>
          <ResultRows results={v.results} />
        </>
      ) : null}
      {v && v.alerts.length > 0 ? <AlertRows alerts={v.alerts} showBatch={false} /> : null}
    </section>
  );
}
