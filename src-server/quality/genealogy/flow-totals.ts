/**
 * How much of the traced material reached each node, over every traced path (pure). A batch
 * hit of a forward trace shows the sum of all nets dispensed into it from the traced lot, not
 * the net of the one dispensing its shortest path happens to run through (issue 18 item 13:
 * the console showed "600 g" where 1,007.04 g had gone in). Sums are exact decimals
 * (src-shared/mass.ts), in the unit of the first amount.
 *
 *   batch       sum over its incoming edges from traced dispensed containers
 *   container   sum over its outgoing edges to traced dispensed containers
 *   lot         sum over its traced containers
 *
 * Only edges between traced nodes count, so in a forward trace from a lot a batch that also
 * used other lots shows this lot's share, and in a backward trace from a batch a lot shows
 * what of it went into the traced batches.
 */
import { addMass, formatMass, parseMass, type Mass } from '../../../src-shared/mass.ts';

export interface FlowEdge {
  from: string;
  to: string;
  quantity: string | null;
}

export function flowTotals(kindOf: (ref: string) => string | undefined, edges: readonly FlowEdge[]): Map<string, string> {
  const into = new Map<string, Mass | null>();
  const outOf = new Map<string, Mass | null>();
  const containersOf = new Map<string, string[]>();
  const add = (m: Map<string, Mass | null>, ref: string, q: string | null) => {
    if (m.get(ref) === null) return;
    const parsed = q === null ? null : parseMass(q);
    if (!parsed?.ok) {
      m.set(ref, null);
      return;
    }
    const before = m.get(ref);
    m.set(ref, before ? addMass(before, parsed.value) : parsed.value);
  };
  for (const e of edges) {
    const from = kindOf(e.from);
    const to = kindOf(e.to);
    if (from === 'dispense' && to === 'batch') add(into, e.to, e.quantity);
    if (from === 'container' && to === 'dispense') add(outOf, e.from, e.quantity);
    if (from === 'lot' && to === 'container') containersOf.set(e.from, [...(containersOf.get(e.from) ?? []), e.to]);
  }
  const totals = new Map<string, string>();
  for (const [ref, m] of [...into, ...outOf]) if (m) totals.set(ref, formatMass(m));
  for (const [lot, containers] of containersOf) {
    let sum: Mass | null = null;
    let known = true;
    for (const c of containers) {
      if (!outOf.has(c)) continue;
      const m = outOf.get(c);
      if (!m) known = false;
      else sum = sum ? addMass(sum, m) : m;
    }
    if (known && sum) totals.set(lot, formatMass(sum));
  }
  return totals;
}
