/**
 * How the returns panel shows a container's masses (issue 17 item 5), by the weigh screen's
 * rule: at a balance's readability and in its unit ("4840.00 g" on a 0.01 g balance, never
 * "4.8400000 kg"). Once weighed back on a balance, the reading's own resolution (it is that
 * balance's readability); before that, or when declared empty or typed, the balance chosen to
 * weigh it back on, by default the booth's finest that can carry what should come back.
 */
import { compareMass, inReadabilityUnit, precisionOf, type Mass } from '../../src-shared/mass.ts';
import type { IssuedContainerView } from '../../src-shared/orders/reconciliation-view.ts';

interface ReturnBalance {
  balanceId: string;
  capacity: Mass;
  readability: Mass;
}

/** The booth's finest balance that carries `theoretical`; the largest when none does; undefined without balances. */
export function defaultReturnBalance<B extends ReturnBalance>(theoretical: Mass, balances: readonly B[]): B | undefined {
  const carry = balances.filter((b) => compareMass(b.capacity, theoretical) >= 0).sort((a, b) => compareMass(a.readability, b.readability));
  return carry[0] ?? [...balances].sort((a, b) => compareMass(b.capacity, a.capacity))[0];
}

/** The readability the container's masses are shown at; null (as recorded) when none is known. */
export function returnReadability(c: IssuedContainerView, chosen: { readability: Mass } | undefined): Mass | null {
  const ret = c.return;
  if (ret && !ret.declaredEmpty && !ret.manual) return precisionOf(ret.remaining);
  return chosen?.readability ?? null;
}

/** `m` as the panel shows it: in the readability's unit and at it, or as recorded. */
export function returnMassShown(m: Mass, readability: Mass | null): Mass {
  return readability ? inReadabilityUnit(m, readability) : m;
}
