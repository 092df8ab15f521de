/**
 * Guided weighing of one material line: scan the container (verified by the engine against
 * the line, the lot's QC status and dates), choose a balance that fits, tare, then weigh live
 * against the tolerance window. Only a stable reading inside the window is accepted; outside
 * it the step is blocked until the operator re-weighs or raises a deviation.
 */
import { useTranslation } from 'react-i18next';
import type { PrecheckView } from '../../src-shared/api/dispensing.contract.ts';
import { atReadability, inReadabilityUnit, type Mass } from '../../src-shared/mass.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { tareWayOut } from './tare-way-out.ts';
import { Button } from '../components/controls.tsx';
import { formatMass } from '../i18n/format.ts';
import { balanceSwitches } from './balance-switch.ts';
import { LiveWeight } from './live-weight.tsx';
import type { StepProps } from './step-panels.tsx';
import { ScanPrompt } from './scan-panel.tsx';
import { StockDiscrepancyPanel } from './stock-discrepancy-panel.tsx';
import { ContainmentPanel } from './containment-panel.tsx';
import { VolumePanel } from './volume-panel.tsx';
import { displayReadability, lineWindowShown, portionWindowShown } from './weigh-display.ts';
import { Data } from '../components/plant-data.tsx';

export function WeighPanel(props: StepProps & { balances: PrecheckView['balances']; error: BatchlineError | null }) {
  const { t, i18n } = useTranslation();
  const { cur, busy, exec, deviate } = props;
  const w = cur.weigh;
  if (!w) return null;
  // Every mass on this screen at the readability of the balance in use (issue 18): readings as read.
  const d = displayReadability(w, props.balances);
  const fmt = (m: Mass, at: Mass | null = null) => formatMass(m, i18n.language, t, at);
  const line = lineWindowShown(w, d);
  const portion = portionWindowShown(w, d);
  const switches = cur.phase === 'need-balance' ? balanceSwitches(props.error, cur.stepId) : null;
  const potencyHint = w.container?.potencyFraction && w.potencyCorrected ? <div className="hint" data-testid="potency-adjusted">{t('weigh.potencyAdjusted', { fraction: w.container.potencyFraction })}</div> : null;
  /** The line's facts; `shown`: the target a phase already shows above them (tare), not repeated. */
  const infoShowing = (shown: 'line' | 'portion' | null) => (
    <dl className="row" data-testid="weigh-info">
      <div>
        <dt>{t('weigh.material')}</dt>
        <dd>
          <Data>{w.materialName}</Data> ({w.materialCode})
        </dd>
      </div>
      <div>
        <dt>{t('weigh.method')}</dt>
        <dd>{t(`weigh.methods.${w.method}`)}</dd>
      </div>
      {w.container ? (
        <div>
          <dt>{t('weigh.container')}</dt>
          <dd data-testid="weigh-container">
            {w.container.containerId} · {w.container.lotId} · {t('weigh.left', { mass: fmt(d ? inReadabilityUnit(w.container.left, d) : w.container.left) })}
          </dd>
        </div>
      ) : null}
      {shown !== 'line' ? (
        <div>
          <dt>{t('weigh.lineTarget')}</dt>
          <dd data-testid="line-target">
            {fmt(line.target)} ({fmt(line.lower)} – {fmt(line.upper)})
          </dd>
        </div>
      ) : null}
      {portion && shown !== 'portion' ? (
        <div>
          <dt>{t('weigh.portionTarget')}</dt>
          <dd data-testid="portion-target">
            {fmt(portion.target)} ({fmt(portion.lower)} – {fmt(portion.upper)})
            {potencyHint}
          </dd>
        </div>
      ) : null}
    </dl>
  );
  const notes = [...w.safetyNotes, ...w.handlingNotes];
  const headerShowing = (shown: 'line' | 'portion' | null) => (
    <>
      {infoShowing(shown)}
      {/* Why the portion's target (shown above, in the tare step) differs from the line's: here, below the fold's controls. */}
      {shown === 'portion' ? potencyHint : null}
      {notes.length > 0 ? (
        <ul className="notice notice-warn">
          {notes.map((n) => (
            <li key={n}>
              <Data>{n}</Data>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
  const header = headerShowing(null);
  switch (cur.phase) {
    case 'need-container':
      return (
        <div>
          {header}
          <ContainmentPanel {...props} />
          <ScanPrompt {...props} material={w.materialName} />
        </div>
      );
    case 'need-balance':
      return (
        <div>
          {header}
          {switches ? (
            <div className="notice notice-warn" data-testid="balance-alternatives">
              <p>{switches.length > 0 ? t('weigh.qualifyingBalances') : t('weigh.noQualifyingBalance')}</p>
              <div className="row">
                {switches.map((b) => (
                  <Button key={b.balanceId} variant="primary" big disabled={busy} onClick={() => void exec(b.command)} data-testid={`switch-balance-${b.balanceId}`}>
                    {t('weigh.switchBalance', { name: b.name, id: b.balanceId, min: fmt(atReadability(b.minimumWeight, b.readability, 'up')), max: fmt(b.capacity) })}
                  </Button>
                ))}
              </div>
            </div>
          ) : null}
          <VolumePanel {...props} />
          <h3>{t('weigh.chooseBalance')}</h3>
          <div className="row">
            {props.balances.map((b) => (
              <Button key={b.balanceId} big disabled={busy} onClick={() => void exec({ type: 'select-balance', stepId: cur.stepId, balanceId: b.balanceId })} data-testid={`balance-choice-${b.balanceId}`}>
                <Data>{b.name}</Data> ({b.balanceId}) · {fmt(b.capacity)} / {fmt(b.readability)}
              </Button>
            ))}
          </div>
          <ScanPrompt {...props} material={w.materialName} rescan />
        </div>
      );
    // Tare and capture: the live weight and the action beside it come first, then the target and
    // the container scan in one compact line each, so all of them stay above the fold at 1280×800
    // and 1366×768 (issue 18 item 17; test/e2e/station-alarm-fold.e2e.test.ts); the line's facts
    // follow below. Safety and handling notes were shown with the scan prompt and are repeated below.
    case 'need-tare':
      return (
        <div>
          <p className="notice notice-warn weigh-hint">{t(`weigh.tareHint.${w.method}`, { balance: w.balance?.balanceId ?? '' })}</p>
          <div className="weigh-act">
            {w.balance ? <LiveWeight balanceId={w.balance.balanceId} window={null} offerClear={tareWayOut(props.error)} /> : <div />}
            <div className="weigh-actions">
              <Button variant="primary" big disabled={busy} onClick={() => void exec({ type: 'tare', stepId: cur.stepId })} data-testid="tare">
                {t('weigh.tare')}
              </Button>
            </div>
          </div>
          {/* The target this weighing takes, once: the facts below leave it out (the line's, when a portion is shown here, stays, with the potency note). */}
          <div className="weigh-target" data-testid="weigh-target">
            <strong>{t(portion ? 'weigh.portionTarget' : 'weigh.lineTarget')}</strong>{' '}
            <span data-testid={portion ? 'portion-target' : 'line-target'}>
              {fmt((portion ?? line).target)} ({fmt((portion ?? line).lower)} – {fmt((portion ?? line).upper)})
            </span>
          </div>
          <div className="weigh-scan">
            <ScanPrompt {...props} material={w.materialName} rescan />
          </div>
          {headerShowing(portion ? 'portion' : 'line')}
        </div>
      );
    case 'need-capture':
    case 'out-of-tolerance':
      return (
        <div>
          {cur.phase === 'out-of-tolerance' && w.lastWeighing ? (
            <div className="notice notice-bad" role="alert" data-testid="out-of-tolerance">
              <strong>{t('weigh.blocked', { net: fmt(w.lastWeighing.net), verdict: t(`weigh.verdict.${w.lastWeighing.verdict}`) })}</strong>
              <div className="detail">{t('weigh.blockedHelp')}</div>
            </div>
          ) : null}
          <p className="weigh-hint">{t(`weigh.captureHint.${w.method}`)}</p>
          <div className="weigh-act">
            {w.balance ? <LiveWeight balanceId={w.balance.balanceId} window={portion ?? line} holdsStationTare={w.tared} offerClear={tareWayOut(props.error)} /> : <div />}
            <div className="weigh-actions">
              <Button variant="primary" big disabled={busy} onClick={() => void exec({ type: 'capture', stepId: cur.stepId })} data-testid="capture">
                {t('weigh.capture')}
              </Button>
              <Button disabled={busy} onClick={() => void exec({ type: 'tare', stepId: cur.stepId })}>
                {t('weigh.retare')}
              </Button>
              {cur.phase === 'out-of-tolerance' ? (
                <Button variant="danger" onClick={() => deviate('out-of-tolerance')} data-testid="raise-deviation">
                  {t('deviation.raise')}
                </Button>
              ) : null}
            </div>
          </div>
          {cur.allowed.includes('scan-container') ? (
            <div className="weigh-scan">
              <ScanPrompt {...props} material={w.materialName} rescan />
            </div>
          ) : null}
          <VolumePanel {...props} />
          {header}
        </div>
      );
    case 'stock-discrepancy':
      return (
        <div>
          {header}
          <StockDiscrepancyPanel {...props} />
        </div>
      );
    default:
      return header;
  }
}
