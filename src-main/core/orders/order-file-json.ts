/**
 * JSON order files: `{ "orders": [ … ] }`, a bare array, or one order object. Each order has
 * the DispensingOrder fields; `batchSize` may be `{ "amount": "80", "unit": "kg" }` or "80 kg"
 * and `recipeVersion` may be omitted (the effective version is used).
 */
import { z } from 'zod';
import { parseMass } from '../../../src-shared/mass.ts';
import { DispensingOrderSchema } from '../../../src-shared/orders/dispensing-order.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { problem, type OrderRequest, type ParsedOrderFile } from './order-request.ts';

const OrderJson = DispensingOrderSchema.extend({
  recipeVersion: z.number().int().positive().nullable().default(null),
  batchSize: z.union([DispensingOrderSchema.shape.batchSize, z.string()]),
});

export function parseJsonOrders(text: string): Result<ParsedOrderFile> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return err('ORDER_IMPORT_INVALID', `not valid JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(doc) ? doc : doc !== null && typeof doc === 'object' && 'orders' in doc ? (doc as { orders: unknown }).orders : [doc];
  if (!Array.isArray(list)) return err('ORDER_IMPORT_INVALID', '"orders" must be an array');
  if (list.length === 0) return err('ORDER_IMPORT_INVALID', 'the file contains no orders');
  const orders: OrderRequest[] = [];
  const problems: string[] = [];
  list.forEach((raw, i) => {
    const parsed = OrderJson.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(problem(`orders[${i}]${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`, issue.message));
      return;
    }
    const o = parsed.data;
    let batchSize = o.batchSize;
    if (typeof batchSize === 'string') {
      const m = parseMass(batchSize);
      if (!m.ok) return void problems.push(problem(`orders[${i}].batchSize`, m.error.message));
      batchSize = m.value;
    }
    orders.push({ ...o, batchSize });
  });
  if (problems.length > 0) return err('ORDER_IMPORT_INVALID', problems.slice(0, 10).join('; '), { problems });
  return ok({ format: 'json', orders });
}
