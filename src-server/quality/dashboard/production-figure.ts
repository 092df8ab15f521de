/**
 * Production progress by line and order (issue 15 item 4): each order's steps done out of its
 * plan, from the same order fold the station runs (src-core/order), over the entries the hub
 * holds. A line is the station the order runs at (its booth named beside it). Open orders, and
 * orders completed in the last 24 hours on the hub's clock.
 */
import { asc, inArray, ne, or, gte } from 'drizzle-orm';
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { ProductionDashboard } from '../../../src-shared/quality/dashboard-contract.ts';
import { asSigned, wireStationId } from '../../../src-shared/sync/ledger-key.ts';
import { replayOrder } from '../../../src-core/order/evolve-order.ts';
import { ledgerEntries } from '../../db/schema.ts';
import type { HubContext } from '../../hub-context.ts';
import { qualityBatches } from '../db/quality-schema.ts';

const DAY_MS = 86_400_000;
const MAX_ORDERS = 500;

export async function productionFigure(ctx: HubContext): Promise<ProductionDashboard> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - DAY_MS);
  // completed_at is the station's time (ISO text); the last receipt bounds it from above.
  const batches = await ctx.db
    .select()
    .from(qualityBatches)
    .where(or(ne(qualityBatches.status, 'complete'), gte(qualityBatches.lastReceivedAt, since)))
    .orderBy(asc(qualityBatches.batchNumber))
    .limit(MAX_ORDERS);
  const entries = batches.length === 0 ? [] : await ctx.db.select().from(ledgerEntries).where(inArray(ledgerEntries.batchRef, batches.map((b) => b.batchNumber))).orderBy(asc(ledgerEntries.stationId), asc(ledgerEntries.seq));
  const byBatch = new Map<string, LedgerEntry[]>();
  for (const e of asSigned(entries)) byBatch.set(e.batchRef!, [...(byBatch.get(e.batchRef!) ?? []), e as unknown as LedgerEntry]);
  const orders: ProductionDashboard['orders'] = [];
  for (const b of batches) {
    if (b.status === 'complete' && (!b.completedAt || Date.parse(b.completedAt) < since.getTime())) continue;
    const state = replayOrder(b.batchNumber, byBatch.get(b.batchNumber) ?? []);
    orders.push({
      batchNumber: b.batchNumber,
      productCode: b.productCode,
      productName: b.productName,
      line: b.stations[0] ? wireStationId(b.stations[0]) : '',
      booth: state.boothId,
      status: b.status,
      stepsDone: state.steps.filter((s) => s.status === 'done').length,
      stepsTotal: state.steps.length,
      startedAt: b.startedAt,
      completedAt: b.completedAt,
    });
  }
  const lines = new Map<string, ProductionDashboard['lines'][number]>();
  for (const o of orders) {
    const l = lines.get(o.line) ?? { line: o.line, planned: 0, inProgress: 0, completedLast24h: 0, stepsDone: 0, stepsTotal: 0 };
    if (o.status === 'planned') l.planned++;
    else if (o.status === 'in-progress') l.inProgress++;
    else l.completedLast24h++;
    l.stepsDone += o.stepsDone;
    l.stepsTotal += o.stepsTotal;
    lines.set(o.line, l);
  }
  return { asOf: now.toISOString(), lines: [...lines.values()].sort((a, b) => a.line.localeCompare(b.line)), orders };
}
