/**
 * The master batch record (recipe) as data, shaped after ISA-88 (IEC 61512-1 §5.2 procedural
 * model): recipe procedure -> unit procedures -> operations -> steps (ISA-88 phases), plus the
 * formula (material lines per base batch size). Versions move draft -> approved -> effective
 * -> retired under change control at the hub; only an effective version can run.
 */
import { z } from 'zod';
import { Code, DecimalString, MassSchema, PositiveMassSchema } from '../master-data/common.ts';
import { RecipeStepSchema, type RecipeStep } from './recipe-step.ts';
import { YieldLimitsSchema } from '../reconciliation/batch-yield.ts';
import { CheckPlansSchema } from './check-plan.ts';

export const RecipeStatus = z.enum(['draft', 'approved', 'effective', 'retired']);

/**
 * The recipe schema this code reads (issue 14 item 5). A recipe without `schemaVersion` is of
 * version 1, the schema before the field existed. A later schema raises the number; a station
 * that does not understand a recipe's number refuses that recipe (RECIPE_SCHEMA_UNSUPPORTED)
 * instead of misreading it, and keeps the rest of its master data.
 */
export const RECIPE_SCHEMA_VERSION = 1;
export const SUPPORTED_RECIPE_SCHEMA_VERSIONS: readonly number[] = [1];

/** The schema version a recipe object says it has (1 when absent), or null when it says nothing readable. */
export function recipeSchemaVersionOf(data: unknown): number | null {
  if (typeof data !== 'object' || data === null) return null;
  const v = (data as { schemaVersion?: unknown }).schemaVersion;
  if (v === undefined) return 1;
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null;
}
export type RecipeStatus = z.infer<typeof RecipeStatus>;

/** ± around the target, asymmetric allowed: percent of target, or absolute masses. */
export const ToleranceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('percent'), minus: DecimalString, plus: DecimalString }),
  z.object({ type: z.literal('absolute'), minus: MassSchema, plus: MassSchema }),
]);
export type Tolerance = z.infer<typeof ToleranceSchema>;

export const MaterialLineSchema = z.object({
  lineId: Code,
  materialCode: Code,
  /** Quantity per base batch size; for potency-corrected materials, of the pure substance. */
  quantity: PositiveMassSchema,
  tolerance: ToleranceSchema,
  /**
   * A filler that absorbs a potency correction (q.s. excipient): its target drops by what the
   * named line was weighed above its nominal, so the batch keeps its total mass.
   */
  compensatesFor: Code.nullable().default(null),
});
export type MaterialLine = z.infer<typeof MaterialLineSchema>;

export const OperationSchema = z.object({ operationId: Code, name: z.string().trim().min(1).max(200), steps: z.array(RecipeStepSchema).min(1).max(500) });
export const UnitProcedureSchema = z.object({ unitProcedureId: Code, name: z.string().trim().min(1).max(200), operations: z.array(OperationSchema).min(1).max(100) });

export const RecipeSchema = z
  .object({
    /** Absent in recipes written before issue 14: version 1. */
    schemaVersion: z.literal(RECIPE_SCHEMA_VERSION).optional(),
    recipeCode: Code,
    version: z.number().int().positive(),
    status: RecipeStatus,
    name: z.string().trim().min(1).max(200),
    product: z.object({ code: Code, name: z.string().trim().min(1).max(200) }),
    baseBatchSize: PositiveMassSchema,
    materialLines: z.array(MaterialLineSchema).max(1000),
    unitProcedures: z.array(UnitProcedureSchema).min(1).max(50),
    /** The batch's yield limits (issue 17 item 6), % of the lines' nominal; optional. */
    yieldLimits: YieldLimitsSchema.optional(),
    /** In-process control checks (issue 12 item 2); absent in recipes without IPQC. */
    checkPlans: CheckPlansSchema.optional(),
  })
  .superRefine((r, ctx) => {
    for (const problem of recipeProblems(r)) ctx.addIssue({ code: 'custom', message: problem });
  });
export type Recipe = z.infer<typeof RecipeSchema>;

export const recipeKey = (r: Pick<Recipe, 'recipeCode' | 'version'>): string => `${r.recipeCode}@${r.version}`;

/** The steps in execution order (ISA-88 procedures here are sequential). */
export function recipeSteps(r: Pick<Recipe, 'unitProcedures'>): { step: RecipeStep; unitProcedureId: string; operationId: string }[] {
  return r.unitProcedures.flatMap((u) => u.operations.flatMap((o) => o.steps.map((step) => ({ step, unitProcedureId: u.unitProcedureId, operationId: o.operationId }))));
}

/** Cross-references a schema cannot express: unique ids, steps naming real lines, order of compensation. */
function recipeProblems(r: Omit<Recipe, never>): string[] {
  const problems: string[] = [];
  const lineIds = new Set<string>();
  for (const l of r.materialLines) {
    if (lineIds.has(l.lineId)) problems.push(`material line "${l.lineId}" appears twice`);
    lineIds.add(l.lineId);
  }
  const stepIds = new Set<string>();
  const weighedAt = new Map<string, number>();
  const chargedAt = new Map<string, string>();
  recipeSteps(r).forEach(({ step }, i) => {
    if (stepIds.has(step.stepId)) problems.push(`step "${step.stepId}" appears twice`);
    stepIds.add(step.stepId);
    if ('lineId' in step && step.lineId !== null && !lineIds.has(step.lineId)) problems.push(`step "${step.stepId}" names unknown material line "${step.lineId}"`);
    if (step.type === 'weigh') {
      if (weighedAt.has(step.lineId)) problems.push(`material line "${step.lineId}" is weighed by two steps`);
      weighedAt.set(step.lineId, i);
      if (!step.signatures.performed) problems.push(`weigh step "${step.stepId}" must require a performed signature`);
    }
    // Kits and charges (issue 17 item 4): a charge takes lines weighed before it, each line in one charge step.
    if (step.type === 'charge') {
      for (const l of step.lineIds) {
        if (!lineIds.has(l)) problems.push(`step "${step.stepId}" charges unknown material line "${l}"`);
        else if (!weighedAt.has(l)) problems.push(`step "${step.stepId}" charges line "${l}" before it is weighed`);
        if (chargedAt.has(l)) problems.push(`material line "${l}" is charged by two steps`);
        chargedAt.set(l, step.stepId);
      }
    }
  });
  recipeSteps(r).forEach(({ step }, i) => {
    if (step.type !== 'kit' || step.forStepId === null) return;
    const j = recipeSteps(r).findIndex((x) => x.step.stepId === step.forStepId);
    if (j < 0 || recipeSteps(r)[j]!.step.type !== 'charge') problems.push(`kit step "${step.stepId}" names "${step.forStepId}", which is not a charge step`);
    else if (j < i) problems.push(`kit step "${step.stepId}" must come before its charge step "${step.forStepId}"`);
  });
  for (const l of r.materialLines) {
    if (!weighedAt.has(l.lineId)) problems.push(`material line "${l.lineId}" has no weigh step`);
    if (l.compensatesFor !== null) {
      const target = weighedAt.get(l.compensatesFor);
      const own = weighedAt.get(l.lineId);
      if (target === undefined) problems.push(`line "${l.lineId}" compensates unknown line "${l.compensatesFor}"`);
      else if (own !== undefined && own < target) problems.push(`line "${l.lineId}" must be weighed after "${l.compensatesFor}", which it compensates`);
    }
  }
  return problems;
}
