/**
 * Wire schemas for the engine's order view and work queue (src-shared/orders/order-view.ts is
 * the engine's TypeScript shape). The checks at the bottom make the compiler refuse any drift
 * between the two in either direction, so the contract cannot silently strip a new field.
 */
import { z } from 'zod';
import { MassSchema } from '../master-data/common.ts';
import { DispensingOrderSchema } from '../orders/dispensing-order.ts';
import { DeviationCategory, ENGINE_COMMAND_TYPES, type EngineCommandType } from '../orders/engine-command.ts';
import type { OrderView } from '../orders/order-view.ts';
import { RecipeStepSchema, STEP_TYPES, type StepType } from '../recipe/recipe-step.ts';
import { SignatureMeaning } from '../signature-meaning.ts';
import { ReconciliationViewSchema } from './reconciliation-view.schema.ts';

const StepType = z.enum(STEP_TYPES as [StepType, ...StepType[]]);
const CommandType = z.enum(ENGINE_COMMAND_TYPES as [EngineCommandType, ...EngineCommandType[]]);
const Window = z.object({ target: MassSchema, lower: MassSchema, upper: MassSchema });

export const WeighViewSchema = z.object({
  lineId: z.string(),
  materialCode: z.string(),
  materialName: z.string(),
  method: z.enum(['net', 'gross', 'subtraction', 'count', 'volume']),
  portion: z.number(),
  lineWindow: Window,
  cumulative: MassSchema,
  potencyCorrected: z.boolean(),
  handlingNotes: z.array(z.string()),
  safetyNotes: z.array(z.string()),
  container: z.object({ containerId: z.string(), lotId: z.string(), left: MassSchema, portionWindow: Window, partial: z.boolean(), potencyFraction: z.string().nullable() }).nullable(),
  balance: z.object({ balanceId: z.string(), minimumWeight: MassSchema, capacity: MassSchema }).nullable(),
  tared: z.boolean(),
  lastWeighing: z.object({ seq: z.number(), net: MassSchema, verdict: z.enum(['below', 'within', 'above']), outcome: z.enum(['accepted', 'partial', 'out-of-tolerance']) }).nullable(),
  stockDiscrepancy: z
    .object({ containerId: z.string(), recordedLeft: MassSchema, withdrawn: MassSchema, shortfall: MassSchema, awaiting: z.enum(['accepted', 'rejected']).nullable() })
    .nullable(),
  manualScanPending: z.string().nullable(),
  portionsCounted: z.number(),
  containment: z
    .object({ level: z.number(), boothClass: z.number(), items: z.array(z.object({ itemId: z.string(), text: z.object({ en: z.string(), 'zh-CN': z.string() }) })), confirmed: z.boolean() })
    .nullable()
    .optional(),
  volume: z
    .object({
      densityGPerMl: z.string().nullable(),
      devices: z.array(
        z.object({ deviceId: z.string(), name: z.string(), kind: z.string(), resolutionMl: z.string(), capacityMl: z.string(), window: z.object({ target: z.string(), lower: z.string(), upper: z.string() }).nullable() }),
      ),
    })
    .nullable()
    .optional(),
});

const LabelsViewSchema = z.object({
  issued: z.number(),
  printed: z.number(),
  reprinted: z.number(),
  used: z.number(),
  destroyed: z.number(),
  balanced: z.boolean(),
  outcomeUnknown: z.array(z.string()),
  printing: z.array(z.string()),
  unsettled: z.array(z.object({ printRequestSeq: z.number(), command: z.string(), count: z.number(), stepId: z.string().nullable(), labelId: z.string().nullable(), containerId: z.string().nullable(), pendingSettlements: z.number() })),
  labels: z.array(
    z.object({
      labelId: z.string(),
      reprintOf: z.string().nullable(),
      material: z.string().nullable(),
      lotNumber: z.string().nullable(),
      containerId: z.string().nullable(),
      net: z.string().nullable(),
      preview: z.boolean(),
      disposition: z.enum(['used', 'destroyed']).nullable(),
      reason: z.string().nullable(),
    }),
  ),
});

export const KitViewSchema = z.object({
  containers: z.array(
    z.object({ containerId: z.string(), lineId: z.string(), materialCode: z.string(), materialName: z.string(), lotId: z.string(), net: MassSchema, holdUntil: z.string().nullable(), done: z.boolean() }),
  ),
  linesNotDispensed: z.array(z.string()),
  staged: z.object({ location: z.string() }).nullable(),
});

export const OrderViewSchema = z.object({
  batchNumber: z.string(),
  status: z.enum(['unknown', 'planned', 'in-progress', 'complete']),
  order: DispensingOrderSchema.nullable(),
  boothId: z.string().nullable(),
  recipe: z.object({ code: z.string(), version: z.number(), name: z.string() }).nullable(),
  progress: z.object({ done: z.number(), total: z.number() }),
  current: z
    .object({
      index: z.number(),
      stepId: z.string(),
      name: z.string(),
      type: StepType,
      instruction: z.string(),
      phase: z.string(),
      allowed: z.array(CommandType),
      definition: RecipeStepSchema,
      weigh: WeighViewSchema.nullable(),
      timerEndsAt: z.string().nullable(),
      kit: KitViewSchema.nullable(),
      form: z
        .object({
          recordSeq: z.number(),
          values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
          calculated: z.record(z.string(), z.string()),
          filledBy: z.record(z.string(), z.object({ seq: z.number(), userId: z.string().nullable(), username: z.string().nullable(), at: z.string() })),
          open: z.array(z.string()),
        })
        .nullable()
        .optional(),
      equipmentChoices: z
        .array(
          z.object({
            equipmentId: z.string(),
            name: z.string(),
            class: z.string(),
            location: z.string(),
            usable: z.boolean(),
            refusal: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).nullable(),
          }),
        )
        .optional(),
    })
    .nullable(),
  steps: z.array(
    z.object({ index: z.number(), stepId: z.string(), name: z.string(), type: StepType, status: z.enum(['pending', 'active', 'done']), unitProcedureId: z.string(), operationId: z.string() }),
  ),
  pendingSignatures: z.array(z.object({ targetSeq: z.number(), entryType: z.string(), stepId: z.string().nullable(), meanings: z.array(SignatureMeaning) })),
  deviations: z.array(
    z.object({
      seq: z.number(),
      deviationId: z.string(),
      category: DeviationCategory,
      stepId: z.string().nullable(),
      targetSeq: z.number().nullable(),
      reason: z.string(),
      status: z.enum(['pending', 'approved']),
      approvedBy: z.string().nullable(),
    }),
  ),
  canComplete: z.boolean(),
  lastSeq: z.number(),
  reconciliation: ReconciliationViewSchema.optional(),
  labels: LabelsViewSchema.optional(),
});

export const WorkQueueRowSchema = z.object({
  batchNumber: z.string(),
  productCode: z.string(),
  recipeCode: z.string(),
  recipeVersion: z.number(),
  batchSize: MassSchema,
  status: z.enum(['planned', 'in-progress', 'complete']),
  boothId: z.string().nullable(),
  plannedStart: z.string().nullable(),
  lastSeq: z.number(),
});

// Compile-time drift checks (both directions).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const viewMatches: Same<z.infer<typeof OrderViewSchema>, OrderView> = true;
void viewMatches;
