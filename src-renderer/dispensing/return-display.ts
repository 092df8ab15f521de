/**
 * At which readability the returns panel shows a container's masses (issue 17 item 5, like the
 * weigh screen: never "4.8400000 kg"): once weighed back on a balance, the reading's own
 * resolution (it is the balance's readability); before that, or when declared empty, the
 * readability of the balance chosen to weigh it back on. Null (shown as recorded) when neither
 * is known.
 */
import { precisionOf, type Mass } from '../../src-shared/mass.ts';
import type { IssuedContainerView } from '../../src-shared/orders/reconciliation-view.ts';

export function returnReadability(c: IssuedContainerView, chosen: { readability: Mass } | undefined): Mass | null {
  const ret = c.return;
  if (ret && !ret.declaredEmpty && !ret.manual) return precisionOf(ret.remaining);
  return chosen?.readability ?? null;
}
