/**
 * The lots a batch produced, as the ERP (or a steward) reports them (ISA-95 "material produced
 * actual"): the edge batch -> lot that lets genealogy continue into the batches that use the
 * lot, and into the shipment (finished) lots a recall pulls from the market. Recorded at the
 * hub, append-only and audited; a lot has exactly one producing batch.
 */
import { eq } from 'drizzle-orm';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { OutputLotBody } from '../../../src-shared/quality/genealogy-contract.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';
import { batchOutputLots, qualityBatches } from '../db/quality-schema.ts';
import { batchNode, lotNode } from '../projection/genealogy-facts.ts';
import { raiseGeneration, writeFacts } from './genealogy-store.ts';

export interface OutputLot {
  lotId: string;
  batchNumber: string;
  role: 'intermediate' | 'finished';
  quantity: string | null;
}

export async function recordOutputLot(ctx: HubContext, actor: HubPrincipal, batchNumber: string, body: OutputLotBody): Promise<Result<OutputLot>> {
  return ctx.db.transaction(async (tx): Promise<Result<OutputLot>> => {
    const [batch] = await tx.select({ n: qualityBatches.batchNumber, product: qualityBatches.productCode, recipe: qualityBatches.recipe }).from(qualityBatches).where(eq(qualityBatches.batchNumber, batchNumber));
    if (!batch) return err('BATCH_UNKNOWN', `no batch ${batchNumber} has reached the hub`, { batchNumber });
    const [existing] = await tx.select().from(batchOutputLots).where(eq(batchOutputLots.lotId, body.lotId));
    const quantity = body.quantity ?? null;
    if (existing) {
      if (existing.batchNumber === batchNumber && existing.role === body.role) return ok({ lotId: existing.lotId, batchNumber, role: existing.role, quantity: existing.quantity });
      return err('OUTPUT_LOT_CONFLICT', `lot ${body.lotId} is already recorded as ${existing.role} output of batch ${existing.batchNumber}`, { batchNumber: existing.batchNumber });
    }
    const now = ctx.clock.now();
    await tx.insert(batchOutputLots).values({ lotId: body.lotId, batchNumber, role: body.role, quantity, reason: body.reason, recordedBy: actor.username, recordedAt: now });
    const b = batchNode(batchNumber, batch.product, batch.recipe);
    const l = lotNode(body.lotId, null, null);
    l.attrs = { producedBy: batchNumber, role: body.role, ...(quantity ? { quantity } : {}) };
    await writeFacts(tx, { nodes: [b, l], edges: [{ parent: { kind: 'batch', key: batchNumber }, child: { kind: 'lot', key: body.lotId }, quantity, stationId: null, seq: null }] });
    await audit(tx, now, { actor: actor.username, action: 'genealogy.output_lot_recorded', subject: batchNumber, details: { lotId: body.lotId, role: body.role, quantity, reason: body.reason } });
    await raiseGeneration(tx);
    return ok({ lotId: body.lotId, batchNumber, role: body.role, quantity });
  });
}
