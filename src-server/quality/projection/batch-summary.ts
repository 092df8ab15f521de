/**
 * The batch list row, derived from a batch's entries (pure). Recomputed whole for every batch a
 * projected page touches: a batch has hundreds of entries, and a recomputation cannot drift
 * the way an incremental counter can.
 */
import type { BatchStatus } from '../../../src-shared/quality/review-contract.ts';

export interface SummaryEntry {
  stationId: string;
  type: string;
  time: string;
  receivedAt: Date;
  /** Only for order.imported / order.started / order.completed. */
  payload: Record<string, unknown> | null;
}

export interface BatchSummaryRow {
  batchNumber: string;
  productCode: string | null;
  productName: string | null;
  recipe: string | null;
  stations: string[];
  status: BatchStatus;
  entries: number;
  startedAt: string | null;
  completedAt: string | null;
  lastReceivedAt: Date | null;
}

export function summariseBatch(batchNumber: string, entries: readonly SummaryEntry[]): BatchSummaryRow {
  const row: BatchSummaryRow = { batchNumber, productCode: null, productName: null, recipe: null, stations: [], status: 'planned', entries: entries.length, startedAt: null, completedAt: null, lastReceivedAt: null };
  const stations = new Set<string>();
  let started = false;
  let completed = false;
  for (const e of entries) {
    stations.add(e.stationId);
    if (!row.lastReceivedAt || e.receivedAt > row.lastReceivedAt) row.lastReceivedAt = e.receivedAt;
    const p = e.payload;
    if (e.type === 'order.imported' && p) {
      const o = p.order as { productCode?: string; recipeCode?: string; recipeVersion?: number } | undefined;
      row.productCode ??= o?.productCode ?? null;
      row.recipe ??= o?.recipeCode ? `${o.recipeCode}@${o.recipeVersion ?? '?'}` : null;
    } else if (e.type === 'order.started' && p) {
      started = true;
      row.startedAt ??= e.time;
      const plan = p.plan as { product?: { name?: string; code?: string } } | undefined;
      row.productName ??= plan?.product?.name ?? null;
      row.productCode ??= plan?.product?.code ?? null;
    } else if (e.type === 'order.completed') {
      completed = true;
      row.completedAt ??= e.time;
    }
  }
  row.stations = [...stations].sort();
  row.status = completed ? 'complete' : started ? 'in-progress' : 'planned';
  return row;
}
