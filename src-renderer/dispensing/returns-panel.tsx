/**
 * Returns to stock and reconciliation of the order (issue 17 items 5 and 6): each container
 * issued to the order with its theoretical remaining, weighed back on a balance of the booth
 * (never typed here), a supervisor's decision on a difference beyond the limit (signed
 * "approved"), the RETURN label, and the order's reconciliation once every container is back.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrecheckView } from '../../src-shared/api/dispensing.contract.ts';
import type { EngineCommandInput } from '../../src-shared/orders/engine-command.ts';
import type { OrderView } from '../../src-shared/orders/order-view.ts';
import type { IssuedContainerView } from '../../src-shared/orders/reconciliation-view.ts';
import { RETURN_DECISIONS, type ReturnDecision } from '../../src-shared/reconciliation/return-finding.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, Checkbox, SelectField, TextField } from '../components/controls.tsx';
import { Data } from '../components/plant-data.tsx';
import { formatMass } from '../i18n/format.ts';
import { SignDialog } from './sign-dialog.tsx';
import { defaultReturnBalance, returnMassShown, returnReadability } from './return-display.ts';

interface Props {
  view: OrderView;
  balances: PrecheckView['balances'];
  busy: boolean;
  error: BatchlineError | null;
  exec: (cmd: EngineCommandInput) => Promise<boolean>;
}

export function ReturnsPanel({ view, balances, busy, error, exec }: Props) {
  const { t } = useTranslation();
  const r = view.reconciliation;
  if (!r || view.status !== 'in-progress') return null;
  return (
    <section className="card" aria-labelledby="returns-title" data-testid="returns-panel">
      <h2 id="returns-title">{t('returns.title')}</h2>
      {r.containers.map((c) => (
        <ContainerReturn key={c.containerId} c={c} balances={balances} busy={busy} error={error} exec={exec} />
      ))}
      {r.canReconcile ? (
        <Button variant="primary" big disabled={busy} onClick={() => void exec({ type: 'reconcile-order' })} data-testid="reconcile-order">
          {t('returns.reconcile')}
        </Button>
      ) : null}
      {r.recordedSeq !== null ? <p data-testid="reconciled">{t('returns.reconciled')}</p> : null}
    </section>
  );
}

function ContainerReturn({ c, balances, busy, error, exec }: { c: IssuedContainerView } & Omit<Props, 'view'>) {
  const { t, i18n } = useTranslation();
  const [picked, setBalanceId] = useState('');
  // The booth's balances arrive after the first render: until one is picked, the booth's finest that carries the theory is the choice shown and used.
  const balanceId = picked || defaultReturnBalance(c.theoretical, balances)?.balanceId || '';
  const [empty, setEmpty] = useState(false);
  const [reason, setReason] = useState('');
  const [decision, setDecision] = useState<ReturnDecision | null>(null);
  const ret = c.return;
  // Every mass at the balance's readability, as on the weigh screen (never "4.8400000 kg").
  const readability = returnReadability(c, balances.find((b) => b.balanceId === balanceId));
  const fmt = (m: { amount: string; unit: 'mg' | 'g' | 'kg' }) => formatMass(returnMassShown(m, readability), i18n.language, t);
  const status = !ret
    ? t(c.returnable ? 'returns.notBack' : 'returns.inUse')
    : ret.status === 'awaiting-decision'
      ? t('returns.awaitingDecision', { remaining: fmt(ret.remaining), difference: fmt(ret.difference) })
      : ret.status === 'awaiting-verification'
        ? t('returns.awaitingVerification', { remaining: fmt(ret.remaining) })
        : ret.declaredEmpty
          ? t('returns.empty', { remaining: fmt(ret.remaining) })
          : t('returns.settled', { remaining: fmt(ret.returned), difference: fmt(ret.difference) });
  return (
    <div className="row" data-testid={`return-${c.containerId}`} data-status={ret?.status ?? 'open'}>
      <div>
        <strong>
          <Data>{c.containerId}</Data>
        </strong>{' '}
        · <Data>{c.materialCode}</Data> · <Data>{c.lotId}</Data> · {t('returns.theoretical')}: <Data>{fmt(c.theoretical)}</Data>
        <div data-testid="return-status">{status}</div>
        {ret?.labelled ? <div data-testid="return-labelled">{t('returns.labelled')}</div> : null}
      </div>
      {!ret && c.returnable ? (
        <>
          <SelectField label={t('returns.balance')} value={balanceId} onChange={(e) => setBalanceId(e.target.value)} options={balances.map((b) => ({ value: b.balanceId, label: b.balanceId }))} data-testid="return-balance" />
          <Checkbox label={t('returns.declareEmpty')} checked={empty} onChange={(e) => setEmpty(e.target.checked)} data-testid="return-empty" />
          <Button variant="primary" disabled={busy || !balanceId} onClick={() => void exec({ type: 'weigh-return', containerId: c.containerId, balanceId, declareEmpty: empty })} data-testid="weigh-return">
            {t('returns.weighBack', { container: c.containerId })}
          </Button>
        </>
      ) : null}
      {ret?.status === 'awaiting-decision' ? (
        <>
          <TextField label={t('returns.reason')} hint={t('scan.reasonHint')} value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" data-testid="return-reason" />
          {RETURN_DECISIONS.map((d) => (
            <Button key={d} disabled={busy || reason.trim().length < 10} onClick={() => setDecision(d)} data-testid={`return-decide-${d}`}>
              {t(`returns.decide.${d}`)}
            </Button>
          ))}
        </>
      ) : null}
      {ret?.status === 'settled' && !ret.declaredEmpty && !ret.labelled ? (
        <Button disabled={busy} onClick={() => void exec({ type: 'print-return-label', containerId: c.containerId })} data-testid="print-return-label">
          {t('returns.printLabel')}
        </Button>
      ) : null}
      {decision ? (
        <SignDialog
          request={{ meaning: 'approved', what: <>{`${t(`returns.decide.${decision}`)}: ${c.containerId} `}<Data>{reason.trim()}</Data></>, signer: 'second' }}
          busy={busy}
          error={error}
          onCancel={() => setDecision(null)}
          onSign={({ username, password, otp }) => {
            void exec({ type: 'resolve-return-discrepancy', containerId: c.containerId, decision, reason: reason.trim(), username: username ?? '', password, ...(otp ? { otp } : {}) }).then((ok) => ok && setDecision(null));
          }}
        />
      ) : null}
    </div>
  );
}
