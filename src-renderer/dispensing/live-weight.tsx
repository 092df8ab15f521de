/**
 * The big live weight and the tolerance bar: target, low and high limits, the needle, and a
 * stable indicator with a word (never by colour alone). Readable from two metres with gloves on.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WindowView } from '../../src-shared/orders/order-view.ts';
import { checkTolerance } from '../../src-shared/recipe/tolerance-window.ts';
import { formatMass } from '../i18n/format.ts';
import { useLive } from '../state/live-store.ts';
import { FRESHNESS_TICK_MS, keyTareNotice, liveWeightView } from './live-weight-state.ts';
import { toleranceBarGeometry } from './tolerance-bar-geometry.ts';
import { ClearTare } from './clear-tare.tsx';

/**
 * The clear-tare control (FR-154) shows where it is the way out: where `offerClear` says so (the
 * balance check before an order; a weighing whose last command was refused for the balance's
 * tare or zero), or while a tare or zero made on the balance's keys is seen live. Never under a
 * step standing on a tare the station set on this balance (`holdsStationTare`: tared, not yet
 * captured; the station refuses it there with DEVICE_BUSY). Shown under every live weight, it
 * pushed the tare step's target and scan below the fold at 1280×800 (station-alarm-fold e2e).
 */
export function LiveWeight({ balanceId, window, holdsStationTare = false, offerClear = false }: { balanceId: string; window: WindowView | null; holdsStationTare?: boolean; offerClear?: boolean }) {
  const { t, i18n } = useTranslation();
  const live = useLive((s) => s.balances[balanceId]);
  const now = useNow(FRESHNESS_TICK_MS);
  // A reading older than the driver's freshness window is never shown as current (live-weight-state.ts).
  const view = liveWeightView(live, now);
  const net = view.net;
  // Exact decimals, the engine's own comparison: the word on screen is the verdict capture will give.
  const verdict = net && window ? checkTolerance(net, window) : null;
  const status = view.notice ? t(view.notice) : null;
  const keyTare = keyTareNotice(live, now);
  return (
    <section className="live" aria-label={t('weigh.liveTitle', { id: balanceId })}>
      <div className="live-value" data-testid="live-weight" data-stable={view.stable ? 'true' : 'false'} data-verdict={verdict ?? ''} data-current={net ? 'true' : 'false'} aria-live="polite">
        {net ? formatMass(net, i18n.language, t) : '—'}
      </div>
      <div className="row">
        {net ? (
          <span className={`badge ${view.stable ? 'badge-ok' : 'badge-warn'}`} data-testid="stable-indicator">
            {view.stable ? t('weigh.stable') : t('weigh.unstable')}
          </span>
        ) : null}
        {verdict ? (
          <span className={`badge ${verdict === 'within' ? 'badge-ok' : 'badge-bad'}`} data-testid="verdict">
            {t(`weigh.verdict.${verdict}`)}
          </span>
        ) : null}
        {status ? (
          <span className="badge badge-bad" data-testid="live-notice">
            {status}
          </span>
        ) : null}
      </div>
      {keyTare ? (
        <p className="notice notice-warn" role="alert" data-testid="key-tare-notice">
          {t('weigh.keyTare', { before: formatMass(keyTare.before, i18n.language, t), after: formatMass(keyTare.after, i18n.language, t) })}
        </p>
      ) : null}
      {window ? <ToleranceBar window={window} net={net} /> : null}
      {!holdsStationTare && (offerClear || keyTare) ? <ClearTare balanceId={balanceId} /> : null}
    </section>
  );
}

/** The window on one proportional scale: the target at its true place between asymmetric limits. */
function ToleranceBar({ window: w, net }: { window: WindowView; net: WindowView['target'] | null }) {
  const { t, i18n } = useTranslation();
  const bar = toleranceBarGeometry(w, net);
  const fmt = (m: WindowView['target']) => formatMass(m, i18n.language, t);
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  return (
    <div className="tolerance" data-testid="tolerance-bar">
      <div className="tolerance-track" aria-hidden="true">
        <div className="tolerance-window" style={{ left: pct(bar.lowerAt), width: pct(bar.upperAt - bar.lowerAt) }} />
        <div className="tolerance-target" data-testid="tol-target-mark" style={{ left: pct(bar.targetAt) }} />
        {bar.needleAt !== null ? <div className="tolerance-needle" data-off-scale={bar.offScale ?? ''} style={{ left: pct(bar.needleAt) }} /> : null}
      </div>
      <dl className="tolerance-labels">
        <div>
          <dt>{t('weigh.low')}</dt>
          <dd data-testid="tol-low">{fmt(w.lower)}</dd>
        </div>
        <div>
          <dt>{t('weigh.target')}</dt>
          <dd data-testid="tol-target">{fmt(w.target)}</dd>
        </div>
        <div>
          <dt>{t('weigh.high')}</dt>
          <dd data-testid="tol-high">{fmt(w.upper)}</dd>
        </div>
      </dl>
    </div>
  );
}

/** This screen's clock, re-read every `periodMs`: a reading ages even when no event arrives. */
function useNow(periodMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}
