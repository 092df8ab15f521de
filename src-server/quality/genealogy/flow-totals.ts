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
  const index = new Map<string, number>();
  const refs: string[] = [];
  const kinds: (string | undefined)[] = [];
  const indexOf = (ref: string): number => {
    let i = index.get(ref);
    if (i === undefined) {
      i = refs.length;
      index.set(ref, i);
      refs.push(ref);
      kinds.push(kindOf(ref));
    }
    return i;
  };
  const from = edges.map((e) => indexOf(e.from));
  const to = edges.map((e) => indexOf(e.to));
  const byIndex = flowTotalsOf(kinds, from, to, edges.map((e) => e.quantity));
  const totals = new Map<string, string>();
  byIndex.forEach((t, i) => {
    if (t !== undefined) totals.set(refs[i]!, t);
  });
  return totals;
}

/**
 * flowTotals over dense node indices (the trace's own numbering, trace-service.ts): edge e runs
 * from node from[e] to node to[e] and carries quantities[e]; the answer is indexed like kinds.
 * Arrays instead of maps keyed by "kind:key" text: a recall has tens of thousands of edges, and
 * the map operations per edge cost more than the arithmetic.
 */
export function flowTotalsOf(kinds: readonly (string | undefined)[], from: ArrayLike<number>, to: ArrayLike<number>, quantities: readonly (string | null)[]): (string | undefined)[] {
  // Quantities are collected first and summed once per node: a recall reaches thousands of
  // batches, and decimal arithmetic per edge cost more than the trace query itself.
  const n = kinds.length;
  const into: ((string | null)[] | undefined)[] = new Array(n);
  const outOf: ((string | null)[] | undefined)[] = new Array(n);
  const containersOf: (number[] | undefined)[] = new Array(n);
  for (let e = 0; e < quantities.length; e++) {
    const a = from[e]!;
    const b = to[e]!;
    const ka = kinds[a];
    const kb = kinds[b];
    if (ka === 'dispense' && kb === 'batch') (into[b] ??= []).push(quantities[e]!);
    else if (ka === 'container' && kb === 'dispense') (outOf[a] ??= []).push(quantities[e]!);
    else if (ka === 'lot' && kb === 'container') (containersOf[a] ??= []).push(b);
  }
  const totals: (string | undefined)[] = new Array(n);
  // Sums are kept by the list of amount texts they add up: a recall's thousands of batches and
  // containers mostly receive the same one or two amounts, and exact decimal arithmetic per
  // node (a regular expression and BigInts per amount) cost more than the trace query itself.
  // The key keeps the order of the amounts, and with it the unit of the first (sum, below).
  // The maps outlive the call (module-level, bounded: remembered): a sum is a function of its key
  // alone, and trace after trace adds up the same few amounts (a walked trace's decimal
  // arithmetic was a tenth of its CPU in the hub process, issue 16 item 3).
  const summed = (qs: readonly (string | null)[]): { mass: Mass | null; text: string | undefined } => {
    if (qs.includes(null)) return NO_SUM;
    // The count first: one text holding a NUL can never read as a list of several.
    const key = qs.length === 1 ? qs[0]! : `${qs.length}\u0001${qs.join('\u0000')}`;
    let s = sums.get(key);
    if (s === undefined) {
      const mass = sum(qs as readonly string[], parsed);
      s = Object.freeze({ mass: mass && Object.freeze(mass), text: mass ? formatMass(mass) : undefined });
      remember(sums, key, s);
    }
    return s;
  };
  for (let i = 0; i < n; i++) {
    const qs = into[i];
    if (!qs) continue;
    const t = summed(qs).text;
    if (t !== undefined) totals[i] = t;
  }
  const containerSums: ({ mass: Mass | null; text: string | undefined } | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const qs = outOf[i];
    if (!qs) continue;
    const s = summed(qs);
    containerSums[i] = s;
    if (s.text !== undefined) totals[i] = s.text;
  }
  // A lot's total is its containers' sums added with addMass, in their order; kept by the list
  // of those sums' texts (a text is its mass: "amount unit"), as above: a recall's and a packed
  // batch's lots mostly add up the same sums, and decimal.js per lot cost more than the rest of
  // the totals.
  for (let lot = 0; lot < n; lot++) {
    const containers = containersOf[lot];
    if (!containers) continue;
    let key = '';
    let parts = 0;
    let missing = false;
    for (const c of containers) {
      const s = containerSums[c];
      if (s === undefined) continue;
      if (s.mass === null) {
        missing = true;
        break;
      }
      key = parts === 0 ? s.text! : `${key}\u0000${s.text!}`;
      parts++;
    }
    if (parts === 0 || missing) continue;
    let t = lotSums.get(key);
    if (t === undefined) {
      const masses = containers.map((c) => containerSums[c]?.mass).filter((m): m is Mass => m !== undefined && m !== null);
      t = formatMass(masses.slice(1).reduce<Mass>((a, b) => addMass(a, b), masses[0]!));
      remember(lotSums, key, t);
    }
    totals[lot] = t;
  }
  return totals;
}

const NO_SUM = Object.freeze({ mass: null, text: undefined });

/**
 * Sums by the amount texts they add up, lot totals by their containers' sum texts, and each
 * amount text's parse: pure functions of their keys, kept across calls (flowTotalsOf). Each map
 * is emptied when it reaches MAX_REMEMBERED keys, so a plant's many amounts cost memory only up to the bound.
 */
const parsed = new Map<string, Parsed | null>();
const sums = new Map<string, { readonly mass: Mass | null; readonly text: string | undefined }>();
const lotSums = new Map<string, string>();
const MAX_REMEMBERED = 4096;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_REMEMBERED) map.clear();
  map.set(key, value);
}

/** An amount as an integer of its decimals ("12.345 kg": 12345n, 3 decimals, kg). */
interface Parsed {
  unit: MassUnit;
  scaled: bigint;
  dp: number;
}

function parse(q: string): Parsed | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?\s+(mg|g|kg)$/.exec(q);
  if (!m) return null;
  const frac = m[3] ?? '';
  return { unit: m[4] as MassUnit, scaled: BigInt(`${m[2]}${frac}`) * (m[1] === '-' ? -1n : 1n), dp: frac.length };
}

/** Exact sum of "12.345 kg"-style quantities; null when any is not a mass. `parsed` keeps each text's parse. */
function sum(quantities: readonly string[], parsed: Map<string, Parsed | null>): Mass | null {
  const byUnit = new Map<MassUnit, { scaled: bigint; dp: number }>();
  for (const q of quantities) {
    let p = parsed.get(q);
    if (p === undefined) {
      p = parse(q);
      remember(parsed, q, p);
    }
    if (!p) return null;
    const acc = byUnit.get(p.unit);
    if (!acc) byUnit.set(p.unit, { scaled: p.scaled, dp: p.dp });
    else if (acc.dp === p.dp) acc.scaled += p.scaled;
    else if (acc.dp > p.dp) acc.scaled += p.scaled * 10n ** BigInt(acc.dp - p.dp);
    else {
      acc.scaled = acc.scaled * 10n ** BigInt(p.dp - acc.dp) + p.scaled;
      acc.dp = p.dp;
    }
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
