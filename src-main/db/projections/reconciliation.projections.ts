/**
 * The stock follows a return (issue 17 item 5), and only a settled one: a weighed return within
 * the limit at once; a typed one (manual entry) with its supervisor's "verified" signature; one
 * beyond the limit with the "approved" signature on the supervisor's decision. Absolute, like the
 * weighing's own projection: the container holds what was weighed (nothing once declared empty).
 */
import type { DbWriteTx, Projector } from '../ledger-store.ts';

type P = Record<string, unknown>;
type M = { amount: string; unit: string };
const run = (tx: DbWriteTx, sql: string, ...params: unknown[]) => tx.db.prepare(sql).run(...params);

function setStock(tx: DbWriteTx, containerId: unknown, left: M, seq: number): void {
  run(tx, 'update container_stock set amount = ?, unit = ?, updated_seq = ? where container_id = ?', left.amount, left.unit, seq, containerId);
}

const touch: Projector = (tx, e) => {
  if (e.batchRef !== null) run(tx, 'update dispensing_orders set last_seq = ? where batch_number = ?', e.seq, e.batchRef);
};

export const reconciliationProjectors: Record<string, Projector> = {
  'return.weighed': (tx, e) => {
    const p = e.payload as P;
    if (p.manualEntry === undefined && p.beyondLimit !== true) setStock(tx, p.containerId, p.returned as M, e.seq);
    touch(tx, e);
  },
  'return.discrepancy_resolved': touch,
  'return.labelled': touch,
  'spillage.recorded': touch,
  'reconciliation.recorded': touch,
  'signature.applied': (tx, e) => {
    const p = e.payload as P;
    if (p.meaning !== 'verified' && p.meaning !== 'approved') return;
    const target = tx.db.prepare('select type, payload from ledger_entries where seq = ?').get(p.targetSeq) as { type: string; payload: string } | undefined;
    if (!target) return;
    const t = JSON.parse(target.payload) as P;
    if (target.type === 'return.weighed' && p.meaning === 'verified' && t.manualEntry !== undefined && t.beyondLimit !== true) setStock(tx, t.containerId, t.returned as M, e.seq);
    if (target.type === 'return.discrepancy_resolved' && p.meaning === 'approved') setStock(tx, t.containerId, t.stockAfter as M, e.seq);
  },
};
