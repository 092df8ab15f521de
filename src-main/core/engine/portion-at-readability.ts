/**
 * The weigh step's masses at a balance's readability (issue 18, items 2 and 4): which
 * readability a portion is shown at before a balance is chosen, the portion's window by the
 * shared rounding rule, the verdict held to it, and a range refusal that names the booth's
 * balances that qualify. Pure helpers of decide-weigh.ts.
 */
import { atReadability, compareMass, formatMass, type Mass } from '../../../src-shared/mass.ts';
import type { QualifyingBalance } from '../../../src-shared/orders/qualifying-balances.ts';
import { checkTolerance, type ToleranceVerdict, type ToleranceWindow } from '../../../src-shared/recipe/tolerance-window.ts';
import { portionWindowAtReadability, windowAtReadability, type WindowAtReadability } from '../../../src-shared/recipe/window-at-readability.ts';
import { err, type BatchlineError, type Result } from '../../../src-shared/result.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import type { DecideContext } from './decide-context.ts';

/**
 * The portion's window at readability d, by the one rounding rule (window-at-readability.ts):
 * from the line's exact window, what it already counts and the lot's potency, so no rounded
 * intermediate (the 1 µg portion window) can move a limit; a declared partial portion (all of
 * a short container) is rounded as it stands.
 */
export function roundedPortion(line: ToleranceWindow, done: Mass | null, fraction: string | null, portion: { window: ToleranceWindow; partial: boolean }, d: Mass): Result<WindowAtReadability> {
  return portion.partial ? windowAtReadability(portion.window, d) : portionWindowAtReadability(line, done, fraction, d);
}

/** Readability of the finest booth balance whose capacity takes the quantity (else of the largest one). */
export function boothReadability(s: OrderState, ctx: DecideContext, quantity: Mass): Mass | null {
  const inBooth = ctx.md
    .list('balance')
    .map((b) => b.data)
    .filter((b) => b.boothId === null || b.boothId === s.boothId);
  const carry = inBooth.filter((b) => compareMass(b.capacity, quantity) >= 0).sort((a, b) => compareMass(a.readability, b.readability));
  const largest = [...inBooth].sort((a, b) => compareMass(b.capacity, a.capacity))[0];
  return carry[0]?.readability ?? largest?.readability ?? null;
}

/**
 * The exact line verdict, held to the portion's limits at readability too: a reading at the
 * balance's readability gets the same verdict either way (that is the rounding rule's point);
 * one printed with more digits than the balance's stated readability is not accepted on the
 * strength of digits the balance is not qualified for.
 */
export function atReadabilityVerdict(exact: ToleranceVerdict, net: Mass, rounded: WindowAtReadability | null): ToleranceVerdict {
  if (exact !== 'within' || rounded === null) return exact;
  return checkTolerance(net, rounded);
}

/** The refusal, naming the booth's balances that qualify (issue 18, item 4). */
export function naming(e: BatchlineError, qualifying: QualifyingBalance[]): Result<never> {
  const names = qualifying.map((q) => `${q.name} (${q.balanceId}, min. ${formatMass(atReadability(q.minimumWeight, q.readability, 'up'))}, max. ${formatMass(q.capacity)})`);
  const message = `${e.message}; ${names.length > 0 ? `balances in this booth that qualify: ${names.join(', ')}` : 'no balance in this booth qualifies'}`;
  return err(e.code, message, { ...e.details, qualifyingBalances: qualifying });
}
