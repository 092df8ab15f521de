/**
 * The big live weight and the tolerance bar: target, low and high limits, the needle, and a
 * stable indicator with a word (never by colour alone). Readable from two metres with gloves on.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WindowView } from '../../src-shared/orders/order-view.ts';
import { formatMass } from '../i18n/format.ts';
import { useLive } from '../state/live-store.ts';
import { FRESHNESS_TICK_MS, liveWeightView } from './live-weight-state.ts';
import { barPosition, verdictOf } from './mass-math.ts';

export function LiveWeight({ balanceId, window }: { balanceId: string; window: WindowView | null }) {
  const { t, i18n } = useTranslation();
  const live = useLive((s) => s.balances[balanceId]);
  const now = useNow(FRESHNESS_TICK_MS);
  const view = liveWeightView(live, now);
  const net = view.net;
  const verdict = net && window ? verdictOf(net, window.lower, window.upper) : null;
  const status = view.notice ? t(view.notice) : null;
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
      {window ? <ToleranceBar window={window} net={net} /> : null}
    </section>
  );
}

function ToleranceBar({ window: w, net }: { window: WindowView; net: { amount: string; unit: 'mg' | 'g' | 'kg' } | null }) {
  const { t, i18n } = useTranslation();
  const pos = net ? barPosition(net, w.lower, w.upper) : null;
  const fmt = (m: WindowView['target']) => formatMass(m, i18n.language, t);
  return (
    <div className="tolerance" data-testid="tolerance-bar">
      <div className="tolerance-track" aria-hidden="true">
        <div className="tolerance-window" />
        <div className="tolerance-target" />
        {pos !== null ? <div className="tolerance-needle" style={{ left: `${(pos * 100).toFixed(2)}%` }} /> : null}
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
