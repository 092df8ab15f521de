/**
 * Runs one station call on a button press and keeps its busy flag and error for the screen.
 * A button is disabled while its call runs, so a double tap with a glove sends it once.
 */
import { useCallback, useState } from 'react';
import type { ApiResult } from '../../src-shared/api/contract.ts';
import type { BatchlineError } from '../../src-shared/result.ts';

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BatchlineError | null>(null);
  const run = useCallback(async <T,>(call: () => Promise<ApiResult<T>>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      const r = await call();
      if (r.ok) return r.value;
      setError(r.error);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, error, setError };
}
