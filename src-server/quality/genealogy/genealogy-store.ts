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
 * processes keep trace answers while the generation stands still (trace-service.ts).
 */
import { sql } from 'drizzle-orm';
import { InvariantViolation } from '../../../src-shared/result.ts';
import type { HubQuery } from '../../db/open-hub-db.ts';
import { genealogyEdges, genealogyGeneration, genealogyNodes } from '../db/quality-schema.ts';
import type { EdgeFact, Facts, NodeFact } from '../projection/genealogy-facts.ts';

const CHUNK = 1000;
const id = (kind: string, key: string) => `${kind}:${key}`;

export async function writeFacts(q: HubQuery, facts: Facts): Promise<void> {
  if (facts.nodes.length === 0 && facts.edges.length === 0) return;
  const nodes = mergeNodes(facts.nodes);
  const ids = new Map<string, number>();
  for (let i = 0; i < nodes.length; i += CHUNK) {
    const rows = await q
      .insert(genealogyNodes)
      .values(nodes.slice(i, i + CHUNK))
      .onConflictDoUpdate({
        target: [genealogyNodes.kind, genealogyNodes.key],
        set: {
          label: sql`case when ${genealogyNodes.kind} = 'dispense' or ${genealogyNodes.label} = ${genealogyNodes.key} then excluded.label else ${genealogyNodes.label} end`,
          attrs: sql`case when ${genealogyNodes.kind} = 'dispense' then excluded.attrs else excluded.attrs || ${genealogyNodes.attrs} end`,
        },
      })
      .returning({ id: genealogyNodes.id, kind: genealogyNodes.kind, key: genealogyNodes.key });
    for (const r of rows) ids.set(id(r.kind, r.key), Number(r.id));
  }
  const edges = dedupeEdges(facts.edges, ids);
  for (let i = 0; i < edges.length; i += CHUNK) {
    await q.insert(genealogyEdges).values(edges.slice(i, i + CHUNK)).onConflictDoNothing();
  }
}

/**
 * The last statement of every transaction that wrote genealogy (the projector's page, an
 * output lot). Last, because the counter is one row: taken earlier, its lock would be held
 * while the transaction goes on to lock nodes another writer holds (a deadlock between two
 * hub processes); taken last, a writer waits for it only while its holder commits. Being in
 * the writer's transaction, the new generation and the new rows become visible together; a
 * trace reads the generation before the rows, so at worst it keeps new rows under the old
 * generation and computes them once more, never old rows under the new one.
 */
export async function raiseGeneration(q: HubQuery): Promise<void> {
  await q.update(genealogyGeneration).set({ n: sql`${genealogyGeneration.n} + 1` }).where(sql`${genealogyGeneration.id} = 1`);
}

/**
 * Replaces what a batch consumed: the edges dispense -> batch and container -> dispense of the
 * batch's dispensed containers are dropped and `facts` (batchConsumption) written in their
 * place, in the caller's transaction. A weighing that stopped counting (its outcome corrected)
 * keeps its node, unreachable; the ledger, not the projection, is the record.
 */
export async function replaceConsumption(q: HubQuery, batchNumber: string, facts: Facts): Promise<void> {
  await q.execute(sql`
    with batch as (select id from genealogy_nodes where kind = 'batch' and key = ${batchNumber}),
    dispensed as (
      delete from genealogy_edges e using batch b, genealogy_nodes d
      where e.child_id = b.id and d.id = e.parent_id and d.kind = 'dispense'
      returning e.parent_id as id
    )
    delete from genealogy_edges e using dispensed d where e.child_id = d.id`);
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
