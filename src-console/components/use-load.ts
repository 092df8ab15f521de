/** Loads something from the hub when the key changes; `reload` fetches it again. */
import { useCallback, useEffect, useState } from 'react';
import type { BatchlineError } from '../../src-shared/result.ts';
import type { ApiResult } from '../api/console-client.ts';

export function useLoad<T>(load: () => Promise<ApiResult<T>>, key: string): { data: T | null; error: BatchlineError | null; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | null; error: BatchlineError | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void load().then((r) => {
      if (live) setState(r.ok ? { data: r.value, error: null, loading: false } : { data: null, error: r.error, loading: false });
    });
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render; `key` says when it asks for something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
