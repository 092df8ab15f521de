/**
 * What one completed order consumed and produced, as the ERP is told (pure).
 *
 * Consumption is what the batch KEPT, decided by the station's own order fold
 * (src-core/order/evolve-order.ts: a weighing counts when accepted or a declared partial, an
 * out-of-tolerance one only once its deviation is signed "approved", a stock discrepancy only once
 * accepted), so the ERP is never told of material the record says went back: a rejected weighing
 * stays in the record (DI-06) and is left out here. A correction of a counted weighing's net
 * (`correction.recorded`) is followed, as the batch record and the genealogy follow it.
 * Quantities stay exact decimal strings with their unit (src-shared/mass.ts): summed per material
 * line and lot in the line's unit, at the finest resolution weighed.
 *
 * Production: a dispensing order's output is the batch it was scaled for; the produced quantity
 * is the batch size of the order (what was dispensed for), not a weighed yield.
 */
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { addMass, convertMass, isMassUnit, type Mass } from '../../src-shared/mass.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { replayOrder } from '../../src-core/order/evolve-order.ts';
import { setPath } from '../quality/projection/batch-consumption.ts';

export interface LotActual {
  lotId: string;
  /** Exact decimal string and unit as weighed (after corrections); summed over portions. */
  quantity: { amount: string; unit: string };
  /** The weighings (ledger seq) that make it up. */
  weighings: number[];
}

export interface LineActual {
  lineId: string;
  materialCode: string;
  lots: LotActual[];
}

export interface OrderActuals {
  batchNumber: string;
  erpOrderId: string | null;
  productCode: string;
  recipeCode: string;
  recipeVersion: number;
  batchSize: Mass;
  startedAt: string | null;
  completedAt: string;
  lines: LineActual[];
}

type P = Record<string, unknown>;

export function orderActuals(batchNumber: string, entries: readonly LedgerEntry[]): Result<OrderActuals> {
  const state = replayOrder(batchNumber, entries);
  const order = state.order;
  const plan = state.plan;
  if (!order || !plan) return err('ERP_ORDER_NOT_COMPLETE', `batch ${batchNumber} has no imported and started order at the hub`, { batchNumber });
  const completed = entries.find((e) => e.type === 'order.completed');
  if (state.status !== 'complete' || !completed) return err('ERP_ORDER_NOT_COMPLETE', `batch ${batchNumber} is not complete at the hub`, { batchNumber });
  const started = entries.find((e) => e.type === 'order.started');
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  const corrections = new Map<number, { path?: unknown; newValue?: unknown }[][]>();
  for (const e of entries) {
    const p = e.payload as P;
    if (e.type === 'correction.recorded' && typeof p.targetSeq === 'number' && Array.isArray(p.changes)) corrections.set(p.targetSeq, [...(corrections.get(p.targetSeq) ?? []), p.changes as { path?: unknown; newValue?: unknown }[]]);
  }
  const lines: LineActual[] = [];
  for (const step of state.steps) {
    const w = step.progress;
    if (w.kind !== 'weigh') continue;
    const planned = plan.lines.find((l) => l.lineId === w.lineId);
    if (!planned) continue;
    let line = lines.find((l) => l.lineId === planned.lineId);
    if (!line) {
      line = { lineId: planned.lineId, materialCode: planned.materialCode, lots: [] };
      lines.push(line);
    }
    for (const c of w.counted) {
      const net = correctedNet(bySeq.get(c.seq), corrections.get(c.seq) ?? [], c.net);
      const lot = line.lots.find((l) => l.lotId === c.lotId);
      if (!lot) {
        line.lots.push({ lotId: c.lotId, quantity: inUnit(net, planned.nominal.unit), weighings: [c.seq] });
        continue;
      }
      lot.quantity = sum(lot.quantity, net);
      lot.weighings.push(c.seq);
    }
  }
  return ok({
    batchNumber,
    erpOrderId: order.erpOrderId ?? null,
    productCode: plan.product.code,
    recipeCode: plan.recipeCode,
    recipeVersion: plan.recipeVersion,
    batchSize: plan.batchSize,
    startedAt: started?.time ?? null,
    completedAt: completed.time,
    lines: lines.filter((l) => l.lots.length > 0),
  });
}

/** The weighing's net after the corrections recorded against it, in order. */
function correctedNet(weighing: LedgerEntry | undefined, changes: { path?: unknown; newValue?: unknown }[][], counted: Mass): { amount: string; unit: string } {
  if (!weighing || changes.length === 0) return counted;
  const copy = structuredClone(weighing.payload) as P;
  for (const list of changes) for (const c of list) if (typeof c.path === 'string') setPath(copy, c.path, c.newValue);
  const net = copy.net as { amount?: unknown; unit?: unknown } | undefined;
  // Whatever a correction wrote is passed on as written: the document's validation decides.
  return { amount: String(net?.amount ?? ''), unit: String(net?.unit ?? '') };
}

function isMass(m: { amount: string; unit: string }): m is Mass {
  return isMassUnit(m.unit) && /^-?\d+(\.\d+)?$/.test(m.amount);
}

function inUnit(m: { amount: string; unit: string }, unit: string): { amount: string; unit: string } {
  return isMass(m) && isMassUnit(unit) ? convertMass(m, unit) : m;
}

function sum(a: { amount: string; unit: string }, b: { amount: string; unit: string }): { amount: string; unit: string } {
  if (isMass(a) && isMass(b)) return addMass(a, b);
  // Not a mass any more (a bad correction): kept visible, and the validation refuses the document.
  return { amount: `${a.amount}+${b.amount}`, unit: a.unit === b.unit ? a.unit : `${a.unit}+${b.unit}` };
}
