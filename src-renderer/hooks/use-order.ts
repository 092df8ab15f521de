/**
 * One order on screen: its view from the engine, and `exec(command)` which sends an engine
 * command, shows the new view on success and the engine's typed refusal on failure (the view
 * is reloaded then too: the refusal itself is in the record).
 */
import { useCallback, useEffect, useState } from 'react';
import type { OrderView } from '../../src-shared/orders/order-view.ts';
import type { EngineCommandInput } from '../../src-shared/orders/engine-command.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { client } from '../state/app-store.ts';

export function useOrder(batchNumber: string) {
  const [view, setView] = useState<OrderView | null>(null);
  const [error, setError] = useState<BatchlineError | null>(null);
  const [busy, setBusy] = useState(false);
  const [revision, setRevision] = useState(0);
  const reload = useCallback(async () => {
    const r = await client().call('orders.view', { batchNumber });
    if (r.ok) setView(r.value);
    else setError(r.error);
  }, [batchNumber]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const exec = useCallback(
    async (command: EngineCommandInput): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        const r = await client().call('orders.execute', { batchNumber, command });
        setRevision((n) => n + 1);
        if (r.ok) {
          setView(r.value.view);
          // The station's own follow-up (balance choice, label print) was refused: say why.
          if (r.value.followUpError) setError(r.value.followUpError);
          return true;
        }
        setError(r.error);
        await reload();
        return false;
      } finally {
        setBusy(false);
      }
    },
    [batchNumber, reload],
  );
  return { view, error, setError, busy, exec, reload, revision };
}
