/**
 * An order as an import file states it, before the station resolves it against master data:
 * the ERP may not know the station's recipe versions (B2MML names the production rule, not
 * its version), so `recipeVersion` may be null and is resolved to the effective version.
 */
import type { DispensingOrder } from '../../../src-shared/orders/dispensing-order.ts';

export type OrderRequest = Omit<DispensingOrder, 'recipeVersion'> & { recipeVersion: number | null };

export interface ParsedOrderFile {
  format: 'json' | 'b2mml';
  orders: OrderRequest[];
}

/** Where an import problem is, for an error a planner can act on ("orders[2].batchSize: …"). */
export function problem(path: string, message: string): string {
  return path ? `${path}: ${message}` : message;
}
