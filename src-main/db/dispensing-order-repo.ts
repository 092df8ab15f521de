/** SQLite implementation of the work queue (core/engine/order-queue.ts). */
import type Database from 'better-sqlite3';
import type { OrderQueue, WorkQueueRow } from '../core/engine/order-queue.ts';

interface Row {
  batch_number: string;
  product_code: string;
  recipe_code: string;
  recipe_version: number;
  batch_size: string;
  status: WorkQueueRow['status'];
  booth_id: string | null;
  planned_start: string | null;
  last_seq: number;
}

export function sqliteOrderQueue(db: Database.Database): OrderQueue {
  const all = db.prepare("select * from dispensing_orders order by case status when 'in-progress' then 0 when 'planned' then 1 else 2 end, coalesce(planned_start, ''), batch_number");
  const byStatus = db.prepare('select * from dispensing_orders where status = ? order by coalesce(planned_start, \'\'), batch_number');
  const one = db.prepare('select 1 from dispensing_orders where batch_number = ?');
  const toRow = (r: Row): WorkQueueRow => ({
    batchNumber: r.batch_number,
    productCode: r.product_code,
    recipeCode: r.recipe_code,
    recipeVersion: r.recipe_version,
    batchSize: JSON.parse(r.batch_size) as WorkQueueRow['batchSize'],
    status: r.status,
    boothId: r.booth_id,
    plannedStart: r.planned_start,
    lastSeq: r.last_seq,
  });
  return {
    list: (filter = {}) => ((filter.status ? byStatus.all(filter.status) : all.all()) as Row[]).map(toRow),
    exists: (batchNumber) => one.get(batchNumber) !== undefined,
  };
}
