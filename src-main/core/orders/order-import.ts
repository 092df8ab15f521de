/**
 * Reads an order file (JSON or B2MML XML, told apart by content, not by name) and brings its
 * orders into the station in ONE ledger append (`order.imported` per order): all or none.
 * Every problem is an ORDER_IMPORT_INVALID (bad file), ORDER_DUPLICATE, RECIPE_UNKNOWN or
 * RECIPE_NOT_EFFECTIVE with the place in the file named.
 */
import { createHash } from 'node:crypto';
import type { DispensingOrder } from '../../../src-shared/orders/dispensing-order.ts';
import { recipeKey } from '../../../src-shared/recipe/recipe.ts';
import { recipeRefusal } from '../master-data/master-data-reader.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';
import type { OrderQueue } from '../engine/order-queue.ts';
import { parseB2mmlOrders } from './order-file-b2mml.ts';
import { parseJsonOrders } from './order-file-json.ts';
import type { OrderRequest, ParsedOrderFile } from './order-request.ts';

export function parseOrderFile(text: string): Result<ParsedOrderFile> {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('<')) return parseB2mmlOrders(t);
  if (t.startsWith('{') || t.startsWith('[')) return parseJsonOrders(t);
  return err('ORDER_IMPORT_INVALID', 'the file is neither JSON nor XML');
}

export interface ImportSource {
  kind: 'json' | 'b2mml' | 'api' | 'demo';
  fileName: string | null;
  /** The file's bytes, to record their SHA-256 with the import. */
  content?: string;
}

export class OrderIntake {
  constructor(private readonly deps: { ledger: Ledger; masterData: MasterDataReader; orders: OrderQueue }) {}

  /** Resolves recipe versions, checks them, and appends every order or none. */
  importOrders(requests: readonly OrderRequest[], source: ImportSource, actorId: string | null): Result<DispensingOrder[]> {
    const resolved: DispensingOrder[] = [];
    const seen = new Set<string>();
    for (const [i, r] of requests.entries()) {
      const where = `order ${i + 1} (batch ${r.batchNumber})`;
      if (seen.has(r.batchNumber)) return err('ORDER_IMPORT_INVALID', `${where}: batch ${r.batchNumber} appears twice in the file`, { batchNumber: r.batchNumber });
      seen.add(r.batchNumber);
      if (this.deps.orders.exists(r.batchNumber)) return err('ORDER_DUPLICATE', `${where}: batch ${r.batchNumber} is already at this station`, { batchNumber: r.batchNumber });
      const version = r.recipeVersion ?? this.effectiveVersion(r.recipeCode);
      const refused = typeof version === 'number' && this.deps.masterData.get('recipe', recipeKey({ recipeCode: r.recipeCode, version })) ? undefined : recipeRefusal(this.deps.masterData, r.recipeCode, typeof version === 'number' ? version : null);
      if (refused) return err('RECIPE_SCHEMA_UNSUPPORTED', `${where}: ${refused.message}`, { recipeCode: r.recipeCode, key: refused.key, schemaVersion: refused.schemaVersion });
      if (version === 'unknown') return err('RECIPE_UNKNOWN', `${where}: recipe ${r.recipeCode} is not at this station`, { recipeCode: r.recipeCode });
      if (version === null) return err('RECIPE_NOT_EFFECTIVE', `${where}: recipe ${r.recipeCode} has no effective version at this station`, { recipeCode: r.recipeCode });
      const recipe = this.deps.masterData.get('recipe', recipeKey({ recipeCode: r.recipeCode, version }));
      if (!recipe) return err('RECIPE_UNKNOWN', `${where}: recipe ${r.recipeCode} version ${version} is not at this station`, { recipeCode: r.recipeCode, version });
      if (recipe.data.status === 'retired') return err('RECIPE_NOT_EFFECTIVE', `${where}: recipe ${r.recipeCode} version ${version} is retired`, { recipeCode: r.recipeCode, version });
      if (recipe.data.product.code !== r.productCode) {
        return err('ORDER_IMPORT_INVALID', `${where}: recipe ${r.recipeCode} makes ${recipe.data.product.code}, not ${r.productCode}`, { batchNumber: r.batchNumber });
      }
      resolved.push({ ...r, recipeVersion: version });
    }
    if (resolved.length === 0) return err('ORDER_IMPORT_INVALID', 'no orders to import');
    const fileHash = source.content === undefined ? null : createHash('sha256').update(source.content).digest('hex');
    const appended = this.deps.ledger.append(
      resolved.map((order) => ({ type: 'order.imported', actor: actorId, batchRef: order.batchNumber, payload: { order, source: { kind: source.kind, fileName: source.fileName, fileHash } } })),
    );
    return appended.ok ? ok(resolved) : appended;
  }

  private effectiveVersion(recipeCode: string): number | null | 'unknown' {
    const versions = this.deps.masterData.list('recipe').filter((r) => r.data.recipeCode === recipeCode);
    if (versions.length === 0) return 'unknown';
    const effective = versions.filter((r) => r.data.status === 'effective');
    return effective.length === 0 ? null : Math.max(...effective.map((r) => r.data.version));
  }
}
