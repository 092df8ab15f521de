/**
 * A weighing took more than the container's recorded stock (issue 18 item 11): the station
 * never adjusts stock silently. A supervisor accepts the weighing (it counts, the container is
 * recorded empty) or rejects it (it does not count, the material goes back), with a reason,
 * signing the decision "approved" with their own user name and password.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, TextField } from '../components/controls.tsx';
import { formatMass } from '../i18n/format.ts';
import { SignDialog } from './sign-dialog.tsx';
import type { StepProps } from './step-panels.tsx';
import { Data } from '../components/plant-data.tsx';

export function StockDiscrepancyPanel({ cur, busy, exec, error }: StepProps) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState('');
  const [decision, setDecision] = useState<'accepted' | 'rejected' | null>(null);
  const d = cur.weigh?.stockDiscrepancy;
  if (!d) return null;
  const fmt = (m: { amount: string; unit: 'mg' | 'g' | 'kg' }) => formatMass(m, i18n.language, t);
  const detail = t('stock.detail', { withdrawn: fmt(d.withdrawn), container: d.containerId, recorded: fmt(d.recordedLeft), shortfall: fmt(d.shortfall) });
  const ready = reason.trim().length >= 10 && !busy;
  return (
    <div className="notice notice-bad" role="alert" data-testid="stock-discrepancy">
      <strong>{t('stock.title')}</strong>
      <div className="detail">{detail}</div>
      <TextField label={t('stock.reason')} hint={t('scan.reasonHint')} value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" data-testid="stock-reason" />
      <div className="row">
        <Button variant="primary" big disabled={!ready} onClick={() => setDecision('accepted')} data-testid="stock-accept">
          {t('stock.accept')}
        </Button>
        <Button variant="danger" big disabled={!ready} onClick={() => setDecision('rejected')} data-testid="stock-reject">
          {t('stock.reject')}
        </Button>
      </div>
      {decision ? (
        <SignDialog
          request={{
            meaning: 'approved',
            what: (
              <>
                {`${t(decision === 'accepted' ? 'stock.accept' : 'stock.reject')}: ${detail} `}
                <Data>{reason.trim()}</Data>
              </>
            ),
            signer: 'second',
          }}
          busy={busy}
          error={error}
          onCancel={() => setDecision(null)}
          onSign={({ username, password, otp }) => {
            void exec({ type: 'resolve-stock-discrepancy', stepId: cur.stepId, decision, reason: reason.trim(), username: username ?? '', password, ...(otp ? { otp } : {}) }).then((ok) => ok && setDecision(null));
          }}
        />
      ) : null}
    </div>
  );
}
