/**
 * Device status: each balance with its state, identity, live reading and last error; scanners
 * and printers as configured. A built-in simulated balance (demo, training) gets a small panel
 * to put mass on the pan, clearly marked as simulated. Below, the equipment logbook (FR-111).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BalanceStatusView, DeviceStatusView } from '../../src-shared/api/devices.contract.ts';
import { Button, Card, TextField } from '../components/controls.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { client } from '../state/app-store.ts';
import { useLive } from '../state/live-store.ts';
import { formatMass } from '../i18n/format.ts';
import { Data } from '../components/plant-data.tsx';
import { EquipmentLogbook } from './equipment-logbook.tsx';

export function DevicesScreen() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<DeviceStatusView | null>(null);
  const { run, error } = useAction();
  const load = async () => {
    const r = await run(() => client().call('devices.status', {}));
    if (r) setStatus(r);
  };
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <main id="main" data-testid="devices-screen">
      <h1>{t('devices.title')}</h1>
      <ErrorNotice error={error} />
      <Card title={t('devices.balances')}>
        {status && status.balances.length === 0 ? <p>{t('devices.noBalances')}</p> : null}
        {status?.balances.map((b) => <BalanceCard key={b.id} balance={b} />)}
      </Card>
      <Card title={t('devices.scanners')}>
        <ul>
          {status?.scanners.map((s) => (
            <li key={s.id}>
              {s.id} · {t(`settings.kinds.${s.kind}`)} · {s.port ?? ''} · {t(`devices.states.${s.state}`)}
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('devices.environmentFeed')}>
        {status && !status.environmentFeed ? <p>{t('devices.environmentFeedOff')}</p> : null}
        {status?.environmentFeed ? (
          <p data-testid="environment-feed">
            <span className={`badge ${status.environmentFeed.state === 'connected' ? 'badge-ok' : 'badge-bad'}`} data-testid="environment-feed-state">
              {t(`devices.feedStates.${status.environmentFeed.state}`)}
            </span>{' '}
            {t('devices.environmentFeedLine', { url: status.environmentFeed.url, rooms: status.environmentFeed.rooms.join(', '), readings: status.environmentFeed.readings, last: status.environmentFeed.lastReadingAt ?? '—' })}
            {status.environmentFeed.lastError ? ` · ${status.environmentFeed.lastError.message}` : ''}
          </p>
        ) : null}
      </Card>
      <Card title={t('devices.printers')}>
        {status && status.printers.length === 0 ? <p>{t('common.none')}</p> : null}
        <ul>
          {status?.printers.map((p) => (
            <li key={p.id}>
              {p.id} · {t(`settings.kinds.${p.kind}`)} · {p.address}
            </li>
          ))}
        </ul>
      </Card>
      <EquipmentLogbook />
    </main>
  );
}

function BalanceCard({ balance: b }: { balance: BalanceStatusView }) {
  const { t, i18n } = useTranslation();
  const live = useLive((s) => s.balances[b.id]);
  const reading = live?.net ? { net: live.net, stable: live.stable } : b.lastReading;
  const state = live?.state ?? b.state;
  return (
    <section className="card" data-testid={`balance-${b.id}`} aria-label={`${b.id} ${b.label}`}>
      <h3>
        {b.id} · <Data>{b.label}</Data> {b.port === 'simulated' ? <span className="badge badge-warn">{t('app.simulatedBadge')}</span> : null}
      </h3>
      <p>
        {t('devices.protocol')}: {b.protocol} · {t('devices.port')}: {b.port === 'simulated' ? t('app.simulatedBadge') : b.port} · {t('devices.state')}:{' '}
        <span className={`badge ${state === 'connected' ? 'badge-ok' : 'badge-bad'}`} data-testid="balance-state">
          {t(`devices.states.${state}`)}
        </span>
      </p>
      <p>
        {t('devices.model')}: {b.model ?? '—'} / {b.serialNumber ?? '—'}
      </p>
      <p data-testid="balance-reading">
        {t('devices.reading')}: {reading ? `${formatMass(reading.net, i18n.language, t)} (${reading.stable ? t('devices.stable') : t('devices.unstable')})` : '—'}
      </p>
      {b.lastError ? (
        <p>
          {t('devices.lastError')}: <span title={b.lastError.message}>{t(`errors.${b.lastError.code}`, { defaultValue: b.lastError.code })}</span>
          {i18n.language.startsWith('en') ? ` (${b.lastError.message})` : ''}
        </p>
      ) : null}
      {b.port === 'simulated' ? <SimulatorPanel balanceId={b.id} /> : null}
    </section>
  );
}

function SimulatorPanel({ balanceId }: { balanceId: string }) {
  const { t } = useTranslation();
  const [amount, setAmount] = useState('50');
  const { run, busy, error } = useAction();
  const send = (command: string) => void run(() => client().call('devices.simulate', { balanceId, command }));
  return (
    <div className="card" aria-label={t('devices.simulator')}>
      <h3>{t('devices.simulator')}</h3>
      <p className="hint">{t('devices.simulatorHint')}</p>
      <div className="row">
        <TextField label={t('devices.amount')} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="sim-amount" />
        <Button onClick={() => send(`place ${amount} g`)} disabled={busy} data-testid="sim-place">
          {t('devices.place')}
        </Button>
        <Button onClick={() => send('remove')} disabled={busy} data-testid="sim-clear">
          {t('devices.removeAll')}
        </Button>
      </div>
      <ErrorNotice error={error} />
    </div>
  );
}
