/**
 * The container scan, wherever the engine takes one (first scan and re-scan): the engine's
 * verification result or refusal shows below it. Three choices stay the operator's, made
 * visibly and recorded by the engine (issue 18 items 8, 11, 12):
 *  - a barcode that is not a container label is named for what it is;
 *  - a container too short for the rest of the line is refused first (CONTAINER_SHORT); only
 *    the operator's answer "use it for a partial portion" sends acceptPartial — never a default;
 *  - a label that cannot be scanned may be typed, with a reason and a supervisor's user name and
 *    password in the same form (the engine records a manual entry, co-signed "verified", DI-16).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContainerScan } from '../../src-shared/orders/engine-command.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button, TextField } from '../components/controls.tsx';
import { Dialog } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { formatMass } from '../i18n/format.ts';
import { containerScanOf } from '../scanner/container-scan.ts';
import { useScanHandler } from '../scanner/scan-store.ts';
import type { StepProps } from './step-panels.tsx';
import { TData } from '../components/plant-data.tsx';

type MassValue = { amount: string; unit: 'mg' | 'g' | 'kg' };

export function ScanPrompt({ cur, busy, exec, error, material, rescan = false }: StepProps & { material: string; rescan?: boolean }) {
  const { t, i18n } = useTranslation();
  const [scanError, setScanError] = useState<BatchlineError | null>(null);
  const [last, setLast] = useState<string | null>(null);
  const [pending, setPending] = useState<ContainerScan | null>(null);
  const [typing, setTyping] = useState(false);
  // Another container than the suggested one (FEFO, then FIFO): the operator's reason (issue 17).
  const [choiceReason, setChoiceReason] = useState('');
  const [sentReason, setSentReason] = useState<string | null>(null);
  const send = (scan: ContainerScan, acceptPartial: boolean, reason: string | null = null) => {
    setPending(scan);
    setSentReason(reason);
    void exec({ type: 'scan-container', stepId: cur.stepId, scan, acceptPartial, ...(reason ? { choiceReason: reason } : {}) }).then((ok) => {
      if (!ok) return;
      setPending(null);
      setChoiceReason('');
    });
  };
  useScanHandler((data) => {
    if (busy) return;
    setLast(data);
    const scan = containerScanOf(data);
    if (!scan.ok) return setScanError(scan.error);
    setScanError(null);
    send(scan.value, false);
  });
  const short = error?.code === 'CONTAINER_SHORT' && pending ? error : null;
  const notSuggested = error?.code === 'CONTAINER_NOT_SUGGESTED' && pending ? error : null;
  const failed = scanError !== null || (error !== null && pending !== null);
  const fmt = (m: unknown) => (m && typeof m === 'object' ? formatMass(m as MassValue, i18n.language, t) : '');
  const pendingManual = cur.weigh?.manualScanPending ?? null;
  return (
    <div className="scan-prompt" data-testid={rescan ? 'rescan-prompt' : 'scan-prompt'}>
      <p>{rescan ? t('scan.rescan') : <TData k="scan.prompt" values={{ material }} data={['material']} />}</p>
      {last ? <p className="mono">{t('scan.received', { data: last })}</p> : null}
      {scanError?.code === 'SCAN_NOT_CONTAINER_LABEL' ? (
        <div className="notice notice-bad" role="alert" data-testid="scan-error" data-code={scanError.code} data-kind={String(scanError.details?.kind ?? '')}>
          <strong>{t(`scan.notContainer.${String(scanError.details?.kind)}`, { defaultValue: t('scan.notContainer.other') })}</strong>
        </div>
      ) : (
        <ErrorNotice error={scanError} testId="scan-error" />
      )}
      {pendingManual ? <p className="notice notice-warn">{t('scan.manualPending', { container: pendingManual })}</p> : null}
      {short && pending ? (
        <div className="notice notice-warn" role="alert" data-testid="container-short">
          <strong>{t('scan.short', { container: pending.containerId, left: fmt(short.details?.left), needed: fmt(short.details?.needed) })}</strong>
          <div className="row">
            <Button variant="primary" big disabled={busy} onClick={() => send(pending, true, sentReason)} data-testid="use-partial">
              {t('scan.usePartial')}
            </Button>
            <Button disabled={busy} onClick={() => setPending(null)} data-testid="other-container">
              {t('scan.otherContainer')}
            </Button>
          </div>
        </div>
      ) : null}
      {notSuggested && pending ? (
        <div className="notice notice-warn" role="alert" data-testid="container-not-suggested">
          <strong>{t('scan.notSuggested', { container: pending.containerId, suggested: String(notSuggested.details?.suggested ?? '—'), expiry: String(notSuggested.details?.suggestedExpiry ?? '—') })}</strong>
          <TextField label={t('scan.choiceReason')} hint={t('scan.reasonHint')} value={choiceReason} onChange={(e) => setChoiceReason(e.target.value)} autoComplete="off" data-testid="choice-reason" />
          <div className="row">
            <Button variant="primary" disabled={busy || choiceReason.trim().length < 10} onClick={() => send(pending, false, choiceReason.trim())} data-testid="take-anyway">
              {t('scan.takeAnyway')}
            </Button>
            <Button disabled={busy} onClick={() => setPending(null)} data-testid="take-suggested">
              {t('scan.takeSuggested')}
            </Button>
          </div>
        </div>
      ) : null}
      {failed ? (
        <Button disabled={busy} onClick={() => setTyping(true)} data-testid="type-container">
          {t('scan.typeInstead')}
        </Button>
      ) : null}
      {typing ? (
        <TypedEntryDialog
          busy={busy}
          error={error}
          onCancel={() => setTyping(false)}
          onSubmit={(containerId, reason, username, password) => {
            const scan = { containerId, gtin: null, lotNumber: null, raw: containerId };
            void exec({ type: 'scan-container', stepId: cur.stepId, scan, acceptPartial: false, manualEntry: { reason, username, password } }).then((ok) => ok && setTyping(false));
          }}
        />
      ) : null}
    </div>
  );
}

/** Typed container number with reason and the supervisor's co-signature, in one form. */
function TypedEntryDialog({ busy, error, onSubmit, onCancel }: { busy: boolean; error: BatchlineError | null; onSubmit: (containerId: string, reason: string, username: string, password: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [containerId, setContainerId] = useState('');
  const [reason, setReason] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const ready = containerId.trim() && reason.trim().length >= 10 && username.trim() && password;
  return (
    <Dialog title={t('scan.typedTitle')} onClose={onCancel} testId="typed-entry-dialog">
      <p className="notice notice-warn">{t('scan.typedNotice')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(containerId.trim(), reason.trim(), username.trim(), password);
          setPassword('');
        }}
      >
        <TextField label={t('scan.typedId')} value={containerId} onChange={(e) => setContainerId(e.target.value)} autoComplete="off" spellCheck={false} required data-testid="typed-container" />
        <TextField label={t('scan.typedReason')} hint={t('scan.reasonHint')} value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" required data-testid="typed-reason" />
        <TextField label={t('scan.supervisor')} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" autoCapitalize="none" spellCheck={false} required data-testid="typed-supervisor" />
        <TextField label={t('scan.supervisorPassword')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" required data-testid="typed-password" />
        <ErrorNotice error={error} />
        <div className="row">
          <Button type="submit" variant="primary" big disabled={busy || !ready} data-testid="typed-submit">
            {t('scan.typedSubmit')}
          </Button>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
        </div>
      </form>
    </Dialog>
  );
}
