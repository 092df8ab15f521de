/**
 * The recipe as resolved for one order when it starts: material lines scaled to the batch
 * size, and every step definition. It is written into the `order.started` entry, so the
 * batch record and the engine's replay need nothing but the ledger (the recipe version can
 * be retired at the hub later without changing what this batch was made by).
 */
import { z } from 'zod';
import { Code, MassSchema } from '../master-data/common.ts';
import { ToleranceSchema } from '../recipe/recipe.ts';
import { RecipeStepSchema } from '../recipe/recipe-step.ts';
import { CheckPlanSchema } from '../recipe/check-plan.ts';
import { Sha256Hex } from '../ledger/ledger-entry.ts';
import { YieldLimitsSchema } from '../reconciliation/batch-yield.ts';

export const PlannedLineSchema = z.object({
  lineId: Code,
  materialCode: Code,
  materialName: z.string(),
  /** Scaled quantity; for potency-corrected lines, of the pure substance. */
  nominal: MassSchema,
  tolerance: ToleranceSchema,
  potency: z.discriminatedUnion('corrected', [z.object({ corrected: z.literal(false) }), z.object({ corrected: z.literal(true), basis: z.enum(['as-is', 'anhydrous']) })]),
  compensatesFor: Code.nullable(),
  handlingNotes: z.array(z.string()),
  safetyNotes: z.array(z.string()),
});
export type PlannedLine = z.infer<typeof PlannedLineSchema>;

export const PlannedStepSchema = z.object({
  index: z.number().int().nonnegative(),
  unitProcedureId: Code,
  operationId: Code,
  step: RecipeStepSchema,
});
export type PlannedStep = z.infer<typeof PlannedStepSchema>;

export const ExecutionPlanSchema = z.object({
  recipeCode: Code,
  recipeVersion: z.number().int().positive(),
  recipeHash: Sha256Hex,
  /** The recipe version's content hash as the hub stored and its approvers signed it (issue 14; without status); absent before. */
  recipeContentHash: Sha256Hex.optional(),
  recipeName: z.string(),
  product: z.object({ code: Code, name: z.string() }),
  baseBatchSize: MassSchema,
  batchSize: MassSchema,
  lines: z.array(PlannedLineSchema),
  steps: z.array(PlannedStepSchema).min(1),
  /** The recipe's yield limits in force at start (issue 17 item 6), when it states them. */
  yieldLimits: YieldLimitsSchema.optional(),
  /** The recipe's IPQC check plans, frozen with the order (issue 12 item 2); absent: none. */
  checkPlans: z.array(CheckPlanSchema).optional(),
});
export type ExecutionPlan = z.infer<typeof ExecutionPlanSchema>;
