/**
 * The order's labels (issue 17 item 7): the counts (issued, printed, reprinted, used, destroyed)
 * and whether they reconcile, and each label with what became of it. A label is marked used or
 * destroyed (with a reason); a reprint takes a reason and a second person's co-signature, and
 * the station prints it marked REPRINT.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EngineCommandInput } from '../../src-shared/orders/engine-command.ts';
import type { OrderView } from '../../src-shared/orders/order-view.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, TextField } from '../components/controls.tsx';
import { Data } from '../components/plant-data.tsx';
import { SignDialog } from './sign-dialog.tsx';
import { PrintSettlement } from './print-settlement.tsx';

export function LabelsPanel({ view, busy, exec, error }: { view: OrderView; busy: boolean; exec: (cmd: EngineCommandInput) => Promise<boolean>; error: BatchlineError | null }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [reprinting, setReprinting] = useState<string | null>(null);
  const l = view.labels;
  if (!l || (l.labels.length === 0 && l.outcomeUnknown.length === 0 && l.printing.length === 0)) return null;
  const open = view.status === 'in-progress';
  const ready = reason.trim().length >= 10 && !busy;
  return (
    <section className="card" data-testid="labels-panel" data-balanced={String(l.balanced)}>
      <h2>{t('labels.title')}</h2>
      <p data-testid="label-counts">{t('labels.counts', { issued: l.issued, printed: l.printed, reprinted: l.reprinted, used: l.used, destroyed: l.destroyed })}</p>
      {/* FR-139: a print the station is waiting on is printing, not yet a mismatch for QA. */}
      {l.printing.length > 0 ? (
        <p className="notice" data-testid="labels-printing">
          {t('labels.printing', { labels: l.printing.join(', ') })}
        </p>
      ) : (
        <p className={l.balanced ? 'notice notice-ok' : 'notice notice-bad'}>{l.balanced ? t('labels.balanced') : t('labels.mismatch')}</p>
      )}
      {l.outcomeUnknown.length > 0 ? <p className="notice notice-bad" data-testid="labels-outcome-unknown">{t('labels.outcomeUnknown', { labels: l.outcomeUnknown.join(', ') })}</p> : null}
      {/* FR-141: each print of unknown outcome is settled here, with what came out, co-signed.
          FR-154: after the order completed too (recorded as such; QA reviews it as an exception). */}
      {view.status === 'complete' && l.unsettled.length > 0 ? (
        <p className="notice notice-warn" data-testid="settle-after-completion">
          {t('labels.settleAfterCompletion')}
        </p>
      ) : null}
      {open || view.status === 'complete' ? l.unsettled.map((p) => <PrintSettlement key={p.printRequestSeq} print={p} busy={busy} error={error} exec={exec} />) : null}
      {open ? <TextField label={t('labels.reason')} hint={t('scan.reasonHint')} value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" data-testid="label-reason" /> : null}
      <table>
        <thead>
          <tr>
            <th>{t('labels.label')}</th>
            <th>{t('labels.content')}</th>
            <th>{t('labels.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {l.labels.map((x) => (
            <tr key={x.labelId} data-testid={`label-${x.labelId}`}>
              <td>
                {x.labelId}
                {x.reprintOf ? <div className="hint">{t('labels.reprintOf', { id: x.reprintOf })}</div> : null}
              </td>
              <td>
                <Data>{[x.material, x.lotNumber, x.containerId, x.net].filter(Boolean).join(' · ')}</Data>
                {x.preview ? <div className="hint">{t('labels.preview')}</div> : null}
              </td>
              <td>{x.disposition ? `${t(`labels.${x.disposition}`)}${x.reason ? `: ${x.reason}` : ''}` : t('labels.open')}</td>
              <td className="row">
                {open && !x.disposition ? (
                  <>
                    <Button disabled={busy} onClick={() => void exec({ type: 'account-label', labelId: x.labelId, disposition: 'used' })} data-testid={`label-used-${x.labelId}`}>
                      {t('labels.markUsed')}
                    </Button>
                    <Button variant="danger" disabled={!ready} onClick={() => void exec({ type: 'account-label', labelId: x.labelId, disposition: 'destroyed', reason: reason.trim() })} data-testid={`label-destroyed-${x.labelId}`}>
                      {t('labels.markDestroyed')}
                    </Button>
                  </>
                ) : null}
                {open ? (
                  <Button disabled={!ready} onClick={() => setReprinting(x.labelId)} data-testid={`label-reprint-${x.labelId}`}>
                    {t('labels.reprint')}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {reprinting ? (
        <SignDialog
          request={{ meaning: 'verified', what: <Data>{t('labels.reprintWhat', { id: reprinting, reason: reason.trim() })}</Data>, signer: 'second' }}
          busy={busy}
          error={error}
          onCancel={() => setReprinting(null)}
          onSign={({ username, password, otp }) => {
            void exec({ type: 'request-reprint', labelId: reprinting, reason: reason.trim(), username, password, ...(otp ? { otp } : {}) }).then((ok) => {
              if (!ok) return;
              setReprinting(null);
              setReason('');
            });
          }}
        />
      ) : null}
    </section>
  );
}
