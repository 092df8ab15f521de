/**
 * Random genealogies for the trace property test, and the brute-force reference: breadth-first
 * search over an adjacency list in memory, the obviously-correct way to get every reachable
 * node and its distance.
 */
import type { GenealogyNodeKind } from '../../../src-shared/quality/genealogy-contract.ts';
import type { Facts } from '../../../src-server/quality/projection/genealogy-facts.ts';

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS: GenealogyNodeKind[] = ['lot', 'container', 'dispense', 'batch'];

export interface Dag {
  nodes: { kind: GenealogyNodeKind; key: string }[];
  edges: [string, string][];
  ref(i: number): string;
}

/**
 * `levels` layers; layer i holds nodes of kind KINDS[i % 4]; edges go from a layer to one of the
 * next three (so paths of different lengths meet: diamonds and shortcuts), with a few
 * high-fan-out nodes (an excipient lot used everywhere).
 */
export function randomDag(rand: () => number, prefix: string, levels: number, width: number): Dag {
  const layers: { kind: GenealogyNodeKind; key: string }[][] = [];
  for (let l = 0; l < levels; l++) {
    const n = 1 + Math.floor(rand() * width);
    layers.push(Array.from({ length: n }, (_, i) => ({ kind: KINDS[l % 4]!, key: `${prefix}-L${l}-${i}` })));
  }
  const edges = new Set<string>();
  for (let l = 0; l < levels - 1; l++) {
    for (const from of layers[l]!) {
      const hub = rand() < 0.05;
      const out = hub ? 3 + Math.floor(rand() * 12) : Math.floor(rand() * 3);
      for (let k = 0; k < out; k++) {
        const target = Math.min(levels - 1, l + 1 + Math.floor(rand() * rand() * 3));
        const layer = layers[target]!;
        const to = layer[Math.floor(rand() * layer.length)]!;
        edges.add(`${from.kind}:${from.key}|${to.kind}:${to.key}`);
      }
    }
  }
  const nodes = layers.flat();
  return { nodes, edges: [...edges].map((e) => e.split('|') as [string, string]), ref: (i) => `${nodes[i]!.kind}:${nodes[i]!.key}` };
}

export function factsOf(dag: Dag, extraEdges: [string, string][] = []): Facts {
  const split = (r: string) => {
    const i = r.indexOf(':');
    return { kind: r.slice(0, i) as GenealogyNodeKind, key: r.slice(i + 1) };
  };
  return {
    // What the projector records: a dispensing's net mass, an output lot's quantity.
    nodes: dag.nodes.map((n) => ({ ...n, label: n.key, attrs: n.kind === 'dispense' ? { net: `net-${n.key}` } : n.kind === 'lot' ? { quantity: `qty-${n.key}` } : {} })),
    edges: [...dag.edges, ...extraEdges].map(([a, b]) => ({ parent: split(a), child: split(b), quantity: `${a}>${b}`, stationId: null, seq: null })),
  };
}

/** Distance of every node reachable from `start` within `maxDepth` (start excluded). */
export function bfs(edges: readonly [string, string][], start: string, direction: 'forward' | 'backward', maxDepth: number): Map<string, number> {
  const next = new Map<string, string[]>();
  for (const [a, b] of edges) {
    const [from, to] = direction === 'forward' ? [a, b] : [b, a];
    next.set(from, [...(next.get(from) ?? []), to]);
  }
  const dist = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  for (let d = 1; d <= maxDepth && frontier.length > 0; d++) {
    const nextFrontier: string[] = [];
    for (const n of frontier) {
      for (const m of next.get(n) ?? []) {
        if (!dist.has(m)) {
          dist.set(m, d);
          nextFrontier.push(m);
        }
      }
    }
    frontier = nextFrontier;
  }
  dist.delete(start);
  return dist;
}
