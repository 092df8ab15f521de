/**
 * Keyboard-wedge scanners on every screen (src-shared/scanner/keyboard-wedge.ts does the
 * deciding): each keydown is fed to the burst detector before any field sees it; keys that may
 * be a scan are held, a scan goes to the screen's scan handler, and keys that turn out to be a
 * person typing are given back to the field they were meant for, in order. So a scan never
 * leaks into a text field, and typing still works.
 */
import { useEffect } from 'react';
import { DEFAULT_WEDGE_CONFIG, KeyboardWedgeDetector, type KeyInput, type WedgeConfig } from '../../src-shared/scanner/keyboard-wedge.ts';
import { useScans } from './scan-store.ts';

const epochNow = () => performance.timeOrigin + performance.now();

export function useWedgeScanner(enabled: boolean, overrides: Partial<WedgeConfig> = {}): void {
  const maxInterKeyMs = overrides.maxInterKeyMs ?? DEFAULT_WEDGE_CONFIG.maxInterKeyMs;
  useEffect(() => {
    if (!enabled) return;
    const config: WedgeConfig = { ...DEFAULT_WEDGE_CONFIG, maxInterKeyMs };
    let target: Element | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const detector = new KeyboardWedgeDetector(config, (effect) => {
      if (effect.type === 'scan') useScans.getState().emit(effect.event.data);
      else if (effect.type === 'replay') replay(effect.keys, target);
    });
    const schedule = () => {
      if (timer) clearTimeout(timer);
      const d = detector.deadline();
      if (d !== null) timer = setTimeout(() => (detector.tick(epochNow()), schedule()), Math.max(0, d - epochNow()));
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      const k: KeyInput = { key: e.key, time: performance.timeOrigin + e.timeStamp, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey };
      target = document.activeElement;
      if (detector.key(k)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
      schedule();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      if (timer) clearTimeout(timer);
    };
  }, [enabled, maxInterKeyMs]);
}

/** Types held keys into the element that had focus, as the browser would have. */
function replay(keys: readonly KeyInput[], target: Element | null): void {
  const el = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ? target : null;
  for (const k of keys) {
    if (el && [...k.key].length === 1) {
      el.focus();
      // execCommand keeps the field's undo stack and fires the input event React listens to.
      document.execCommand('insertText', false, k.key);
    } else if (k.key === 'Enter' && el?.form) {
      el.form.requestSubmit();
    }
  }
}
