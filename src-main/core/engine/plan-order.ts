/**
 * Resolves an order against its recipe version into the execution plan frozen in the
 * `order.started` entry: material lines scaled from the recipe's base batch size to the
 * order's (exact decimals, 1 µg rounding for quotients), material names and handling notes
 * copied from master data, and the steps in ISA-88 order.
 */
import { createHash } from 'node:crypto';
import type { Material } from '../../../src-shared/master-data/material.ts';
import type { DispensingOrder } from '../../../src-shared/orders/dispensing-order.ts';
import type { ExecutionPlan } from '../../../src-shared/orders/execution-plan.ts';
import { recipeSteps, type Recipe } from '../../../src-shared/recipe/recipe.ts';
import { scaleByRatio } from '../../../src-shared/recipe/quantity-math.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { canonicalJson } from '../../../src-core/ledger/canonical-json.ts';
import { recipeContentHash } from '../../../src-core/record/recipe-content-hash.ts';

export function recipeHash(recipe: Recipe): string {
  return createHash('sha256').update(canonicalJson(recipe)).digest('hex');
}

export function planOrder(order: DispensingOrder, recipe: Recipe, material: (code: string) => Material | undefined): Result<ExecutionPlan> {
  if (recipe.product.code !== order.productCode) {
    return err('RECIPE_INVALID', `recipe ${recipe.recipeCode} v${recipe.version} makes ${recipe.product.code}, the order is for ${order.productCode}`);
  }
  const lines: ExecutionPlan['lines'] = [];
  for (const l of recipe.materialLines) {
    const m = material(l.materialCode);
    if (!m) return err('MASTER_DATA_INVALID', `material ${l.materialCode} of line ${l.lineId} is not in the station's master data`, { materialCode: l.materialCode });
    lines.push({
      lineId: l.lineId,
      materialCode: l.materialCode,
      materialName: m.name,
      nominal: scaleByRatio(l.quantity, order.batchSize, recipe.baseBatchSize),
      tolerance: l.tolerance,
      potency: m.potency,
      compensatesFor: l.compensatesFor,
      handlingNotes: m.handlingNotes,
      safetyNotes: m.safetyNotes,
    });
  }
  return ok({
    recipeCode: recipe.recipeCode,
    recipeVersion: recipe.version,
    recipeHash: recipeHash(recipe),
    recipeContentHash: recipeContentHash(recipe),
    recipeName: recipe.name,
    product: recipe.product,
    baseBatchSize: recipe.baseBatchSize,
    batchSize: order.batchSize,
    lines,
    steps: recipeSteps(recipe).map((s, index) => ({ index, unitProcedureId: s.unitProcedureId, operationId: s.operationId, step: s.step })),
    ...(recipe.yieldLimits ? { yieldLimits: recipe.yieldLimits } : {}),
    ...(recipe.checkPlans && recipe.checkPlans.length > 0 ? { checkPlans: recipe.checkPlans } : {}),
  });
}
