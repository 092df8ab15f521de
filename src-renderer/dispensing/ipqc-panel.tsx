/**
 * In-process checks of the running batch (issue 12 item 2): each check with its due / overdue
 * state (asked again every 15 s, so a check falls due on screen on time), the unit counter,
 * typed values or one balance reading per piece, and the signed result. Below, the station's
 * open IPQC alerts (read again as soon as the station says its alarms changed, FR-131), which
 * the supervisor (or QA) acknowledges by name. All of it works with no hub.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpqcAlertView, IpqcBatchView, IpqcCheckView } from '../../src-shared/api/ipqc.contract.ts';
import type { PrecheckView } from '../../src-shared/api/dispensing.contract.ts';
import { Button, SelectField, TextField } from '../components/controls.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { Data } from '../components/plant-data.tsx';
import { useAction } from '../hooks/use-action.ts';
import { client, useApp } from '../state/app-store.ts';
import { useLive } from '../state/live-store.ts';
import { SignDialog } from './sign-dialog.tsx';

const REFRESH_MS = 15_000;
const clock = (iso: string | null, locale: string) => (iso ? new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }) : '—');

export function IpqcPanel({ batchNumber, balances }: { batchNumber: string; balances: PrecheckView['balances'] }) {
  const { t } = useTranslation();
  const [view, setView] = useState<IpqcBatchView | null>(null);
  const [alerts, setAlerts] = useState<IpqcAlertView[]>([]);
  const { run, busy, error } = useAction();
  const load = useCallback(() => {
    void client()
      .call('ipqc.view', { batchNumber })
      .then((r) => r.ok && setView(r.value));
    void client()
      .call('ipqc.alerts', { open: true })
      .then((r) => r.ok && setAlerts(r.value.filter((a) => a.batchNumber === batchNumber)));
  }, [batchNumber]);
  // The open alerts are the IPQC alarms' (one acknowledgement for both): read again at once when
  // the station says the alarms changed (FR-131, e.g. acknowledged at the alarm bar or the hub).
  const alarmsChanged = useLive((s) => s.alarmsChanged);
  useEffect(() => {
    load();
  }, [load, alarmsChanged]);
  useEffect(() => {
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  if (!view || view.checks.length === 0) return null;
  return (
    <section className="card" data-testid="ipqc-panel" aria-labelledby="ipqc-title">
      <h2 id="ipqc-title">{t('ipqc.title')}</h2>
      <ErrorNotice error={error} testId="ipqc-error" />
      {view.running && view.checks.some((c) => c.frequency.every === 'units') ? <UnitCounter view={view} busy={busy} onSave={(units) => void run(() => client().call('ipqc.countOutput', { batchNumber, units })).then((v) => v && setView(v))} /> : null}
      {view.checks.map((c) => (
        <CheckRow key={c.checkId} batchNumber={batchNumber} check={c} running={view.running} balances={balances} run={run} busy={busy} onChange={load} />
      ))}
      <AlertList alerts={alerts} run={run} busy={busy} onChange={load} />
    </section>
  );
}

type Run = ReturnType<typeof useAction>['run'];

function UnitCounter({ view, busy, onSave }: { view: IpqcBatchView; busy: boolean; onSave: (units: number) => void }) {
  const { t } = useTranslation();
  const [units, setUnits] = useState(String(view.units));
  const n = Number(units);
  return (
    <div className="row">
      <TextField label={t('ipqc.units')} inputMode="numeric" value={units} onChange={(e) => setUnits(e.target.value)} data-testid="ipqc-units" />
      <Button disabled={busy || !Number.isInteger(n) || n < 0} onClick={() => onSave(n)} data-testid="ipqc-save-units">
        {t('ipqc.saveUnits')}
      </Button>
    </div>
  );
}

function CheckRow({ batchNumber, check: c, running, balances, run, busy, onChange }: { batchNumber: string; check: IpqcCheckView; running: boolean; balances: PrecheckView['balances']; run: Run; busy: boolean; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState<string[]>(() => Array.from({ length: c.sampleSize }, () => ''));
  const [balanceId, setBalanceId] = useState(balances[0]?.balanceId ?? '');
  const [signing, setSigning] = useState(false);
  const last = c.results.at(-1);
  const badge = c.status === 'overdue' ? 'badge-bad' : c.status === 'due' ? 'badge-warn' : 'badge-muted';
  const when = c.dueAt !== null ? t('ipqc.dueAt', { time: clock(c.dueAt, i18n.language) }) : t('ipqc.dueAtUnits', { units: c.dueAtUnits ?? 0 });
  const typedReady = c.source === 'typed' && values.every((v) => /^-?\d+(\.\d+)?$/.test(v.trim()));
  const readingsReady = c.source === 'balance' && c.readings.length >= c.sampleSize;
  const sampleText = c.source === 'typed' ? values.map((v) => v.trim()).join(', ') : c.readings.map((r) => `${r.mass.amount} ${r.mass.unit}`).join(', ');
  return (
    <div className={`ipqc-check ipqc-${c.status}`} data-testid={`ipqc-check-${c.checkId}`} data-status={c.status}>
      <h3>
        <Data>{c.name}</Data> <span className={`badge ${badge}`}>{t(`ipqc.status.${c.status}`)}</span>
      </h3>
      <p>
        {t(`ipqc.every.${c.frequency.every}`, { n: c.frequency.n })} · {when}
        {c.status === 'overdue' && c.overdueAt ? ` · ${t('ipqc.overdueSince', { time: clock(c.overdueAt, i18n.language) })}` : ''}
        {c.missed > 0 ? ` · ${t('ipqc.missed', { count: c.missed })}` : ''} · {t('ipqc.spec', { lower: c.specification.lower ?? '−∞', upper: c.specification.upper ?? '+∞', unit: c.unit })}
      </p>
      {last ? (
        <p>
          {t('ipqc.last', { value: last.value, unit: last.unit })} <Verdict oos={last.verdict.oos} oot={last.verdict.ootRules.map((r) => r.rule)} />
        </p>
      ) : null}
      {running && c.source === 'typed' ? (
        <div className="row">
          {values.map((v, i) => (
            <TextField key={i} label={t('ipqc.value', { n: i + 1, total: c.sampleSize, unit: c.unit })} inputMode="decimal" value={v} onChange={(e) => setValues(values.map((x, j) => (j === i ? e.target.value : x)))} data-testid={`ipqc-value-${c.checkId}-${i + 1}`} />
          ))}
        </div>
      ) : null}
      {running && c.source === 'balance' ? (
        <div className="row">
          <SelectField label={t('ipqc.balance')} options={balances.map((b) => ({ value: b.balanceId, label: `${b.name} (${b.balanceId})` }))} value={balanceId} onChange={(e) => setBalanceId(e.target.value)} />
          <Button disabled={busy || readingsReady || balanceId === ''} onClick={() => void run(() => client().call('ipqc.readBalance', { batchNumber, checkId: c.checkId, balanceId })).then(onChange)} data-testid={`ipqc-read-${c.checkId}`}>
            {t('ipqc.readTablet', { n: Math.min(c.readings.length + 1, c.sampleSize), total: c.sampleSize })}
          </Button>
          {c.readings.length > 0 ? <span>{t('ipqc.readings', { list: sampleText })}</span> : null}
        </div>
      ) : null}
      {running ? (
        <Button variant="primary" disabled={busy || !(typedReady || readingsReady)} onClick={() => setSigning(true)} data-testid={`ipqc-record-${c.checkId}`}>
          {t('ipqc.record')}
        </Button>
      ) : null}
      {signing ? (
        <SignDialog
          request={{ meaning: 'performed', what: t('ipqc.signWhat', { check: c.name, occurrence: c.occurrence, values: sampleText }), signer: 'own-first' }}
          busy={busy}
          error={null}
          onCancel={() => setSigning(false)}
          onSign={({ username, password, otp }) => {
            void run(() => client().call('ipqc.record', { batchNumber, checkId: c.checkId, ...(c.source === 'typed' ? { values: values.map((v) => v.trim()) } : {}), password, username, ...(otp ? { otp } : {}) })).then((r) => {
              setSigning(false);
              if (r) setValues(values.map(() => ''));
              onChange();
            });
          }}
        />
      ) : null}
    </div>
  );
}

function Verdict({ oos, oot }: { oos: boolean; oot: string[] }) {
  const { t } = useTranslation();
  if (!oos && oot.length === 0) return <span className="badge badge-ok">{t('ipqc.pass')}</span>;
  return (
    <>
      {oos ? <span className="badge badge-bad">{t('ipqc.oos')}</span> : null}
      {oot.length > 0 ? (
        <span className="badge badge-warn">
          {t('ipqc.oot')} <Data>{oot.join(', ')}</Data>
        </span>
      ) : null}
    </>
  );
}

function AlertList({ alerts, run, busy, onChange }: { alerts: IpqcAlertView[]; run: Run; busy: boolean; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const { session } = useApp();
  const mayAcknowledge = session?.user.roles.some((r) => r === 'supervisor' || r === 'qa') ?? false;
  return (
    <div data-testid="ipqc-alerts" role={alerts.length > 0 ? 'alert' : undefined}>
      <h3>{t('ipqc.alertsTitle')}</h3>
      {alerts.length === 0 ? <p>{t('ipqc.noAlerts')}</p> : null}
      <ul>
        {alerts.map((a) => (
          <li key={a.alertId} className="notice notice-bad" data-testid={`ipqc-alert-${a.alertId}`}>
            <span className="badge badge-bad">{t(`ipqc.${a.kind}`)}</span> {clock(a.raisedAt, i18n.language)} · <Data>{a.message}</Data> · {t('ipqc.deviationOpened', { id: a.deviationId })} · {a.atHub ? t('ipqc.atHub') : t('ipqc.notAtHub')}
            {mayAcknowledge ? (
              <Button disabled={busy} onClick={() => void run(() => client().call('ipqc.acknowledgeAlert', { alertId: a.alertId, comment: null })).then(onChange)} data-testid={`ipqc-ack-${a.alertId}`}>
                {t('ipqc.acknowledge')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
