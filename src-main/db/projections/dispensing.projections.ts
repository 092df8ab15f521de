/**
 * Projections of the dispensing entries: the work queue (dispensing_orders), which order holds
 * which booth, and the net content left in each container. The engine's own step state is
 * not projected: it is a fold over the order's entries (core/engine/evolve-order.ts).
 */
import type { DbWriteTx, Projector } from '../ledger-store.ts';

type P = Record<string, unknown>;
const run = (tx: DbWriteTx, sql: string, ...params: unknown[]) => tx.db.prepare(sql).run(...params);

const touch: Projector = (tx, e) => {
  if (e.batchRef !== null) run(tx, 'update dispensing_orders set last_seq = ? where batch_number = ?', e.seq, e.batchRef);
};

export const dispensingProjectors: Record<string, Projector> = {
  'order.imported': (tx, e) => {
    const o = (e.payload as P).order as P;
    run(
      tx,
      "insert into dispensing_orders (batch_number, product_code, recipe_code, recipe_version, batch_size, status, booth_id, planned_start, imported_seq, last_seq) values (?,?,?,?,?, 'planned', ?,?,?,?)",
      o.batchNumber, o.productCode, o.recipeCode, o.recipeVersion, JSON.stringify(o.batchSize), o.boothId ?? null, o.plannedStart ?? null, e.seq, e.seq,
    );
  },
  'order.started': (tx, e) => {
    const p = e.payload as P;
    run(tx, "update dispensing_orders set status = 'in-progress', booth_id = ?, started_seq = ?, last_seq = ? where batch_number = ?", p.boothId, e.seq, e.seq, e.batchRef);
    run(
      tx,
      'insert into booth_use (booth_id, current_batch, released_at, updated_seq) values (?,?,null,?) on conflict(booth_id) do update set current_batch = excluded.current_batch, updated_seq = excluded.updated_seq',
      p.boothId, e.batchRef, e.seq,
    );
  },
  'order.completed': (tx, e) => {
    run(tx, "update dispensing_orders set status = 'complete', completed_seq = ?, last_seq = ? where batch_number = ?", e.seq, e.seq, e.batchRef);
    // The booth must be cleaned again before the next order (cleanedAt later than releasedAt).
    run(tx, 'update booth_use set current_batch = null, released_at = ?, updated_seq = ? where current_batch = ?', e.time, e.seq, e.batchRef);
  },
  'dispense.weighed': (tx, e) => {
    const p = e.payload as P;
    const left = p.containerLeftAfter as { amount: string; unit: string };
    // Absolute, not a delta: a re-weigh of the same portion replaces the earlier take.
    run(tx, 'update container_stock set amount = ?, unit = ?, updated_seq = ? where container_id = ?', left.amount, left.unit, e.seq, p.containerId);
    touch(tx, e);
  },
  'dispense.stock_discrepancy_resolved': touch,
  'dispense.stock_discrepancy': touch,
  'step.recorded': touch,
  'form.part_recorded': touch,
  'form.value_corrected': touch,
  'timer.started': touch,
  'dispense.container_scanned': touch,
  'dispense.balance_selected': touch,
  'dispense.tare_requested': touch,
  'dispense.tared': touch,
  'balance.tare_changed': touch,
  'deviation.raised': touch,
  'label.print_requested': touch,
  'label.printed': touch,
  'label.print_failed': touch,
  // FR-141: a settlement and the order's other label events are activity of the order too.
  'label.print_settled': touch,
  'label.reprint_requested': touch,
  'label.reprinted': touch,
  'label.used': touch,
  'label.destroyed': touch,
  'engine.command_refused': touch,
  'signature.applied': (tx, e) => {
    touch(tx, e);
    // A stock discrepancy's resolution sets the container's stock explicitly (zero, or as
    // before the weighing), and only once the supervisor has approved it.
    const p = e.payload as P;
    if (p.meaning !== 'approved') return;
    const target = tx.db.prepare('select type, payload from ledger_entries where seq = ?').get(p.targetSeq) as { type: string; payload: string } | undefined;
    if (target?.type !== 'dispense.stock_discrepancy_resolved') return;
    const r = JSON.parse(target.payload) as P;
    const left = r.containerLeftAfter as { amount: string; unit: string };
    run(tx, 'update container_stock set amount = ?, unit = ?, updated_seq = ? where container_id = ?', left.amount, left.unit, e.seq, r.containerId);
  },
};
