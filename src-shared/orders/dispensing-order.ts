/**
 * A dispensing order as the ERP (or a planner) sends it: which batch, of which product, by
 * which recipe version, of what size (ISA-95 production request). Imported from JSON or a
 * B2MML production schedule (src-main/core/orders/order-import.ts).
 */
import { z } from 'zod';
import { Code, PositiveMassSchema, UtcTimeString } from '../master-data/common.ts';

export const DispensingOrderSchema = z.object({
  batchNumber: Code,
  productCode: Code,
  recipeCode: Code,
  recipeVersion: z.number().int().positive(),
  batchSize: PositiveMassSchema,
  erpOrderId: z.string().trim().min(1).max(64).nullable().default(null),
  plannedStart: UtcTimeString.nullable().default(null),
  boothId: Code.nullable().default(null),
});
export type DispensingOrder = z.infer<typeof DispensingOrderSchema>;
