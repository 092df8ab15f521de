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
import { addMass, formatMass, type Mass, type MassUnit } from '../../../src-shared/mass.ts';

export interface FlowEdge {
  from: string;
  to: string;
  quantity: string | null;
}

export function flowTotals(kindOf: (ref: string) => string | undefined, edges: readonly FlowEdge[]): Map<string, string> {
  // Quantities are collected first and summed once per node: a recall reaches thousands of
  // batches, and decimal arithmetic per edge cost more than the trace query itself.
  const into = new Map<string, (string | null)[]>();
  const outOf = new Map<string, (string | null)[]>();
  const containersOf = new Map<string, string[]>();
  const push = <T>(m: Map<string, T[]>, key: string, v: T) => {
    const list = m.get(key);
    if (list) list.push(v);
    else m.set(key, [v]);
  };
  for (const e of edges) {
    const from = kindOf(e.from);
    const to = kindOf(e.to);
    if (from === 'dispense' && to === 'batch') push(into, e.to, e.quantity);
    else if (from === 'container' && to === 'dispense') push(outOf, e.from, e.quantity);
    else if (from === 'lot' && to === 'container') push(containersOf, e.from, e.to);
  }
  const totals = new Map<string, string>();
  const containerSums = new Map<string, Mass | null>();
  for (const [ref, qs] of into) {
    const m = sum(qs);
    if (m) totals.set(ref, formatMass(m));
  }
  for (const [ref, qs] of outOf) {
    const m = sum(qs);
    containerSums.set(ref, m);
    if (m) totals.set(ref, formatMass(m));
  }
  for (const [lot, containers] of containersOf) {
    const parts = containers.filter((c) => containerSums.has(c)).map((c) => containerSums.get(c)!);
    if (parts.length === 0 || parts.some((p) => p === null)) continue;
    totals.set(lot, formatMass(parts.slice(1).reduce<Mass>((a, b) => addMass(a, b!), parts[0]!)));
  }
  return totals;
}

/** Exact sum of "12.345 kg"-style quantities; null when any is missing or not a mass. */
function sum(quantities: readonly (string | null)[]): Mass | null {
  const byUnit = new Map<MassUnit, { scaled: bigint; dp: number }>();
  for (const q of quantities) {
    const m = q === null ? null : /^(-?)(\d+)(?:\.(\d+))?\s+(mg|g|kg)$/.exec(q);
    if (!m) return null;
    const unit = m[4] as MassUnit;
    const frac = m[3] ?? '';
    const acc = byUnit.get(unit) ?? { scaled: 0n, dp: 0 };
    const dp = Math.max(acc.dp, frac.length);
    const value = BigInt(`${m[2]}${frac.padEnd(dp, '0')}`) * (m[1] === '-' ? -1n : 1n);
    byUnit.set(unit, { scaled: acc.scaled * 10n ** BigInt(dp - acc.dp) + value, dp });
  }
  let total: Mass | null = null;
  for (const [unit, { scaled, dp }] of byUnit) {
    const digits = (scaled < 0n ? -scaled : scaled).toString().padStart(dp + 1, '0');
    const amount = `${scaled < 0n ? '-' : ''}${dp === 0 ? digits : `${digits.slice(0, -dp)}.${digits.slice(-dp)}`}`;
    const m: Mass = { amount, unit };
    total = total ? addMass(total, m) : m;
  }
  return total;
}
