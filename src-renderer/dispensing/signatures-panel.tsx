/**
 * Signatures the order waits for, and deviations waiting for approval: one button per meaning.
 * "performed" is the operator's own signature; every other meaning is a second person's
 * (co-signature), whose name is typed in the dialog.
 */
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../src-shared/orders/order-view.ts';
import { Button } from '../components/controls.tsx';
import type { StepProps } from './step-panels.tsx';
import { TData } from '../components/plant-data.tsx';

export function SignaturesPanel({ view, sign }: { view: OrderView; sign: StepProps['sign'] }) {
  const { t } = useTranslation();
  if (view.pendingSignatures.length === 0) return null;
  return (
    <section aria-labelledby="pending-signatures" data-testid="pending-signatures">
      <h3 id="pending-signatures">{t('sign.pending')}</h3>
      {view.pendingSignatures.map((p) => {
        const what = whatOf(view, p, t);
        const coSign = p.meanings.find((m) => m !== 'performed');
        return (
          <div key={p.targetSeq} className="card">
            <p>{what}</p>
            <div className="row">
              {p.meanings.map((m) => (
                <Button key={m} variant="primary" big onClick={() => sign(m, p.targetSeq, what, m === 'performed' ? (coSign ? { coSign } : {}) : { second: true })} data-testid={`sign-${m}`}>
                  {m === 'performed' ? t('sign.signAs', { meaning: t(`meanings.${m}`) }) : t('sign.coSign', { meaning: t(`meanings.${m}`) })}
                </Button>
              ))}
            </div>
          </div>
        );
      })}
    </section>
  );
}

/** What a pending signature signs, in words: the deviation's reason or the step and its entry. */
export function whatOf(view: OrderView, p: OrderView['pendingSignatures'][number], t: TFunction): ReactNode {
  const deviation = view.deviations.find((d) => d.seq === p.targetSeq);
  if (deviation) return <TData k="sign.whatDeviation" values={{ reason: deviation.reason }} data={['reason']} />;
  const stepName = view.steps.find((s) => s.stepId === p.stepId)?.name ?? '';
  return <TData k="sign.whatStep" values={{ step: `${p.stepId ?? ''} ${stepName}`.trim(), entry: t(`events.${p.entryType.replace(/\./g, '_')}`, { defaultValue: p.entryType, key: '', username: '', meaning: '' }) }} data={['step']} />;
}
