/**
 * Writes genealogy facts: nodes upserted by (kind, key), edges inserted once. Rows are sorted
 * before writing so two hub processes projecting different stations that share a lot take
 * their row locks in the same order and cannot deadlock.
 *
 * A node first seen by its key alone (a weighing names a lot id only) gets a richer label
 * when a later fact knows more (the container scan names lot number and material); attributes
 * already recorded are kept. A dispensed-container node is the exception: it is derived
 * whole from its batch's entries every time (batch-consumption.ts), so the newest derivation
 * (a corrected net, say) replaces what was there.
 *
 * A transaction that writes genealogy ends with raiseGeneration (its last statement): hub
 * processes keep trace answers while the generation stands still (trace-service.ts), and node
 * labels and attributes while the node data generation does (raised only when an existing
 * node's label or attributes changed; trace-node-data.ts, FR-146).
 */
import { sql } from 'drizzle-orm';
import { InvariantViolation } from '../../../src-shared/result.ts';
import type { TraceDirection } from '../../../src-shared/quality/genealogy-contract.ts';
import type { HubQuery } from '../../db/open-hub-db.ts';
import { genealogyEdges, genealogyGeneration, genealogyNodes } from '../db/quality-schema.ts';
import { rowsOf } from '../db/sql-rows.ts';
import type { EdgeFact, Facts, NodeFact } from '../projection/genealogy-facts.ts';
import { dropTouchedClosuresSql } from './trace-sql.ts';

/**
 * What a transaction changed in the genealogy so far, until its raiseGeneration: nodes whose
 * label or attributes it wrote (new or changed) and, per edge, +1 inserted / -1 deleted (a
 * batch's consumption is deleted and written again on every page: an edge deleted and
 * inserted again changed nothing). Keyed by the transaction's query object.
 */
interface Touched {
  nodes: Set<number>;
  edges: Map<string, number>;
  /** A node that was there before the transaction had its label or attributes changed (raises node_data_n). */
  nodeDataChanged: boolean;
}
const touchedBy = new WeakMap<object, Touched>();

function touched(q: HubQuery): Touched {
  let t = touchedBy.get(q);
  if (!t) {
    t = { nodes: new Set(), edges: new Map(), nodeDataChanged: false };
    touchedBy.set(q, t);
  }
  return t;
}

function edgeChanged(t: Touched, parentId: number, childId: number, by: 1 | -1): void {
  const k = `${parentId}>${childId}`;
  const v = (t.edges.get(k) ?? 0) + by;
  if (v === 0) t.edges.delete(k);
  else t.edges.set(k, v);
}

const CHUNK = 1000;
const id = (kind: string, key: string) => `${kind}:${key}`;

export async function writeFacts(q: HubQuery, facts: Facts): Promise<void> {
  if (facts.nodes.length === 0 && facts.edges.length === 0) return;
  const nodes = mergeNodes(facts.nodes);
  const ids = new Map<string, number>();
  const t = touched(q);
  const label = sql`case when ${genealogyNodes.kind} = 'dispense' or ${genealogyNodes.label} = ${genealogyNodes.key} then excluded.label else ${genealogyNodes.label} end`;
  const attrs = sql`case when ${genealogyNodes.kind} = 'dispense' then excluded.attrs else excluded.attrs || ${genealogyNodes.attrs} end`;
  for (let i = 0; i < nodes.length; i += CHUNK) {
    const chunk = nodes.slice(i, i + CHUNK);
    // Only a node whose label or attributes change is updated (and returned): a kept closure
    // holding it must be dropped (raiseGeneration). The row is locked either way. `inserted`:
    // xmax is 0 on a row this statement inserted and the upserting transaction's id on one it
    // updated (ON CONFLICT DO UPDATE locks the row first, and the new version keeps the lock): an
    // update changed node data a hub process may hold (node_data_n; trace-node-data.ts), an
    // insert did not (test/quality/trace-node-data.test.ts checks both on both databases).
    const rows = await q
      .insert(genealogyNodes)
      .values(chunk)
      .onConflictDoUpdate({
        target: [genealogyNodes.kind, genealogyNodes.key],
        set: { label, attrs },
        setWhere: sql`${genealogyNodes.label} is distinct from ${label} or ${genealogyNodes.attrs} is distinct from ${attrs}`,
      })
      .returning({ id: genealogyNodes.id, kind: genealogyNodes.kind, key: genealogyNodes.key, inserted: sql<boolean>`(xmax = 0)` });
    for (const r of rows) {
      ids.set(id(r.kind, r.key), Number(r.id));
      t.nodes.add(Number(r.id));
      if (r.inserted !== true) t.nodeDataChanged = true;
    }
    const unchanged = chunk.filter((n) => !ids.has(id(n.kind, n.key)));
    if (unchanged.length > 0) {
      const found = await rowsOf<{ id: string | number; kind: string; key: string }>(
        q,
        sql`select id, kind, key from genealogy_nodes where (kind, key) in (${sql.join(unchanged.map((n) => sql`(${n.kind}, ${n.key})`), sql`, `)})`,
      );
      for (const r of found) ids.set(id(r.kind, r.key), Number(r.id));
    }
  }
  const edges = dedupeEdges(facts.edges, ids);
  for (let i = 0; i < edges.length; i += CHUNK) {
    const inserted = await q
      .insert(genealogyEdges)
      .values(edges.slice(i, i + CHUNK))
      .onConflictDoNothing()
      .returning({ parentId: genealogyEdges.parentId, childId: genealogyEdges.childId });
    for (const e of inserted) edgeChanged(t, Number(e.parentId), Number(e.childId), 1);
  }
}

/** A kept closure (genealogy_closures): its start node and walk direction. */
export interface KeptClosureRef {
  startId: number;
  direction: TraceDirection;
  /** The depths of the route's answers kept beside it (genealogy_closure_answers), to keep again too; absent when none. */
  depths?: number[];
}

/**
 * The last statement of every transaction that wrote genealogy (the projector's page, an
 * output lot). Last, because the counter is one row: taken earlier, its lock would be held
 * while the transaction goes on to lock nodes another writer holds (a deadlock between two
 * hub processes); taken last, a writer waits for it only while its holder commits. Being in
 * the writer's transaction, the new generation and the new rows become visible together; a
 * trace reads the generation before the rows, so at worst it keeps new rows under the old
 * generation and computes them once more, never old rows under the new one.
 * Returns the kept closures the transaction's writes changed, now dropped (see below).
 */
export async function raiseGeneration(q: HubQuery): Promise<KeptClosureRef[]> {
  // node_data_n too when an existing node's label or attributes changed: hub processes hold node
  // data while it stands still (trace-node-data.ts); in the same row, so under the same lock and
  // visible with the same commit as the rows.
  const nodeData = touchedBy.get(q)?.nodeDataChanged === true;
  // FR-151: a new raise_token (node_data_token too when node data changed) with every raise, so a
  // stamp is new even when the counters were written back underneath (migration 0055). A row that
  // went missing comes back (its insert makes a new epoch, migration 0053) instead of every raise
  // updating nothing and traces reading no generation: inserted when the update found none, so
  // the usual raise stays one UPDATE (a raise-only transaction 1.17x the old one's time on PGlite,
  // 0.99x on PostgreSQL, load ~10 on 2 cores; an upsert every time was dearer).
  const token = sql`gen_random_uuid()::text`;
  const raised = nodeData
    ? { n: sql`${genealogyGeneration.n} + 1`, raiseToken: token, nodeDataN: sql`${genealogyGeneration.nodeDataN} + 1`, nodeDataToken: token }
    : { n: sql`${genealogyGeneration.n} + 1`, raiseToken: token };
  const updated = await q.update(genealogyGeneration).set(raised).where(sql`${genealogyGeneration.id} = 1`).returning({ id: genealogyGeneration.id });
  if (updated.length === 0) {
    await q.insert(genealogyGeneration).values({ id: 1, n: 1, nodeDataN: 1 }).onConflictDoUpdate({ target: genealogyGeneration.id, set: raised });
  }
  return dropTouchedClosures(q);
}

/**
 * Drops, in the writing transaction and in one statement (trace-sql.ts, dropTouchedClosuresSql),
 * every kept closure (genealogy_closures), with its kept answers, the transaction's writes changed: one holding a node whose label or attributes changed, or the
 * tail (in its walk direction) of an edge inserted or deleted; an edge whose tail lies outside
 * a closure cannot change it. Dropped, not recomputed here: a recall's closure at a million
 * lots is a walk of ~0.5-1.3 s, and every page of intake that dispenses from a hot excipient
 * lot changes it; recomputed in the page's transaction, under the generation's row lock that
 * every genealogy writer of every hub process takes, it would make intake wait on recalls
 * nobody asked for. The hub re-keeps dropped closures after the commit, in the background,
 * one walk at a time (TraceService.rekeep); until then a trace walks (and keeps it itself).
 * Runs after the generation's row lock is taken, so a reader keeping a closure at the same
 * time (keepClosureSql, under the same lock) either committed before (its closure is found and
 * dropped here) or checks the generation after this commit (and keeps nothing).
 */
async function dropTouchedClosures(q: HubQuery): Promise<KeptClosureRef[]> {
  const t = touchedBy.get(q);
  touchedBy.delete(q);
  if (!t || (t.nodes.size === 0 && t.edges.size === 0)) return [];
  const forward = new Set(t.nodes);
  const backward = new Set(t.nodes);
  for (const k of t.edges.keys()) {
    const [parent, child] = k.split('>').map(Number) as [number, number];
    forward.add(parent);
    backward.add(child);
  }
  const dropped = await rowsOf<{ start_id: string | number; direction: TraceDirection; depths: string | null }>(q, dropTouchedClosuresSql([...forward], [...backward]));
  return dropped.map((k) => ({ startId: Number(k.start_id), direction: k.direction, ...(k.depths ? { depths: k.depths.split(',').map(Number) } : {}) }));
}

/**
 * Replaces what a batch consumed: the edges dispense -> batch and container -> dispense of the
 * batch's dispensed containers are dropped and `facts` (batchConsumption) written in their
 * place, in the caller's transaction. A weighing that stopped counting (its outcome corrected)
 * keeps its node, unreachable; the ledger, not the projection, is the record.
 */
export async function replaceConsumption(q: HubQuery, batchNumber: string, facts: Facts): Promise<void> {
  const deleted = await rowsOf<{ parent_id: string | number; child_id: string | number }>(
    q,
    sql`
    with batch as (select id from genealogy_nodes where kind = 'batch' and key = ${batchNumber}),
    dispensed as (
      delete from genealogy_edges e using batch b, genealogy_nodes d
      where e.child_id = b.id and d.id = e.parent_id and d.kind = 'dispense'
      returning e.parent_id, e.child_id
    ),
    weighed as (delete from genealogy_edges e using dispensed d where e.child_id = d.parent_id returning e.parent_id, e.child_id)
    select parent_id, child_id from dispensed union all select parent_id, child_id from weighed`,
  );
  const t = touched(q);
  for (const e of deleted) edgeChanged(t, Number(e.parent_id), Number(e.child_id), -1);
  await writeFacts(q, facts);
}

function mergeNodes(facts: NodeFact[]): NodeFact[] {
  const byId = new Map<string, NodeFact>();
  for (const n of facts) {
    const k = id(n.kind, n.key);
    const seen = byId.get(k);
    if (!seen) byId.set(k, { ...n, attrs: { ...n.attrs } });
    else {
      if (seen.label === seen.key && n.label !== n.key) seen.label = n.label;
      seen.attrs = { ...n.attrs, ...seen.attrs };
    }
  }
  return [...byId.values()].sort((a, b) => (a.kind === b.kind ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.kind < b.kind ? -1 : 1));
}

function dedupeEdges(facts: EdgeFact[], ids: Map<string, number>) {
  const out = new Map<string, { parentId: number; childId: number; quantity: string | null; stationId: string | null; seq: number | null }>();
  for (const e of facts) {
    const parentId = ids.get(id(e.parent.kind, e.parent.key));
    const childId = ids.get(id(e.child.kind, e.child.key));
    if (parentId === undefined || childId === undefined) throw new InvariantViolation(`edge ${e.parent.key} -> ${e.child.key} names a node the facts do not hold`);
    const k = `${parentId}>${childId}`;
    if (!out.has(k)) out.set(k, { parentId, childId, quantity: e.quantity, stationId: e.stationId, seq: e.seq });
  }
  return [...out.values()].sort((a, b) => a.parentId - b.parentId || a.childId - b.childId);
}
