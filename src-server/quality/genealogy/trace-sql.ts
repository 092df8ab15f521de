/**
 * The trace's queries (PostgreSQL, same text on PGlite and a server). The service first runs
 * closureSql (the closure as distinct edges; tree, depth guard and totals built in JS, see
 * trace-tree.ts); traceSql below, the depth-bounded walk, answers when the closure is over its
 * caps, and is the reference the closure path is tested against (test/quality/trace-closure).
 *
 * traceSql:
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
 * 2 ms), and JIT compilation then costs far more than the walk. The hub's sessions therefore
 * run with jit off (open-hub-db.ts); on a connection where it is on, the service runs the trace
 * with `SET LOCAL jit = off` in its own short transaction.
 */
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { TraceDirection } from '../../../src-shared/quality/genealogy-contract.ts';
import { InvariantViolation } from '../../../src-shared/result.ts';
import type { QueryText } from '../../db/prepared-statement.ts';

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

/**
 * A LIMIT written into the text, not passed as a parameter: the trace runs as a prepared
 * statement (prepared-statement.ts), and a generic plan knows a parameter's LIMIT only as a
 * guess (a tenth of the rows), which may choose another plan than the value would.
 */
function rowCount(n: number): SQL {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`trace: a row limit must be a non-negative integer, not ${n}`);
  return sql.raw(String(n));
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
      limit ${rowCount(limit + 2)}
    ) hits
    union all
    select count(*), 0, -1 as depth, null::text as kind, null::text as key, string_agg(via || '>' || node, ',') as label, null::jsonb as attrs, 0 as deepest
    from (select distinct node, via from walk limit ${rowCount(edgeLimit + 1)}) e`;
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

/** The plain query's reachable set itself, as "kind:key" refs (the trace's property test compares against it). */
export function reachableSetSql(startId: number, direction: TraceDirection): SQL {
  const { from, to } = columns(direction);
  return sql`
    with recursive r(node) as (
      select e.${to} from genealogy_edges e where e.${from} = ${startId}
      union
      select e.${to} from r join genealogy_edges e on e.${from} = r.node
    )
    select n.kind || ':' || n.key as ref from r join genealogy_nodes n on n.id = r.node`;
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

/**
 * Whether the projection is behind the ledger (FR-134): some station's acknowledged seq is past
 * its projection cursor, the projector's own test (quality-projector.ts, catchUp), as one boolean.
 */
export const PROJECTION_BEHIND = sql`exists (select 1 from stations s left join quality_projection_cursors c on c.station_id = s.station_id where s.ack_seq > coalesce(c.seq, 0))`;

/**
 * A trace statement (closureSql, traceSql) with one more column on every row, `behind`
 * (PROJECTION_BEHIND, in the statement's own snapshot, the one its answer comes from): the trace
 * route asks it with the trace instead of a catch-up round trip before it, and catches up and
 * asks again only when it is true (trace-service.ts, traceReply). The statement itself is
 * wrapped, not edited; its rows come in its own order (a subquery with a WITH is not flattened).
 */
export function withBehind(statement: SQL): SQL {
  return sql`select t.*, ${PROJECTION_BEHIND} as behind from (${statement}) t`;
}

/**
 * The genealogy's epoch (FR-151, migration 0053), over genealogy_generation's row as `g`: what a
 * counter of that row (n, node_data_n) or a kept answer row's xmin is a number of. A counter alone
 * can come back to a number a hub process already saw with other data behind it; these parts do
 * not come back with it:
 *
 *   - `g.epoch`: random, new whenever the row is inserted (a data-only restore writes it again)
 *     or a counter is set back (a trigger: a restore of the counters in place, an edit by hand);
 *   - `g.tableoid`: the table made again (a logical restore that drops and creates it copies the
 *     old epoch in before its triggers exist);
 *   - the database's oid: another database (a copy made with CREATE DATABASE … TEMPLATE, a
 *     database dropped and made again, another one renamed into the URL's name) has its own;
 *   - the server's start time: a physical restore (a base backup, a snapshot of the data folder)
 *     or a failover to a replica starts the server; a plain restart costs one walk per trace.
 *
 * Read in the statement that reads the counter (one snapshot), so every stamp a hub process holds
 * data under (trace-cache.ts, trace-node-data.ts) is `epoch:counter:…` (generationStampOf below) and matches only when all do.
 */
function epochOf(g: string): string {
  return `${g}.epoch || '.' || ${g}.tableoid::text || '.' || (select d.oid::text from pg_database d where d.datname = current_database()) || '.' || (extract(epoch from pg_postmaster_start_time()) * 1000000)::bigint::text`;
}

/**
 * The generation's stamp of the row as `g`, `epoch:n:xmin.raise_token`, and the node data's,
 * `epoch:node_data_n:node_data_token` (FR-151): epochOf above, the counter, and what makes the
 * stamp new with every raise whatever wrote the counters back (migration 0055: a data-only restore
 * with triggers off, replication role "replica", a VM snapshot rolled back): the token
 * raiseGeneration sets with each raise, and for the generation the row's own xmin too (any UPDATE
 * of the row writes one; compared for equality only, beside the counter and the token, so an xid
 * seen again after wraparound cannot make a stamp match alone). The node data's stamp leaves the
 * xmin out: every raise writes the row, and node data is held while it stands still.
 */
function generationStampOf(g: string): string {
  return `${epochOf(g)} || ':' || ${g}.n::text || ':' || ${g}.xmin::text || '.' || ${g}.raise_token`;
}
function nodeDataStampOf(g: string): string {
  return `${epochOf(g)} || ':' || ${g}.node_data_n::text || ':' || ${g}.node_data_token`;
}

/** The genealogy's generation as its stamp (generationStampOf); a scalar subquery. */
export const GENERATION_STAMP = sql.raw(`(select ${generationStampOf('g')} from genealogy_generation g)`);

/** The node data generation as its stamp (nodeDataStampOf); a scalar subquery. */
export const NODE_DATA_STAMP = sql.raw(`(select ${nodeDataStampOf('g')} from genealogy_generation g)`);

/** The epoch and the generation's stamp of the row as `g`, for a statement that locks it (keepClosureSql, keepAnswerSql). */
const EPOCH_OF_G = sql.raw(epochOf('g'));
const GENERATION_OF_G = sql.raw(generationStampOf('g'));

/**
 * The epoch, the generation's and the node data's stamps of one read of the row (closureSql's
 * `generation_row`); `offset 0` keeps the epoch computed once (flattened, the planner repeated its
 * database lookup for each of the three).
 */
const GENERATION_ROW = sql.raw(
  `select e.epoch, e.epoch || ':' || e.n::text || ':' || e.x::text || '.' || e.raise_token as generation, e.epoch || ':' || e.node_data_n::text || ':' || e.node_data_token as node_data from (select ${epochOf('g')} as epoch, g.n, g.xmin as x, g.raise_token, g.node_data_n, g.node_data_token from genealogy_generation g offset 0) e`,
);

export interface ClosureRow extends Record<string, unknown> {
  id: string | number;
  kind: string;
  key: string;
  label: string;
  attrs: Record<string, unknown> | null;
  /** How many nodes were reached (the start too when a cycle returns to it); the columns below hold one entry per node, in one order. */
  node_count: string | number;
  /** Node ids, "12,13,…"; null when none. */
  ids: string | null;
  /** Node kinds, "lot,container,…". */
  kinds: string | null;
  /** Keys and labels, separated by the unit separator (U+001F); the caller checks the count, since a label could hold one. */
  keys: string | null;
  labels: string | null;
  /** Attributes as jsonb text, comma-separated: "[" + attrs + "]" is a JSON array (jsonb text escapes every control character). */
  attrs_list: string | null;
  /** Every distinct edge reached, "via>node,…" in walk direction; null when none. */
  edges: string | null;
  edge_count: string | number;
  /** The columns come from a kept closure (genealogy_closures), not from a walk. */
  kept: boolean;
  /** The genealogy's generation the statement saw, as its stamp `epoch:n:xmin.token` (generationStampOf; keepClosureSql); null when the row is missing. */
  generation: string | number | null;
  /**
   * The kept answer (closureSql's answerDepth): the route's JSON text gzip'd, in base64; the
   * closure's columns are then null. Null beside an `answer_version` equal to the one the caller
   * holds (closureSql's heldVersion): the caller has these bytes already.
   */
  answer?: string | null;
  /** The kept answer row's version, `epoch:xmin` (its xmin changes with every write of the row; FR-151 the epoch); null when no answer came. */
  answer_version?: string | null;
  /** Which part of the kept answer's bytes `answer` holds (0, 1, …; ANSWER_PART_BYTES each); one row per part. */
  answer_part?: number | null;
  /** The kept answer's length in bytes (all its parts). */
  answer_size?: number | null;
  /**
   * A walk's node data generation (genealogy_generation.node_data_n, the statement's snapshot), as
   * its stamp `epoch:node_data_n:token` (nodeDataStampOf);
   * null from a kept closure or a kept answer.
   */
  node_data?: string | null;
  /**
   * The walk's node data generation is the one the caller said it holds (closureSql's
   * heldNodeData): the node columns are then left out, `ids` alone names the nodes (ascending).
   */
  node_data_held?: boolean | null;
}

/**
 * The kept answer's bytes come in rows of this many (closureSql; the last row the rest): 120,000
 * characters of base64 each, under V8's large-object size (128 kB), so each row's text is made in
 * the young generation and dies in a scavenge, where one 370 kB text (a recall's 278 kB) was a
 * large object, allocated in old space and freed only by a full mark-compact (FR-134;
 * docs/scale-out.md). A multiple of 3, so each part is base64 on its own, with no padding inside.
 */
export const ANSWER_PART_BYTES = 90_000;

/** Separates keys and labels in the closure's text columns (closureSql); no genealogy text is expected to hold it, and the caller checks. */
export const UNIT_SEPARATOR = '\u001f';

/**
 * The trace's fast path (issue 16 item 3): one round trip that walks the whole reachable
 * closure as distinct edges (via, node) with UNION, no depth column, so each edge is produced
 * once however many path lengths lead to it, and a cycle ends the walk by itself (no new edge
 * is left). The shortest-path tree, the depth guard, the longest walk and the totals are
 * computed after the walk in JS (trace-tree.ts), where they cost a few milliseconds. Nodes
 * come back as one text per column and edges as one text: PGlite pays per row and per column
 * value, and a row per hit cost more than the walk itself. The columns are plain string_agg
 * texts, not JSON: json_agg escapes every character of every key and label, and building one
 * JSON document of five aggregates (json_build_array) cost twice what five string_aggs cost,
 * more than the recursive walk itself for a recall of 11,000 nodes (PostgreSQL 15, the 11,026
 * nodes of a bench recall, aggregation and transfer only, on a loaded machine: json_build_array
 * 41 ms min / 97 ms p50, string_agg 21 / 37 ms; the plain recursive count 27 / 39 ms). Keys and labels are joined by U+001F, which
 * the caller counts: a text holding one would split wrongly, so the caller then walks
 * depth-bounded instead (trace-service.ts). Attributes are jsonb text, in which every control
 * character is escaped, joined by commas into a JSON array.
 *
 * A node reached over several edges in one step is expanded once (`select distinct node from
 * walk` in the recursive term reads only the rows the step before added): a batch fed by five
 * dispensings was expanded five times, and its edges found five times over (a recall of 11,026
 * nodes probed the edge index 14,026 times, now 12,529; the plain query 11,027).
 *
 * The closure ignores maxDepth, so it can be larger than the trace asked for: it is capped at
 * `limit + 2` nodes and `edgeLimit + 1` edges, and the caller falls back to the depth-bounded
 * walk (traceSql) when a cap is reached. One row, or none when the start is unknown (a kept
 * answer: one row per part of its bytes, below).
 *
 * A kept closure (genealogy_closures, migration 0044; keepClosureSql, refreshClosureSql) is
 * returned instead of the walk when the start has one (`kept` true): the walk's first step is
 * gated on its absence, so the statement then reads the start and one row (7 buffers at 20,000
 * lots, where the walk and the node fetch take 81,700 and the plain count 33,000; the row's
 * texts are TOASTed, about 1 MB for 11,026 nodes, and cost a few milliseconds to read). The row
 * carries the generation the statement saw, for keepClosureSql. The kept row and the kept answer
 * are read by their whole key, the start as a scalar subquery (`start_id = (select id from
 * start)`), not by a join to the start: the statement runs prepared, and a generic plan made
 * while the kept tables were empty (a new hub's first traces) joined by scanning the key index on
 * the direction alone and filtering on the start, every kept closure of that direction read by
 * every trace (at 2,000 kept, 125 and 183 of the two tables' 184 blocks; now 3 and 6:
 * test/quality/trace-kept-reads.test.ts).
 *
 * With `answerDepth`, a kept answer (genealogy_closure_answers, migrations 0045 and 0046: the
 * trace route's JSON text for that depth, gzip'd; keepAnswerSql) is returned instead, in
 * `answer`, with none of the closure's columns: the statement then reads the start and that one
 * row, whose bytes PostgreSQL stores as they are (no TOAST decompression). They come back in
 * base64: a bytea column comes as hex text, which node-postgres decodes at ~4-5 ms for a recall's
 * 278 kB and PGlite byte by byte in JS (~100 ms); Node decodes base64 in ~1 ms. The row's
 * version comes with them (`answer_version`: its xmin, which every insert or update of the row
 * changes); when it equals `heldVersion` (the version whose bytes the hub process holds:
 * trace-cache.ts) the bytes are left out, and the statement returns a few bytes instead of 370 kB.
 *
 * With `heldNodeData` (FR-146; trace-node-data.ts): the node data generation the caller holds
 * the closure's node data at. A walk whose snapshot is at that generation (node_data_n) leaves the
 * node rows unread and sends the ids alone, ascending (`node_data_held`); otherwise the node
 * columns come as before. Either way the walk's row says the generation it saw (`node_data`).
 * A kept closure or a kept answer is unaffected.
 * The bytes come in parts of ANSWER_PART_BYTES, one row each (`answer_part`, with the whole
 * length in `answer_size`; the rows in no promised order), so that no row's text is a large object
 * for V8 (FR-134); the caller puts them together by part and checks the length, and gzip's own
 * check (CRC-32 and length, on the gunzip) still refuses a damaged part before any client is sent
 * a byte. A held version comes as one row with no bytes.
 */
export function closureSql(
  kind: string,
  key: string,
  direction: TraceDirection,
  limit: number,
  edgeLimit = 4 * (limit + 2),
  answerDepth: number | null = null,
  heldVersion: string | null = null,
  heldNodeData: string | null = null,
): SQL {
  const { from, to } = columns(direction);
  const start = sql`select id, kind, key, label, attrs from genealogy_nodes where kind = ${kind} and key = ${key}`;
  // The kept row is read by its whole key in a CTE of its own (materialized: one lookup by key as
  // before, whatever the planner does with the parts; trace-kept-reads.test.ts), then cut into
  // parts (ANSWER_PART_BYTES), one row each.
  const answerRow =
    answerDepth === null
      ? sql`select null::bytea as body, null::text as version, false as held where false`
      : sql`select a.body_gzip as body, v.version, v.version = ${heldVersion}::text as held from genealogy_closure_answers a cross join lateral (select (select epoch from generation_row) || ':' || a.xmin::text as version) v where a.start_id = (select id from start) and a.direction = ${direction} and a.max_depth = ${answerDepth}`;
  const part = rowCount(ANSWER_PART_BYTES);
  const answer = sql`select case when r.held is true then null else encode(substring(r.body from i * ${part} + 1 for ${part}), 'base64') end as body, r.version, i as part, octet_length(r.body) as size
      from answer_row r cross join lateral generate_series(0, case when r.held is true then 0 else greatest(0, (octet_length(r.body) - 1) / ${part}) end) i`;
  return sql`
    with recursive start as (${start}),
    generation_row as materialized (${GENERATION_ROW}),
    answer_row as materialized (${answerRow}),
    answer as (${answer}),
    kept as (select k.* from genealogy_closures k where k.start_id = (select id from start) and k.direction = ${direction}),
    node_data as materialized (select g.node_data as n, coalesce(g.node_data = ${heldNodeData}::text, false) as held from (select) o left join generation_row g on true),
    ${closureWalk(from, to, sql`where not exists (select 1 from kept)`)},
    reached as (select distinct node from walk limit ${rowCount(limit + 2)}),
    used as (select via, node from walk limit ${rowCount(edgeLimit + 1)})
    select s.id, s.kind, s.key, s.label, s.attrs, null::bigint as node_count, null::text as ids, null::text as kinds, null::text as keys, null::text as labels,
      null::text as attrs_list, null::text as edges, null::bigint as edge_count, true as kept, (select generation from generation_row) as generation, a.body as answer, a.version as answer_version,
      a.part as answer_part, a.size as answer_size, null::text as node_data, null::boolean as node_data_held
    from start s join answer a on true
    union all
    select s.id, s.kind, s.key, s.label, s.attrs, k.node_count, k.ids, k.kinds, k.keys, k.labels, k.attrs_list, k.edges, k.edge_count,
      true as kept, (select generation from generation_row) as generation, null::text as answer, null::text as answer_version, null::int as answer_part, null::int as answer_size,
      null::text as node_data, null::boolean as node_data_held
    from start s join kept k on true
    where not exists (select 1 from answer)
    union all
    select s.id, s.kind, s.key, s.label, s.attrs, x.node_count, x.ids, x.kinds, x.keys, x.labels, x.attrs_list, y.edges, y.edge_count,
      false as kept, (select generation from generation_row) as generation, null::text as answer, null::text as answer_version, null::int as answer_part, null::int as answer_size,
      (select n from node_data) as node_data, (select held from node_data) as node_data_held
    from start s
    cross join lateral (${nodeAggregates()}) x
    cross join lateral (select string_agg(via || '>' || node, ',') as edges, count(*) as edge_count from used) y
    where not exists (select 1 from kept)`;
}

/**
 * closureSql (with `behind`: withBehind of it) as its text and parameters, exactly what
 * PgDialect.sqlToQuery renders: the text is rendered once per shape (direction, caps, answer
 * depth, behind) and kept, and only the start's kind and key and the held version are filled in
 * per call. Rendering the nested SQL and hashing its 4 kB text for the statement's name were a
 * fifth of a walked trace's CPU in the hub process (issue 16 item 3; prepared-statement.ts keeps
 * the name by text). The three values are stand-ins while rendering, objects no caller can pass,
 * so a kind or key that happens to equal another parameter is still filled in where it belongs.
 */
export function closureQuery(
  kind: string,
  key: string,
  direction: TraceDirection,
  limit: number,
  edgeLimit: number,
  answerDepth: number | null,
  heldVersion: string | null,
  behind: boolean,
  heldNodeData: string | null = null,
): QueryText {
  const shape = `${direction}:${limit}:${edgeLimit}:${answerDepth}:${behind}`;
  let rendered = closureTexts.get(shape);
  if (rendered === undefined) {
    const statement = closureSql(KIND as unknown as string, KEY as unknown as string, direction, limit, edgeLimit, answerDepth, HELD as unknown as string, NODE_DATA as unknown as string);
    rendered = checkedRendering(dialect.sqlToQuery(behind ? withBehind(statement) : statement));
    if (closureTexts.size >= 64) closureTexts.clear();
    closureTexts.set(shape, rendered);
  }
  return filledIn(rendered, kind, key, heldVersion, heldNodeData);
}

/**
 * The walk of a start whose node data the caller holds (issue 16 item 3; TraceService via
 * NodeDataCache.heldFor, a start walked here before with fewer nodes than are kept): the statement
 * with only what that trace uses. Left out, against closureSql: the kept closure's and kept
 * answer's lookups (a closure kept since, because it grew, is walked once more, and the start then
 * asks with node data: TraceService forgets it), the reached nodes' own aggregate and sort (the
 * ids are the edges' heads, which the caller collects), and the node rows.
 *
 * The walk is the plain count's (reachableCountSql): nodes, UNION on the node alone, each node
 * expanded once; the closure's distinct edges are then the edges out of the nodes reached and the
 * start (every such edge ends in a reached node), read in one index scan over their ids. Walking
 * (node, via) pairs instead, as closureSql does, cost about twice the count's server time for an
 * API lot's forward closure of ~70 nodes (a hash aggregate per step and the pairs' UNION), this
 * 1.0–1.3× (docs/measurements.md, session 15). The nodes are capped at `limit + 3` (the start,
 * `limit + 1` hits, one over: `node_count`, the caller falls back past `limit + 2`), which also
 * stops the walk there; the edges at `edgeLimit + 1`.
 *
 * The walk runs only when the node data generation is still `heldNodeData` (`node_data_held`);
 * otherwise the row comes with no edges and the caller asks closureSql with node data. One row,
 * none when the start is unknown; `behind` as closureQuery (withBehind).
 */
export function heldWalkSql(kind: string, key: string, direction: TraceDirection, limit: number, edgeLimit: number, heldNodeData: string): SQL {
  const { from, to } = columns(direction);
  return sql`
    with recursive start as (select id, kind, key, label, attrs from genealogy_nodes where kind = ${kind} and key = ${key}),
    generation_row as materialized (${GENERATION_ROW}),
    reach(node) as (
      select s.id from start s where (select node_data from generation_row) = ${heldNodeData}::text
      union
      select e.${to} from reach w join genealogy_edges e on e.${from} = w.node
    ),
    reached as materialized (select array(select node from reach limit ${rowCount(limit + 3)}) as ids),
    used as (select e.${from} as via, e.${to} as node from genealogy_edges e where e.${from} = any((select ids from reached)::bigint[]) limit ${rowCount(edgeLimit + 1)})
    select s.id, s.kind, s.key, s.label, s.attrs, cardinality((select ids from reached)) as node_count, y.edges, y.edge_count, false as kept, g.generation, g.node_data,
      g.node_data = ${heldNodeData}::text as node_data_held
    from start s left join generation_row g on true
    cross join lateral (select string_agg(via || '>' || node, ',') as edges, count(*) as edge_count from used) y`;
}

/** heldWalkSql as its text and parameters, rendered once per shape (as closureQuery). */
export function heldWalkQuery(kind: string, key: string, direction: TraceDirection, limit: number, edgeLimit: number, heldNodeData: string, behind: boolean): QueryText {
  const shape = `held:${direction}:${limit}:${edgeLimit}:${behind}`;
  let rendered = closureTexts.get(shape);
  if (rendered === undefined) {
    const statement = heldWalkSql(KIND as unknown as string, KEY as unknown as string, direction, limit, edgeLimit, NODE_DATA as unknown as string);
    rendered = checkedRendering(dialect.sqlToQuery(behind ? withBehind(statement) : statement));
    if (closureTexts.size >= 64) closureTexts.clear();
    closureTexts.set(shape, rendered);
  }
  return filledIn(rendered, kind, key, null, heldNodeData);
}

/**
 * A rendering whose start's kind and key are bound values (the held versions are, in the shapes
 * that ask for them), and nothing else in the parameters an object: otherwise the text kept would be
 * one start's, not the shape's (the statements must never branch on the stand-ins).
 */
function checkedRendering(rendered: QueryText): QueryText {
  const standIns: unknown[] = [KIND, KEY, HELD, NODE_DATA];
  if (!rendered.params.includes(KIND) || !rendered.params.includes(KEY) || rendered.params.some((p) => typeof p === 'object' && p !== null && !standIns.includes(p))) {
    throw new InvariantViolation('closureQuery: the trace statement no longer binds its start and held version as plain values');
  }
  return rendered;
}

/** The rendered text with this call's values in place of the stand-ins. */
function filledIn(rendered: QueryText, kind: string, key: string, heldVersion: string | null, heldNodeData: string | null): QueryText {
  const params = rendered.params.slice();
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === KIND) params[i] = kind;
    else if (p === KEY) params[i] = key;
    else if (p === HELD) params[i] = heldVersion;
    else if (p === NODE_DATA) params[i] = heldNodeData;
  }
  return { ...rendered, params };
}

const dialect = new PgDialect();
const KIND = Object.freeze({ closureQuery: 'kind' });
const KEY = Object.freeze({ closureQuery: 'key' });
const HELD = Object.freeze({ closureQuery: 'heldVersion' });
const NODE_DATA = Object.freeze({ closureQuery: 'heldNodeData' });
/** closureQuery's rendered texts by shape (a handful: the hub's caps are fixed). */
const closureTexts = new Map<string, QueryText>();

/** The closure walk (closureSql): distinct edges (node, via), each node expanded once per step. */
function closureWalk(from: SQL, to: SQL, firstStep: SQL): SQL {
  return sql`walk(node, via) as (
      select e.${to}, e.${from} from genealogy_edges e join start s on e.${from} = s.id ${firstStep}
      union
      select e.${to}, e.${from} from (select distinct node from walk) w join genealogy_edges e on e.${from} = w.node
    )`;
}

/**
 * The reached nodes' columns (closureSql, ClosureRow): one text per column, in one order (the
 * node ids' order; the answer does not depend on it, trace-tree.ts). The nodes are fetched in
 * one index scan over the array of their ids rather than one index scan per node from a nested
 * loop: at 120 nodes (a packed batch traced backward) that took 0.1 ms of 1.6 on PGlite.
 */
function nodeAggregates(): SQL {
  return sql`
      select count(*) as node_count, string_agg(n.id::text, ',') as ids, string_agg(n.kind, ',') as kinds,
        string_agg(n.key, ${UNIT_SEPARATOR}) as keys, string_agg(n.label, ${UNIT_SEPARATOR}) as labels, string_agg(n.attrs::text, ',') as attrs_list
      from genealogy_nodes n where n.id = any(array(select node from reached)) and not (select held from node_data)
      having not (select held from node_data)
      union all
      select count(*), string_agg(r.node::text, ',' order by r.node), null, null, null, null
      from reached r where (select held from node_data)
      having (select held from node_data)`;
}

/**
 * Nodes by id, with the node data generation of the statement's snapshot (trace-node-data.ts: the
 * ids a walk named that the hub process does not hold). The ids go as one text, split in SQL, as
 * dropTouchedClosuresSql does (one parameter, prepared or not, on both drivers).
 */
export function nodeDataSql(ids: readonly number[]): SQL {
  return sql`
    select n.id, n.kind, n.key, n.label, n.attrs, ${NODE_DATA_STAMP} as node_data
    from genealogy_nodes n where n.id = any(string_to_array(${ids.join(',')}, ',')::bigint[])`;
}

/**
 * Keeps a closure the trace just walked (closureSql's columns, computed at `generation`):
 * nothing is written unless the genealogy is still at that generation, checked under the
 * generation's row lock, which every writing transaction takes before it drops the kept
 * closures it touched (genealogy-store.ts, raiseGeneration): so a closure is either kept by a
 * reader that saw every committed write, or dropped by the writer after it. Rows of the
 * statement: one when kept.
 */
export function keepClosureSql(startId: number, direction: TraceDirection, generation: string, row: Pick<ClosureRow, 'node_count' | 'ids' | 'kinds' | 'keys' | 'labels' | 'attrs_list' | 'edges' | 'edge_count'>): SQL {
  return sql`
    with gen as (select g.n from genealogy_generation g where ${GENERATION_OF_G} = ${generation}::text for update),
    kept as (
      insert into genealogy_closures (start_id, direction, node_count, ids, kinds, keys, labels, attrs_list, edges, edge_count)
      select ${startId}, ${direction}, ${Number(row.node_count)}, ${row.ids}, ${row.kinds}, ${row.keys}, ${row.labels}, ${row.attrs_list}, ${row.edges}, ${Number(row.edge_count)}
      from gen
      on conflict (start_id, direction) do nothing
      returning ids
    )
    insert into genealogy_closure_nodes (node_id, direction, start_id)
    select distinct m, ${direction}, ${startId}::bigint
    from kept k cross join lateral unnest(${startId}::bigint || coalesce(string_to_array(k.ids, ',')::bigint[], '{}')) m
    on conflict do nothing
    returning 1`;
}

/**
 * Keeps the answer the trace route sent for a kept closure (its JSON text gzip'd, built at
 * `generation` from that closure): as keepClosureSql, nothing is written unless the genealogy
 * is still at that generation (checked under the generation's row lock) and the closure is
 * still kept, so an answer never outlives the closure it was built from. The bytes go as base64
 * text (PGlite would write a bytea parameter as hex built byte by byte in JS). A row already there
 * is replaced: one kept at this generation from this closure is the same text, and one that no
 * longer reads as gzip (trace-service.ts) is mended. Rows: one when kept, with the row's new
 * version (`version`: `epoch:xmin`, as closureSql returns it).
 */
export function keepAnswerSql(startId: number, direction: TraceDirection, maxDepth: number, generation: string, gzip: Buffer): SQL {
  return sql`
    with gen as (select g.n, ${EPOCH_OF_G} as epoch from genealogy_generation g where ${GENERATION_OF_G} = ${generation}::text for update)
    insert into genealogy_closure_answers (start_id, direction, max_depth, body_gzip)
    select ${startId}, ${direction}, ${maxDepth}, decode(${gzip.toString('base64')}, 'base64') from gen
    where exists (select 1 from genealogy_closures where start_id = ${startId} and direction = ${direction})
    on conflict (start_id, direction, max_depth) do update set body_gzip = excluded.body_gzip
    returning (select epoch from gen) || ':' || xmin::text as version`;
}

/**
 * Drops, in one statement, every kept closure holding any of the nodes (in the walk direction:
 * the tail of a changed edge; or a changed node), with its node list and its kept answers; the
 * closures are locked in (start_id, direction) order. Rows: the closures dropped, with the depths
 * of the answers dropped ("3,60"; null when none), in that order (genealogy-store.ts).
 */
export function dropTouchedClosuresSql(forward: readonly number[], backward: readonly number[]): SQL {
  const ids = (xs: readonly number[]) => sql`string_to_array(${xs.join(',')}, ',')::bigint[]`;
  return sql`
    with touched as (
      select distinct start_id, direction from genealogy_closure_nodes
      where (direction = 'forward' and node_id = any(${ids(forward)})) or (direction = 'backward' and node_id = any(${ids(backward)}))
    ),
    locked as (
      select k.start_id, k.direction from genealogy_closures k join touched t on t.start_id = k.start_id and t.direction = k.direction
      order by k.start_id, k.direction
      for update of k
    ),
    gone as (delete from genealogy_closures k using locked l where k.start_id = l.start_id and k.direction = l.direction returning k.start_id, k.direction),
    nodes as (delete from genealogy_closure_nodes n using touched t where n.start_id = t.start_id and n.direction = t.direction),
    answers as (delete from genealogy_closure_answers a using touched t where a.start_id = t.start_id and a.direction = t.direction returning a.start_id, a.direction, a.max_depth)
    select t.start_id, t.direction, (select string_agg(a.max_depth::text, ',' order by a.max_depth) from answers a where a.start_id = t.start_id and a.direction = t.direction) as depths
    from touched t
    order by t.start_id, t.direction`;
}
