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
  // Dense indices (0 the start) and typed arrays instead of maps keyed by node id: a recall
  // reaches ten thousand nodes, and map operations per edge were most of this function's time.
  const index = new Map<number, number>([[start.id, 0]]);
  const ids: number[] = [start.id];
  const indexOf = (id: number): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      index.set(id, i);
      ids.push(id);
    }
    return i;
  };
  const m = closureEdges.length;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    from[e] = indexOf(closureEdges[e]![0]);
    to[e] = indexOf(closureEdges[e]![1]);
  }
  const n = ids.length;
  // Out-edges per node (CSR), each node's in the order of the closure's edges.
  const first = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) first[from[e]! + 1]!++;
  for (let i = 0; i < n; i++) first[i + 1]! += first[i]!;
  const targets = new Int32Array(m);
  const fill = first.slice(0, n);
  for (let e = 0; e < m; e++) targets[fill[from[e]!]!++] = to[e]!;

  const depth = new Int32Array(n).fill(-1);
  depth[0] = 0;
  const via = new Int32Array(n).fill(-1);
  let selfDepth = 0;
  let selfVia = -1;
  let level = [0];
  for (let d = 0; d < maxDepth && level.length > 0; d++) {
    const next: number[] = [];
    for (const u of level) {
      for (let k = first[u]!; k < first[u + 1]!; k++) {
        const v = targets[k]!;
        if (v === 0) {
          if (selfDepth === 0) selfDepth = d + 1;
          if (selfDepth === d + 1 && (selfVia < 0 || ids[u]! < ids[selfVia]!)) selfVia = u;
          continue;
        }
        if (depth[v]! < 0) {
          depth[v] = d + 1;
          via[v] = u;
          next.push(v);
        } else if (depth[v] === d + 1 && ids[u]! < ids[via[v]!]!) via[v] = u;
      }
    }
    level = next;
  }
  const hits: WalkedHit[] = [];
  for (const node of nodes) {
    const i = index.get(node.id);
    if (i === undefined) continue;
    const d = i === 0 ? selfDepth : depth[i]!;
    if (d > 0) hits.push({ id: node.id, kind: node.kind, key: node.key, label: node.label, attrs: node.attrs, via: ids[i === 0 ? selfVia : via[i]!]!, depth: d });
  }
  hits.sort((a, b) => a.depth - b.depth || a.id - b.id);
  const edges: (readonly [number, number])[] = [];
  for (let e = 0; e < m; e++) {
    const d = depth[from[e]!]!;
    if (d >= 0 && d < maxDepth) edges.push(closureEdges[e]!);
  }
  return { start, hits, edges, deepest: hits.length === 0 ? 0 : longestWalk(first, targets, maxDepth) };
}

/** Longest walk from the start (index 0; Kahn's order over the closure), capped; a cycle gives the cap. */
function longestWalk(first: Int32Array, targets: Int32Array, cap: number): number {
  const n = first.length - 1;
  const indegree = new Int32Array(n);
  for (const v of targets) indegree[v]!++;
  if (indegree[0]! > 0) return cap;
  let entered = 0;
  for (const d of indegree) if (d > 0) entered++;
  const longest = new Int32Array(n).fill(-1);
  longest[0] = 0;
  const queue = [0];
  let best = 0;
  for (let q = 0; q < queue.length; q++) {
    const u = queue[q]!;
    const lu = longest[u]!;
    for (let k = first[u]!; k < first[u + 1]!; k++) {
      const v = targets[k]!;
      if (lu + 1 > longest[v]!) longest[v] = lu + 1;
      if (--indegree[v]! === 0) {
        queue.push(v);
        best = Math.max(best, longest[v]!);
      }
    }
  }
  // A node never freed lies on or behind a cycle: walks of any length exist.
  return queue.length < entered + 1 ? cap : Math.min(best, cap);
}
