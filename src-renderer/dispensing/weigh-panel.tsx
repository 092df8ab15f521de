/**
 * Guided weighing of one material line: scan the container (verified by the engine against
 * the line, the lot's QC status and dates), choose a balance that fits, tare, then weigh live
 * against the tolerance window. Only a stable reading inside the window is accepted; outside
 * it the step is blocked until the operator re-weighs or raises a deviation.
 */
import { useTranslation } from 'react-i18next';
import type { PrecheckView } from '../../src-shared/api/dispensing.contract.ts';
import { Button } from '../components/controls.tsx';
import { formatMass } from '../i18n/format.ts';
import { LiveWeight } from './live-weight.tsx';
import type { StepProps } from './step-panels.tsx';
import { ScanPrompt } from './scan-panel.tsx';
import { StockDiscrepancyPanel } from './stock-discrepancy-panel.tsx';

export function WeighPanel(props: StepProps & { balances: PrecheckView['balances'] }) {
  const { t, i18n } = useTranslation();
  const { cur, busy, exec, deviate } = props;
  const w = cur.weigh;
  if (!w) return null;
  const fmt = (m: { amount: string; unit: 'mg' | 'g' | 'kg' }) => formatMass(m, i18n.language, t);
  const info = (
    <dl className="row" data-testid="weigh-info">
      <div>
        <dt>{t('weigh.material')}</dt>
        <dd>
          {w.materialName} ({w.materialCode})
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
            {w.container.containerId} · {w.container.lotId} · {t('weigh.left', { mass: fmt(w.container.left) })}
          </dd>
        </div>
      ) : null}
      <div>
        <dt>{t('weigh.lineTarget')}</dt>
        <dd>
          {fmt(w.lineWindow.target)} ({fmt(w.lineWindow.lower)} – {fmt(w.lineWindow.upper)})
        </dd>
      </div>
    </dl>
  );
  const notes = [...w.safetyNotes, ...w.handlingNotes];
  const header = (
    <>
      {info}
      {notes.length > 0 ? (
        <ul className="notice notice-warn">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
  switch (cur.phase) {
    case 'need-container':
      return (
        <div>
          {header}
          <ScanPrompt {...props} material={w.materialName} />
        </div>
      );
    case 'need-balance':
      return (
        <div>
          {header}
          <h3>{t('weigh.chooseBalance')}</h3>
          <div className="row">
            {props.balances.map((b) => (
              <Button key={b.balanceId} big disabled={busy} onClick={() => void exec({ type: 'select-balance', stepId: cur.stepId, balanceId: b.balanceId })} data-testid={`balance-choice-${b.balanceId}`}>
                {b.name} ({b.balanceId}) · {fmt(b.capacity)} / {fmt(b.readability)}
              </Button>
            ))}
          </div>
          <ScanPrompt {...props} material={w.materialName} rescan />
        </div>
      );
    case 'need-tare':
      return (
        <div>
          {header}
          <p className="notice notice-warn">{t(`weigh.tareHint.${w.method}`, { balance: w.balance?.balanceId ?? '' })}</p>
          {w.balance ? <LiveWeight balanceId={w.balance.balanceId} window={null} /> : null}
          <Button variant="primary" big disabled={busy} onClick={() => void exec({ type: 'tare', stepId: cur.stepId })} data-testid="tare">
            {t('weigh.tare')}
          </Button>
          <ScanPrompt {...props} material={w.materialName} rescan />
        </div>
      );
    case 'need-capture':
    case 'out-of-tolerance':
      return (
        <div>
          {header}
          {cur.phase === 'out-of-tolerance' && w.lastWeighing ? (
            <div className="notice notice-bad" role="alert" data-testid="out-of-tolerance">
              <strong>{t('weigh.blocked', { net: fmt(w.lastWeighing.net), verdict: t(`weigh.verdict.${w.lastWeighing.verdict}`) })}</strong>
              <div className="detail">{t('weigh.blockedHelp')}</div>
            </div>
          ) : null}
          <p>{t(`weigh.captureHint.${w.method}`)}</p>
          {w.balance ? <LiveWeight balanceId={w.balance.balanceId} window={w.container?.portionWindow ?? w.lineWindow} /> : null}
          <div className="row">
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
          {cur.allowed.includes('scan-container') ? <ScanPrompt {...props} material={w.materialName} rescan /> : null}
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
