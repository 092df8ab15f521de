/**
 * The trace as one recursive query (PostgreSQL, same text on PGlite and a server).
 *
 *   walk(node, via, depth)   every (node, predecessor, depth) reachable from the start within
 *                            maxDepth. UNION (not UNION ALL) drops a row already produced, so
 *                            a node reached over many paths of the same length is expanded
 *                            once per length, never once per path: in a DAG full of diamonds
 *                            (one lot in two containers, both in one batch) the number of
 *                            paths grows exponentially with depth, the rows do not.
 *   reached                  per node its smallest depth and one predecessor at that depth:
 *                            a shortest-path tree. The predecessor of a node at depth d has
 *                            smallest depth d-1 (else the node would be nearer), so following
 *                            `via` pointers from any hit gives a shortest path to the start.
 *
 * Cycle protection: the depth guard stops a walk around a cycle (a corrupt genealogy) after
 * maxDepth steps, and `deepest` tells the caller the guard was reached so it can look for the
 * cycle (trace-service.ts); the start showing up among the hits is a cycle through it.
 * Genealogy is acyclic by nature (material flows forward in time), so the guard costs
 * nothing on healthy data.
 *
 * Measured on a million lots (bench/trace.bench.ts): joining back to genealogy_edges for each
 * hit's quantity doubled the query time (a random heap read per hit), so the quantity of a
 * hit's last edge is taken from the nodes instead (trace-service.ts, flowQuantity). The
 * planner cannot estimate a recursive CTE well; its guess grows with the tables until it
 * crosses jit_above_cost (at ten million lots a 57-hit trace took 263 ms, the plain query
 * 2 ms), and JIT compilation then costs far more than the walk. The service therefore runs
 * the trace with `SET LOCAL jit = off` in its own short transaction.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { TraceDirection } from '../../../src-shared/quality/genealogy-contract.ts';

export interface TraceRow extends Record<string, unknown> {
  node: string | number;
  via: string | number;
  /** 0 the start, > 0 a hit, -1 the edges of the walk ("via>node,…" in label, their count in node). */
  depth: number;
  kind: string;
  key: string;
  label: string;
  attrs: Record<string, unknown>;
  deepest: number;
}

function columns(direction: TraceDirection) {
  return direction === 'forward' ? { from: sql.raw('parent_id'), to: sql.raw('child_id') } : { from: sql.raw('child_id'), to: sql.raw('parent_id') };
}

/**
 * One round trip: the start node (depth 0; absent when unknown) followed by every hit, then
 * one row (depth -1) whose label lists every distinct edge the walk used ("via>node,…", in walk
 * direction) and whose node column counts them, so the caller can draw the whole graph and add
 * up what flowed into each hit, not only along the shortest path. The walk CTE is
 * materialised once: the edges cost a hash aggregate over rows already produced, not a
 * second walk; one text value instead of a row per edge halved what the edges cost on the
 * wire (PGlite pays per row). The start is looked up inside the statement, so a trace costs
 * the same number of round trips as the plain query it is measured against.
 */
export function traceSql(kind: string, key: string, direction: TraceDirection, maxDepth: number, limit: number, edgeLimit = 4 * (limit + 2)): SQL {
  const { from, to } = columns(direction);
  return sql`
    with recursive start as (select id, kind, key, label, attrs from genealogy_nodes where kind = ${kind} and key = ${key}),
    walk(node, via, depth) as (
      select e.${to}, e.${from}, 1 from genealogy_edges e join start s on e.${from} = s.id
      union
      select e.${to}, e.${from}, w.depth + 1
      from walk w join genealogy_edges e on e.${from} = w.node
      where w.depth < ${maxDepth}
    ),
    reached as (select distinct on (node) node, via, depth from walk order by node, depth, via)
    select * from (
      select * from (
        select s.id as node, s.id as via, 0 as depth, s.kind, s.key, s.label, s.attrs, 0 as deepest from start s
        union all
        select r.node, r.via, r.depth, n.kind, n.key, n.label, n.attrs, (select max(depth) from walk)
        from reached r join genealogy_nodes n on n.id = r.node
      ) t
      order by depth, node
      limit ${limit + 2}
    ) hits
    union all
    select count(*), 0, -1 as depth, null::text as kind, null::text as key, string_agg(via || '>' || node, ',') as label, null::jsonb as attrs, 0 as deepest
    from (select distinct node, via from walk limit ${edgeLimit + 1}) e`;
}

/** Every distinct edge the walk used (only asked for when the depth guard was reached). */
export function walkedEdgesSql(startId: number, direction: TraceDirection, maxDepth: number): SQL {
  const { from, to } = columns(direction);
  return sql`
    with recursive walk(node, via, depth) as (
      select e.${to}, e.${from}, 1 from genealogy_edges e where e.${from} = ${startId}
      union
      select e.${to}, e.${from}, w.depth + 1
      from walk w join genealogy_edges e on e.${from} = w.node
      where w.depth < ${maxDepth}
    )
    select distinct via, node from walk`;
}

/** The plain query the bench compares against: the reachable set, no depth, no paths. */
export function reachableCountSql(startId: number, direction: TraceDirection): SQL {
  const { from, to } = columns(direction);
  return sql`
    with recursive r(node) as (
      select ${startId}::bigint
      union
      select e.${to} from r join genealogy_edges e on e.${from} = r.node
    )
    select count(*) - 1 as n from r`;
}
