/**
 * What the weigh screen shows of a line and a portion, by the same rule the engine decides and
 * records with (src-shared/recipe/window-at-readability.ts): at the readability of the balance
 * in use or, before one is chosen, of the booth's finest balance that can carry the portion.
 * The engine's own copy of this choice is decide-weigh.ts boothReadability; both call the
 * shared functions, so the screen and the record show the same figures.
 */
import { compareMass, type Mass } from '../../src-shared/mass.ts';
import type { WeighView, WindowView } from '../../src-shared/orders/order-view.ts';
import { portionWindowAtReadability, specWindowAt, windowAtReadability } from '../../src-shared/recipe/window-at-readability.ts';

export interface BoothBalance {
  balanceId: string;
  capacity: Mass;
  readability: Mass;
}

export function displayReadability(w: WeighView, balances: readonly BoothBalance[]): Mass | null {
  if (w.balance) return balances.find((b) => b.balanceId === w.balance!.balanceId)?.readability ?? null;
  const quantity = w.container?.portionWindow.target ?? w.lineWindow.target;
  const carry = balances.filter((b) => compareMass(b.capacity, quantity) >= 0).sort((a, b) => compareMass(a.readability, b.readability));
  const largest = [...balances].sort((a, b) => compareMass(b.capacity, a.capacity))[0];
  return carry[0]?.readability ?? largest?.readability ?? null;
}

/** The line's specification, not padded, limits inward. */
export function lineWindowShown(w: WeighView, d: Mass | null): WindowView {
  return d ? specWindowAt(w.lineWindow, d) : w.lineWindow;
}

/** What to weigh from the scanned container, in the balance's unit, limits inward; null before a scan. */
export function portionWindowShown(w: WeighView, d: Mass | null): WindowView | null {
  const c = w.container;
  if (!c) return null;
  if (!d) return c.portionWindow;
  const r = c.partial ? windowAtReadability(c.portionWindow, d) : portionWindowAtReadability(w.lineWindow, w.cumulative, c.potencyFraction, d);
  // A window the balance cannot resolve is refused by the engine at selection; show it exactly meanwhile.
  return r.ok ? { target: r.value.target, lower: r.value.lower, upper: r.value.upper } : c.portionWindow;
}
