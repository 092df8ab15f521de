/**
 * The trace's shortest-path tree, built after the walk (pure; issue 16 item 3). Given the
 * whole closure of the start (every node reached and every edge between them, in walk
 * direction), it returns exactly what the depth-bounded recursive query (trace-sql.ts,
 * traceSql) returns:
 *
 *   hits       every node whose shortest distance from the start is at most maxDepth, with
 *              that distance and, as predecessor, the smallest node id at distance d-1 that
 *              has an edge to it; ordered by (depth, id). The start itself is among them when
 *              a cycle leads back to it within maxDepth (its depth is the cycle's length).
 *   edges      every edge whose tail lies at distance < maxDepth (the edges a walk of at most
 *              maxDepth steps uses).
 *   deepest    the length of the longest walk from the start, capped at maxDepth (a cycle
 *              makes walks of any length), 0 when nothing is reached.
 */

export interface WalkNode {
  id: number;
  kind: string;
  key: string;
  label: string;
  attrs: Record<string, unknown>;
}

export interface WalkedHit extends WalkNode {
  via: number;
  depth: number;
}

export interface Walked {
  start: WalkNode;
  hits: WalkedHit[];
  /** [via, node] in walk direction. */
  edges: (readonly [number, number])[];
  deepest: number;
}

export function treeOfClosure(start: WalkNode, nodes: readonly WalkNode[], closureEdges: readonly (readonly [number, number])[], maxDepth: number): Walked {
  const out = new Map<number, number[]>();
  for (const [a, b] of closureEdges) {
    const list = out.get(a);
    if (list) list.push(b);
    else out.set(a, [b]);
  }
  const depth = new Map<number, number>([[start.id, 0]]);
  const via = new Map<number, number>();
  let selfDepth = 0;
  let level = [start.id];
  for (let d = 0; d < maxDepth && level.length > 0; d++) {
    const next: number[] = [];
    for (const u of level) {
      for (const v of out.get(u) ?? []) {
        if (v === start.id) {
          if (selfDepth === 0) selfDepth = d + 1;
          if (selfDepth === d + 1 && (!via.has(v) || u < via.get(v)!)) via.set(v, u);
          continue;
        }
        const seen = depth.get(v);
        if (seen === undefined) {
          depth.set(v, d + 1);
          via.set(v, u);
          next.push(v);
        } else if (seen === d + 1 && u < via.get(v)!) via.set(v, u);
      }
    }
    level = next;
  }
  const hits: WalkedHit[] = [];
  for (const n of nodes) {
    const d = n.id === start.id ? selfDepth : depth.get(n.id);
    if (d !== undefined && d > 0) hits.push({ id: n.id, kind: n.kind, key: n.key, label: n.label, attrs: n.attrs, via: via.get(n.id)!, depth: d });
  }
  hits.sort((a, b) => a.depth - b.depth || a.id - b.id);
  const edges: (readonly [number, number])[] = [];
  for (const e of closureEdges) {
    const d = depth.get(e[0]);
    if (d !== undefined && d < maxDepth) edges.push(e);
  }
  return { start, hits, edges, deepest: hits.length === 0 ? 0 : longestWalk(start.id, out, maxDepth) };
}

/** Longest walk from the start (Kahn's order over the closure), capped; a cycle gives the cap. */
function longestWalk(startId: number, out: Map<number, number[]>, cap: number): number {
  const indegree = new Map<number, number>();
  for (const targets of out.values()) for (const v of targets) indegree.set(v, (indegree.get(v) ?? 0) + 1);
  if (indegree.has(startId)) return cap;
  const longest = new Map<number, number>([[startId, 0]]);
  const queue = [startId];
  let best = 0;
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i]!;
    const lu = longest.get(u)!;
    for (const v of out.get(u) ?? []) {
      if (lu + 1 > (longest.get(v) ?? -1)) longest.set(v, lu + 1);
      const left = indegree.get(v)! - 1;
      indegree.set(v, left);
      if (left === 0) {
        queue.push(v);
        best = Math.max(best, longest.get(v)!);
      }
    }
  }
  // A node never freed lies on or behind a cycle: walks of any length exist.
  return queue.length < indegree.size + 1 ? cap : Math.min(best, cap);
}
