/**
 * The trace's shortest-path tree, built after the walk (pure; issue 16 item 3). Given the
 * whole closure of the start (every node reached and every edge between them, in walk
 * direction), it returns exactly what the depth-bounded recursive query (trace-sql.ts,
 * traceSql) returns:
 *
 *   hits       every node whose shortest distance from the start is at most maxDepth, with
 *              that distance and, as predecessor, the smallest node id at distance d-1 that
 *              has an edge to it; ordered by (depth, id) (`order`, `depth`, `via`). The start
 *              itself is among them when a cycle leads back to it within maxDepth
 *              (`selfReached`).
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

/** Nodes column by column, one entry per node (the closure's text columns, trace-sql.ts). */
export interface NodeColumns {
  ids: readonly number[];
  kinds: readonly string[];
  keys: readonly string[];
  labels: readonly string[];
  attrs: readonly (Record<string, unknown> | null)[];
}

/**
 * A walk's answer over dense node indices (0 the start): arrays instead of an object per hit
 * and maps keyed by node id, because a recall reaches ten thousand nodes and allocation and
 * map operations were most of the time spent after the walk.
 */
export interface Walked {
  start: WalkNode;
  /** Node data by index; index 0 is the start. */
  nodes: NodeColumns;
  /** The hits by index, in answer order (depth, then id); never 0. */
  order: number[];
  /** Per index: shortest distance from the start, and the index of the predecessor on a shortest path. */
  depth: Int32Array;
  via: Int32Array;
  /** A cycle leads back to the start within maxDepth (the start is then among the hits of the SQL walk). */
  selfReached: boolean;
  /** The edges the walk used, in walk direction, as indices; -1 for an end outside the hits. */
  from: Int32Array;
  to: Int32Array;
  deepest: number;
}

/**
 * The tree of the closure, or null when an edge names a node the closure does not hold (the
 * caller then walks depth-bounded in SQL). `from`/`to` are node ids in walk direction.
 */
export function treeOfClosure(start: WalkNode, closure: NodeColumns, fromIds: readonly number[], toIds: readonly number[], maxDepth: number): Walked | null {
  // Dense indices: 0 the start, then the closure's nodes in the order the database gave them.
  const index = new Map<number, number>([[start.id, 0]]);
  const ids: number[] = [start.id];
  const kinds: string[] = [start.kind];
  const keys: string[] = [start.key];
  const labels: string[] = [start.label];
  const attrs: (Record<string, unknown> | null)[] = [start.attrs];
  for (let i = 0; i < closure.ids.length; i++) {
    const id = closure.ids[i]!;
    if (id === start.id) continue;
    index.set(id, ids.length);
    ids.push(id);
    kinds.push(closure.kinds[i]!);
    keys.push(closure.keys[i]!);
    labels.push(closure.labels[i]!);
    attrs.push(closure.attrs[i] ?? {});
  }
  const m = fromIds.length;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const a = index.get(fromIds[e]!);
    const b = index.get(toIds[e]!);
    if (a === undefined || b === undefined) return null;
    from[e] = a;
    to[e] = b;
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
  const order: number[] = [];
  let level = [0];
  for (let d = 0; d < maxDepth && level.length > 0; d++) {
    const next: number[] = [];
    for (const u of level) {
      for (let k = first[u]!; k < first[u + 1]!; k++) {
        const v = targets[k]!;
        if (v === 0) {
          if (selfDepth === 0) selfDepth = d + 1;
          continue;
        }
        if (depth[v]! < 0) {
          depth[v] = d + 1;
          via[v] = u;
          next.push(v);
        } else if (depth[v] === d + 1 && ids[u]! < ids[via[v]!]!) via[v] = u;
      }
    }
    // Breadth first: every level after the one before, so sorting each level by id gives (depth, id).
    next.sort((a, b) => ids[a]! - ids[b]!);
    for (const v of next) order.push(v);
    level = next;
  }
  // Edges a walk of at most maxDepth steps uses: those whose tail lies nearer than maxDepth.
  let used = 0;
  for (let e = 0; e < m; e++) {
    const d = depth[from[e]!]!;
    if (d >= 0 && d < maxDepth) used++;
  }
  const usedFrom = used === m ? from : new Int32Array(used);
  const usedTo = used === m ? to : new Int32Array(used);
  if (used !== m) {
    let k = 0;
    for (let e = 0; e < m; e++) {
      const d = depth[from[e]!]!;
      if (d >= 0 && d < maxDepth) {
        usedFrom[k] = from[e]!;
        usedTo[k++] = to[e]!;
      }
    }
  }
  const reached = order.length > 0 || selfDepth > 0;
  return {
    start,
    nodes: { ids, kinds, keys, labels, attrs },
    order,
    depth,
    via,
    selfReached: selfDepth > 0,
    from: usedFrom,
    to: usedTo,
    deepest: reached ? longestWalk(first, targets, maxDepth) : 0,
  };
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
