/**
 * FR-154: the operator's way out of a held tare or a zero moved on the balance's keys
 * (BALANCE_HOLDS_TARE, BALANCE_ZERO_UNRECORDED): with the pan empty, the station clears the
 * balance's tare and zeroes it, and records who did it (`balance.tare_cleared`). Shown under every
 * live weight; the station refuses it (recorded) while a weighing stands on its tare there.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/controls.tsx';
import { ErrorNotice, OkNotice } from '../components/notices.tsx';
import { useAction } from '../hooks/use-action.ts';
import { formatMass } from '../i18n/format.ts';
import { client } from '../state/app-store.ts';

export function ClearTare({ balanceId }: { balanceId: string }) {
  const { t, i18n } = useTranslation();
  const { run, busy, error } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const clear = async () => {
    setDone(null);
    const r = await run(() => client().call('balances.clearTare', { balanceId }));
    if (r) setDone(r.tareAfter ? t('weigh.tareClearedAsked', { id: balanceId, tare: formatMass(r.tareAfter, i18n.language, t) }) : t('weigh.tareCleared', { id: balanceId }));
  };
  return (
    <div className="clear-tare" data-testid={`clear-tare-${balanceId}`}>
      <p className="hint">{t('weigh.clearTareHint')}</p>
      <Button disabled={busy} onClick={() => void clear()} data-testid={`clear-tare-button-${balanceId}`}>
        {t('weigh.clearTare')}
      </Button>
      <ErrorNotice error={error} testId={`clear-tare-error-${balanceId}`} />
      <OkNotice text={done} testId={`clear-tare-done-${balanceId}`} />
    </div>
  );
}
