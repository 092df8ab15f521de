/**
 * Signatures the order waits for, and deviations waiting for approval: one button per meaning.
 * "performed" is the operator's own signature; every other meaning is a second person's
 * (co-signature), whose name is typed in the dialog.
 */
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../src-shared/orders/order-view.ts';
import { Button } from '../components/controls.tsx';
import type { StepProps } from './step-panels.tsx';

export function SignaturesPanel({ view, sign }: { view: OrderView; sign: StepProps['sign'] }) {
  const { t } = useTranslation();
  if (view.pendingSignatures.length === 0) return null;
  const stepName = (id: string | null) => view.steps.find((s) => s.stepId === id)?.name ?? '';
  return (
    <section aria-labelledby="pending-signatures" data-testid="pending-signatures">
      <h3 id="pending-signatures">{t('sign.pending')}</h3>
      {view.pendingSignatures.map((p) => {
        const deviation = view.deviations.find((d) => d.seq === p.targetSeq);
        const what = deviation ? t('sign.whatDeviation', { reason: deviation.reason }) : t('sign.whatStep', { step: `${p.stepId ?? ''} ${stepName(p.stepId)}`.trim(), entry: t(`events.${p.entryType.replace(/\./g, '_')}`, { defaultValue: p.entryType, key: '', username: '', meaning: '' }) });
        return (
          <div key={p.targetSeq} className="card">
            <p>{what}</p>
            <div className="row">
              {p.meanings.map((m) => (
                <Button key={m} variant="primary" big onClick={() => sign(m, p.targetSeq, what, { second: m !== 'performed' })} data-testid={`sign-${m}`}>
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
