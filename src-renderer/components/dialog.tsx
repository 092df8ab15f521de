/**
 * A modal dialog: labelled, focus moved into it once as it opens, closed by its own buttons or
 * Escape. Its parent re-renders as it likes (a list refreshed every 15 s, a new `onClose` arrow
 * each time) without the dialog taking the focus back from the field the person is typing in:
 * the focus moves on opening only, and Escape calls the latest `onClose` through a ref. With
 * dialogs over dialogs, Escape closes the topmost only.
 */
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';

/** The open dialogs, the last opened last: Escape belongs to the topmost. */
const openDialogs: symbol[] = [];

export function Dialog({ title, children, onClose, testId }: { title: string; children: ReactNode; onClose: () => void; testId?: string }) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  useLayoutEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const me = Symbol('dialog');
    openDialogs.push(me);
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button');
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && openDialogs.at(-1) === me) close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      openDialogs.splice(openDialogs.indexOf(me), 1);
    };
  }, []);
  return (
    <div className="overlay">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={id} ref={ref} data-testid={testId}>
        <h2 id={id}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
