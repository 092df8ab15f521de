/**
 * FR-141: settling a print whose outcome is unknown. The operator checks the printer and says
 * what happened — the labels came out and are applied, came out and were destroyed (counted),
 * or none came out — with what they found, and a second person co-signs it "verified" in the
 * sign dialog (21 CFR 11.50: name, time and meaning in the signature). The engine refuses a
 * count that does not match, a co-signer who is the operator, a print that is not open.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EngineCommandInput } from '../../src-shared/orders/engine-command.ts';
import type { UnsettledPrintView } from '../../src-shared/orders/order-view.ts';
import type { PrintSettlementOutcome } from '../../src-shared/orders/dispensary-commands.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, SelectField, TextField } from '../components/controls.tsx';
import { Data } from '../components/plant-data.tsx';
import { SignDialog } from './sign-dialog.tsx';

const OUTCOMES: readonly PrintSettlementOutcome[] = ['applied', 'destroyed', 'none'];

export function PrintSettlement({ print, busy, error, exec }: { print: UnsettledPrintView; busy: boolean; error: BatchlineError | null; exec: (cmd: EngineCommandInput) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<PrintSettlementOutcome>('none');
  const [count, setCount] = useState('0');
  const [reason, setReason] = useState('');
  const [signing, setSigning] = useState(false);
  const seq = print.printRequestSeq;
  const counted = /^\d{1,5}$/.test(count.trim()) ? Number(count.trim()) : null;
  const ready = !busy && counted !== null && reason.trim().length >= 10;
  const what = print.stepId ? t('labels.settleForStep', { step: print.stepId }) : print.labelId ? t('labels.settleForReprint', { id: print.labelId }) : t('labels.settleForReturn', { id: print.containerId ?? '—' });
  return (
    <div className="card" data-testid={`settle-${seq}`}>
      <p>
        <strong>{t('labels.settleTitle', { seq, count: print.count })}</strong> {what}
      </p>
      {print.pendingSettlements > 0 ? <p className="hint">{t('labels.settlePending', { n: print.pendingSettlements })}</p> : null}
      <SelectField
        label={t('labels.settleOutcome')}
        value={outcome}
        onChange={(e) => {
          const next = e.target.value as PrintSettlementOutcome;
          setOutcome(next);
          if (next === 'none') setCount('0');
        }}
        options={OUTCOMES.map((o) => ({ value: o, label: t(`labels.settle_${o}`) }))}
        data-testid={`settle-outcome-${seq}`}
      />
      <TextField label={t('labels.settleCount')} hint={t('labels.settleCountHint', { count: print.count })} inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} disabled={outcome === 'none'} data-testid={`settle-count-${seq}`} />
      <TextField label={t('labels.settleReason')} hint={t('scan.reasonHint')} value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" data-testid={`settle-reason-${seq}`} />
      <Button variant="primary" disabled={!ready} onClick={() => setSigning(true)} data-testid={`settle-submit-${seq}`}>
        {t('labels.settle')}
      </Button>
      {signing && counted !== null ? (
        <SignDialog
          request={{ meaning: 'verified', what: <Data>{t('labels.settleWhat', { seq, outcome: t(`labels.settle_${outcome}`), count: counted, reason: reason.trim() })}</Data>, signer: 'second' }}
          busy={busy}
          error={error}
          onCancel={() => setSigning(false)}
          onSign={({ username, password, otp }) => {
            void exec({ type: 'settle-print', printRequestSeq: seq, outcome, count: counted, reason: reason.trim(), username, password, ...(otp ? { otp } : {}) }).then((ok) => {
              if (ok) setSigning(false);
            });
          }}
        />
      ) : null}
    </div>
  );
}
