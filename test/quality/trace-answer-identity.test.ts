/**
 * Issue 16: the walked trace's JS after the query (trace-service.ts, answerOf; flow-totals.ts)
 * was made cheaper, and its answer must stay the same text: compared here, on random
 * genealogies with masses in mixed units and resolutions, node ids in any order, both
 * directions and several depths, with answerOf as it was before (kept below as the reference,
 * verbatim but for its name).
 */
import { describe, expect, it } from 'vitest';
import { nodeKey, type GenealogyNodeKind, type TraceDirection, type TraceEdge, type TraceHit, type TraceResult } from '../../src-shared/quality/genealogy-contract.ts';
import { answerOf, flowQuantity } from '../../src-server/quality/genealogy/trace-service.ts';
import { flowTotalsOf } from '../../src-server/quality/genealogy/flow-totals.ts';
import { treeOfClosure, type Walked } from '../../src-server/quality/genealogy/trace-tree.ts';
import { prng, randomDag } from './support/random-dag.ts';

const UNITS = ['mg', 'g', 'kg'] as const;

function mass(rand: () => number): string | null {
  const r = rand();
  if (r < 0.05) return null;
  if (r < 0.08) return 'n/a';
  // Few distinct amounts, as in a plant (the sums of equal lists are kept once), in mixed units and resolutions.
  const whole = Math.floor(rand() * 4) * (rand() < 0.1 ? -1 : 1);
  const dp = Math.floor(rand() * 4);
  const frac = dp === 0 ? '' : `.${String(Math.floor(rand() * 10 ** dp)).padStart(dp, '0')}`;
  return `${whole}${frac} ${UNITS[Math.floor(rand() * 3)]!}`;
}

function walkOf(rand: () => number, direction: TraceDirection, maxDepth: number, ascendingIds: boolean): Walked | null {
  const dag = randomDag(rand, 'a', 8 + Math.floor(rand() * 8), 12);
  const n = dag.nodes.length;
  if (n < 2) return null;
  // Node ids: ascending in node order, or shuffled; the closure's columns in either order.
  const ids = Array.from({ length: n }, (_, i) => 100 + i * 3);
  if (!ascendingIds) for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  const index = new Map(dag.nodes.map((x, i) => [`${x.kind}:${x.key}`, i]));
  const attrs = dag.nodes.map((x) => {
    const m = mass(rand);
    return x.kind === 'dispense' ? (m === null ? {} : { net: m }) : x.kind === 'lot' ? (m === null ? {} : { quantity: m }) : {};
  });
  const out = new Map<number, number[]>();
  for (const [a, b] of dag.edges) {
    const [f, t] = direction === 'forward' ? [index.get(a)!, index.get(b)!] : [index.get(b)!, index.get(a)!];
    out.set(f, [...(out.get(f) ?? []), t]);
  }
  const starts = [...out.keys()];
  if (starts.length === 0) return null;
  // Near the sources of the walk, so most traces reach far.
  starts.sort((x, y) => (direction === 'forward' ? x - y : y - x));
  const startAt = starts[Math.floor(rand() * Math.min(starts.length, 8))]!;
  const start = { id: ids[startAt]!, kind: dag.nodes[startAt]!.kind, key: dag.nodes[startAt]!.key, label: `label ${startAt}`, attrs: attrs[startAt]! };
  // The closure of the start (every node it reaches, every edge between them), in walk direction.
  const seen = new Set<number>([startAt]);
  const queue = [startAt];
  const from: number[] = [];
  const to: number[] = [];
  for (let q = 0; q < queue.length; q++) {
    for (const t of out.get(queue[q]!) ?? []) {
      from.push(ids[queue[q]!]!);
      to.push(ids[t]!);
      if (!seen.has(t)) {
        seen.add(t);
        queue.push(t);
      }
    }
  }
  const closure = queue.slice(1);
  if (ascendingIds) closure.sort((x, y) => ids[x]! - ids[y]!);
  else closure.sort(() => rand() - 0.5);
  return treeOfClosure(
    start,
    { ids: closure.map((i) => ids[i]!), kinds: closure.map((i) => dag.nodes[i]!.kind), keys: closure.map((i) => dag.nodes[i]!.key), labels: closure.map((i) => `label ${i}`), attrs: closure.map((i) => attrs[i]!) },
    from,
    to,
    maxDepth,
  );
}

describe('the walked trace answer, after the query', () => {
  it('FR-10 answerOf answers the same text as before: hits, depths, paths, quantities, totals (mixed units), edges in id order', () => {
    const rand = prng(1616);
    let compared = 0;
    let withTotals = 0;
    for (let g = 0; g < 300; g++) {
      const direction: TraceDirection = g % 2 === 0 ? 'forward' : 'backward';
      const walked = walkOf(rand, direction, [1, 2, 3, 60][g % 4]!, g % 3 === 0);
      if (!walked || walked.order.length === 0) continue;
      const now = JSON.stringify(answerOf(walked, direction));
      expect(now).toBe(JSON.stringify(answerBefore(walked, direction)));
      compared++;
      if (now.includes('"total":"')) withTotals++;
    }
    expect(compared).toBeGreaterThan(150);
    expect(withTotals).toBeGreaterThan(50);
  });
});

/** answerOf before issue 16's JS work (trace-service.ts at 4104bb1), the reference. */
function answerBefore(walked: Walked, direction: TraceDirection): { start: TraceResult['start']; hits: TraceHit[]; edges: TraceEdge[] } {
  const start: TraceResult['start'] = { kind: walked.start.kind as GenealogyNodeKind, key: walked.start.key, label: walked.start.label, attrs: walked.start.attrs };
  // Dense indices (trace-tree.ts, Walked): arrays instead of maps keyed by "kind:key" text;
  // a recall has ten thousand hits and more edges.
  const { kinds, keys, labels } = walked.nodes;
  const attrs = walked.nodes.attrs as Record<string, unknown>[];
  const { order, depth, via } = walked;
  const n = kinds.length;
  const refs: string[] = new Array<string>(n);
  refs[0] = nodeKey(start);
  for (const i of order) refs[i] = `${kinds[i]!}:${keys[i]!}`;
  const paths: (string[] | undefined)[] = new Array<string[] | undefined>(n);
  paths[0] = [refs[0]];
  const chain: number[] = [];
  const pathOf = (i: number): string[] => {
    let cur = i;
    while (paths[cur] === undefined) {
      chain.push(cur);
      cur = via[cur]!;
    }
    let path = paths[cur]!;
    while (chain.length > 0) {
      const j = chain.pop()!;
      path = [...path, refs[j]!];
      paths[j] = path;
    }
    return path;
  };
  // Edges in the direction material flows, whichever way the walk went, ordered by the node
  // ids of their ends (walk direction): the order the database gave them in is a hash
  // aggregate's, and the answer is the same text for the same genealogy however it was walked
  // (a kept answer is that text: traceReply).
  const forward = direction === 'forward';
  const ids = walked.nodes.ids;
  const byIds: number[] = [];
  for (let e = 0; e < walked.from.length; e++) if (walked.from[e]! >= 0 && walked.to[e]! >= 0) byIds.push(e);
  byIds.sort((x, y) => ids[walked.from[x]!]! - ids[walked.from[y]!]! || ids[walked.to[x]!]! - ids[walked.to[y]!]!);
  const edges: TraceEdge[] = [];
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  const quantities: (string | null)[] = [];
  for (const e of byIds) {
    const a = walked.from[e]!;
    const b = walked.to[e]!;
    const parent = forward ? a : b;
    const child = forward ? b : a;
    const quantity = flowQuantity(kinds[parent]!, attrs[parent]!, kinds[child]!, attrs[child]!);
    edges.push({ from: refs[parent]!, to: refs[child]!, quantity });
    edgeFrom.push(parent);
    edgeTo.push(child);
    quantities.push(quantity);
  }
  const totals = flowTotalsOf(kinds, edgeFrom, edgeTo, quantities);
  const hits: TraceHit[] = new Array<TraceHit>(order.length);
  for (let h = 0; h < order.length; h++) {
    const i = order[h]!;
    const v = via[i]!;
    hits[h] = {
      node: { kind: kinds[i] as GenealogyNodeKind, key: keys[i]!, label: labels[i]!, attrs: attrs[i]! },
      depth: depth[i]!,
      path: pathOf(i),
      quantity: flowQuantity(kinds[i]!, attrs[i]!, kinds[v]!, attrs[v]!),
      total: totals[i] ?? null,
    };
  }
  return { start, hits, edges };
}
