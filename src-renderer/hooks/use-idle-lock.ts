/**
 * Idle auto-lock (21 CFR 11.10(d), P11-23, D25-04): after the configured minutes without a
 * touch, key or scan the screen locks and the station records it. While the operator is active,
 * the station is told at most every 30 s, so its own inactivity lock (the backstop, enforced on
 * every call) does not fire during long work at the balance without API calls.
 */
import { useEffect } from 'react';
import { client, useApp } from '../state/app-store.ts';

const EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
const PING_MS = 30_000;

export function useIdleLock(): void {
  const session = useApp((s) => s.session);
  const locked = useApp((s) => s.locked);
  const minutes = useApp((s) => s.info?.idleLockMinutes ?? 10);
  const setLocked = useApp((s) => s.setLocked);
  useEffect(() => {
    if (!session || locked) return;
    let last = Date.now();
    let lastPing = Date.now();
    const onActivity = () => {
      last = Date.now();
      if (last - lastPing > PING_MS) {
        lastPing = last;
        void client().call('auth.activity', {});
      }
    };
    for (const e of EVENTS) window.addEventListener(e, onActivity, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (Date.now() - last >= minutes * 60_000) {
        void client()
          .call('auth.lock', {})
          .then(() => setLocked(true));
      }
    }, 1000);
    return () => {
      for (const e of EVENTS) window.removeEventListener(e, onActivity, { capture: true });
      clearInterval(timer);
    };
  }, [session, locked, minutes, setLocked]);
}
