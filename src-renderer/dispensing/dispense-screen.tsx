/**
 * One order in progress: the steps, the current step's panel, signatures awaited (the
 * operator's own and the supervisor's co-signature), deviations, finishing the order, and the
 * batch record as it grows.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrecheckView } from '../../src-shared/api/dispensing.contract.ts';
import type { DeviationCategory } from '../../src-shared/orders/engine-command.ts';
import type { SignatureMeaning } from '../../src-shared/signature-meaning.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { Button } from '../components/controls.tsx';
import { ErrorNotice } from '../components/notices.tsx';
import { useOrder } from '../hooks/use-order.ts';
import { client } from '../state/app-store.ts';
import { DeviationForm } from './deviation-form.tsx';
import { RecordView } from './record-view.tsx';
import { SignDialog, type SignRequest } from './sign-dialog.tsx';
import type { SignOptions, StepProps } from './step-panels.tsx';
import { CurrentStep } from './current-step.tsx';
import { LabelsPanel } from './labels-panel.tsx';
import { SignaturesPanel, whatOf } from './signatures-panel.tsx';
import { Data, TData } from '../components/plant-data.tsx';
import { ReturnsPanel } from './returns-panel.tsx';
import { IpqcPanel } from './ipqc-panel.tsx';
import { correctableFormIn, FormCorrectionDialog, withUnit, type CorrectableForm } from './form-correction.tsx';

export function DispenseScreen({ batchNumber, onBack }: { batchNumber: string; onBack: () => void }) {
  const { t } = useTranslation();
  const { view, error, setError, busy, exec, revision } = useOrder(batchNumber);
  const [balances, setBalances] = useState<PrecheckView['balances']>([]);
  const [signing, setSigning] = useState<(SignRequest & { targetSeq: number | null; stepSign: boolean; command?: SignOptions['command'] }) | null>(null);
  /** Signature requests the operator closed: not opened again by themselves. */
  const [dismissed, setDismissed] = useState<ReadonlySet<number>>(new Set());
  const [deviating, setDeviating] = useState<DeviationCategory | null>(null);
  const [showRecord, setShowRecord] = useState(false);
  /** A recorded form whose value the person is correcting (FR-122), before the signature dialog. */
  const [correcting, setCorrecting] = useState<CorrectableForm | null>(null);
  /** The correction being signed: its dialog opens again on the value in force when another replaced it meanwhile (FR-125). */
  const [lastCorrection, setLastCorrection] = useState<{ form: CorrectableForm; field: string } | null>(null);
  const [reopened, setReopened] = useState<{ field: string; error: BatchlineError } | null>(null);
  const boothId = view?.boothId ?? null;
  useEffect(() => {
    if (!boothId) return;
    void client()
      .call('orders.prechecks', { batchNumber, boothId })
      .then((r) => r.ok && setBalances(r.value.balances));
  }, [batchNumber, boothId]);
  const sign = useCallback<StepProps['sign']>(
    (meaning: SignatureMeaning, targetSeq, what, options = {}) => {
      setError(null);
      const stepSign = options.stepSign ?? false;
      if (options.second) {
        setSigning({ meaning, what, signer: 'second', targetSeq, stepSign });
        return;
      }
      // 11.200(a)(1)(i): the first signing in the session takes the user name too; later ones
      // the password only. The station's session says which (a lock ends the series).
      void client()
        .call('auth.session', {})
        .then((r) => setSigning({ meaning, what, signer: r.ok && r.value.hasSigned ? 'own' : 'own-first', targetSeq, stepSign, ...(options.coSign ? { coSign: options.coSign } : {}), ...(options.command ? { command: options.command } : {}) }));
    },
    [setError],
  );
  // After an accepted weighing the operator's own signature is the next thing to do: the
  // dialog opens by itself (one touch less), with the co-signer's fields when the same record
  // also waits for a second person. Closed once, it stays closed for that record.
  // FR-125: the value was corrected by someone else since the dialog showed it. Nothing was
  // written; the signature dialog closes and the correction dialog opens again on the value now
  // in force, read afresh from the record, saying why.
  useEffect(() => {
    if (error?.code !== 'FORM_VALUE_CORRECTED_SINCE' || !lastCorrection) return;
    const refusal = error;
    const { form, field } = lastCorrection;
    setSigning(null);
    setLastCorrection(null);
    setError(null);
    void client()
      .call('record.get', { batchNumber })
      .then((r) => {
        const fresh = r.ok ? correctableFormIn(r.value, form) : null;
        if (fresh) {
          setReopened({ field, error: refusal });
          setCorrecting(fresh);
        } else setError(refusal);
      });
  }, [error, lastCorrection, batchNumber, setError]);
  const own = view?.current?.phase === 'need-signatures' || view?.current?.phase === 'form-open' ? view.pendingSignatures.find((p) => p.stepId === view.current?.stepId && p.meanings.includes('performed')) : undefined;
  const ownSeq = own?.targetSeq ?? null;
  useEffect(() => {
    if (!view || !own || ownSeq === null || signing || dismissed.has(ownSeq)) return;
    const coSign = own.meanings.find((m) => m !== 'performed');
    sign('performed', ownSeq, whatOf(view, own, t), coSign ? { coSign } : {});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ownSeq, signing === null]);
  if (!view) return <main id="main">{error ? <ErrorNotice error={error} /> : t('app.loading')}</main>;
  const cur = view.current;
  const props: StepProps | null = cur ? { view, cur, busy, exec, sign, error, deviate: (c) => (setError(null), setDeviating(c)) } : null;
  const signingSteps = cur && (cur.phase === 'need-signatures' || cur.phase === 'deviation-pending');
  return (
    <main id="main" data-testid="dispense-screen">
      {/* One row: the weighing below it keeps Tare and Capture above the fold at 1280×800 and 1366×768. */}
      <div className="row screen-head">
        <Button onClick={onBack}>{t('queue.back')}</Button>
        <h1>
          {t('dispense.title', { batch: view.batchNumber })} · <Data>{view.recipe?.name}</Data>
        </h1>
        <p data-testid="progress">{t('dispense.progress', { done: view.progress.done, total: view.progress.total })}</p>
      </div>
      {/* Kit and charge screens show the refusal themselves, big, beside the scan (issue 17 item 4). */}
      <ErrorNotice error={signing || deviating || cur?.type === 'kit' || cur?.type === 'charge' ? null : error} testId="command-error" />
      <div className="layout">
        <nav aria-label={t('dispense.steps')}>
          <ol className="steps">
            {view.steps.map((s) => (
              <li key={s.stepId} aria-current={s.status === 'active' ? 'step' : undefined} className={s.status === 'done' ? 'step-done' : ''}>
                {s.stepId} · <Data>{s.name}</Data>
              </li>
            ))}
          </ol>
        </nav>
        <section className="card current-step" aria-labelledby="current-step" data-testid="current-step" data-step={cur?.stepId ?? ''} data-phase={cur?.phase ?? ''}>
          {cur && props ? (
            <CurrentStep {...props} balances={balances} error={error} hideBody={!!signingSteps} />
          ) : (
            <h2 id="current-step">{view.status === 'complete' ? t('dispense.complete') : t('dispense.allDone')}</h2>
          )}
          <SignaturesPanel view={view} sign={sign} />
          {!cur && view.canComplete ? (
            <Button variant="primary" big disabled={busy} onClick={() => void exec({ type: 'complete-order' })} data-testid="complete-order">
              {t('dispense.finish')}
            </Button>
          ) : null}
        </section>
      </div>
      <ReturnsPanel view={view} balances={balances} busy={busy} error={error} exec={exec} />
      {view.status === 'in-progress' ? <IpqcPanel batchNumber={batchNumber} balances={balances} /> : null}
      <LabelsPanel view={view} busy={busy} exec={exec} error={error} />
      <div className="row">
        <Button onClick={() => setShowRecord(!showRecord)} aria-expanded={showRecord} data-testid="toggle-record">
          {showRecord ? t('dispense.hideRecord') : t('dispense.showRecord')}
        </Button>
        {view.status === 'in-progress' ? <Button onClick={() => (setError(null), setDeviating('other'))}>{t('deviation.raise')}</Button> : null}
      </div>
      {showRecord ? <RecordView batchNumber={batchNumber} revision={revision} {...(view.status === 'in-progress' ? { onCorrect: (f: CorrectableForm) => (setError(null), setCorrecting(f)) } : {})} /> : null}
      {correcting ? (
        <FormCorrectionDialog
          key={`${correcting.recordSeq}-${reopened?.field ?? ''}`}
          form={correcting}
          busy={busy}
          {...(reopened ? { field: reopened.field, error: reopened.error } : {})}
          onCancel={() => (setCorrecting(null), setReopened(null))}
          onSubmit={(c) => {
            setLastCorrection({ form: correcting, field: c.field });
            setCorrecting(null);
            setReopened(null);
            const what = <TData k="formCorrection.what" values={{ field: c.title, step: c.stepId, old: withUnit(c.oldValue, c.unit), new: withUnit(c.value, c.unit), reason: c.reason }} data={['field', 'old', 'new', 'reason']} />;
            sign('corrected', null, what, { command: ({ username, password, otp }) => ({ type: 'correct-form-value', stepId: c.stepId, field: c.field, value: c.value, replaces: c.replaces, reason: c.reason, password, username, ...(otp ? { otp } : {}) }) });
          }}
        />
      ) : null}
      {signing ? (
        <SignDialog
          key={`${signing.targetSeq ?? 'step'}-${signing.meaning}-${signing.signer}`}
          request={signing}
          busy={busy}
          error={error}
          onCancel={() => {
            if (signing.targetSeq !== null) setDismissed(new Set([...dismissed, signing.targetSeq]));
            setSigning(null);
            setLastCorrection(null);
          }}
          onSign={({ username, password, otp, coSigner }) => {
            const cmd = signing.command
              ? signing.command({ username, password, ...(otp ? { otp } : {}) })
              : signing.stepSign && cur
                ? ({ type: 'sign-step', stepId: cur.stepId, username, password, ...(otp ? { otp } : {}) } as const)
                : ({ type: 'sign', meaning: signing.meaning, username, password, targetSeq: signing.targetSeq, ...(otp ? { otp } : {}) } as const);
            void exec(cmd).then(async (ok) => {
              if (!ok) return;
              setLastCorrection(null);
              if (!coSigner || !signing.coSign) return setSigning(null);
              const co = await exec({ type: 'sign', meaning: signing.coSign, username: coSigner.username, password: coSigner.password, targetSeq: signing.targetSeq, ...(coSigner.otp ? { otp: coSigner.otp } : {}) });
              // The operator's signature stands; a refused co-signature is asked for again alone.
              setSigning(co ? null : { meaning: signing.coSign, what: signing.what, signer: 'second', targetSeq: signing.targetSeq, stepSign: false });
            });
          }}
        />
      ) : null}
      {deviating ? (
        <DeviationForm
          initialCategory={deviating}
          busy={busy}
          error={error}
          onCancel={() => setDeviating(null)}
          onSubmit={(category, reason) => void exec({ type: 'raise-deviation', category, reason, stepId: cur?.stepId ?? null, targetSeq: cur?.weigh?.lastWeighing?.seq ?? null }).then((ok) => ok && setDeviating(null))}
        />
      ) : null}
    </main>
  );
}
