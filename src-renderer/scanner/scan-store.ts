/**
 * Scans, whatever the scanner (keyboard wedge in this page, serial scanner in the station),
 * delivered to the one screen that currently wants them. A scan nobody wants is announced as
 * ignored, never typed into a field.
 */
import { useEffect, useRef } from 'react';
import { create } from 'zustand';

type ScanHandler = (data: string) => void;

interface ScanState {
  handlers: ScanHandler[];
  ignored: { data: string; at: number } | null;
  emit(data: string): void;
}

export const useScans = create<ScanState>()((set, get) => ({
  handlers: [],
  ignored: null,
  emit(data) {
    const h = get().handlers.at(-1);
    if (h) h(data);
    else set({ ignored: { data, at: Date.now() } });
  },
}));

/** The calling screen receives scans while it is mounted (the innermost screen wins). */
export function useScanHandler(handler: ScanHandler, active = true): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!active) return;
    const h: ScanHandler = (d) => ref.current(d);
    useScans.setState((s) => ({ handlers: [...s.handlers, h] }));
    return () => useScans.setState((s) => ({ handlers: s.handlers.filter((x) => x !== h) }));
  }, [active]);
}
