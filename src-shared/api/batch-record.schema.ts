/**
 * Wire schema for the batch record (src-shared/orders/batch-record.ts is the engine's shape),
 * with a compile-time check that the two agree in both directions.
 */
import { ExcursionSchema } from '../environment/environment-contract.ts';
import { z } from 'zod';
import { MassSchema } from '../master-data/common.ts';
import type { BatchRecord } from '../orders/batch-record.ts';
import { DispensingOrderSchema } from '../orders/dispensing-order.ts';
import { ExecutionPlanSchema } from '../orders/execution-plan.ts';
import { RecipeStepSchema, STEP_TYPES, type StepType } from '../recipe/recipe-step.ts';

const Person = z.object({ userId: z.string(), username: z.string().nullable(), printedName: z.string().nullable() });

export const SignatureManifestSchema = z.object({
  seq: z.number(),
  meaning: z.string(),
  signerId: z.string(),
  username: z.string(),
  printedName: z.string(),
  signedAt: z.string(),
  tzOffset: z.string(),
  certFingerprint: z.string(),
  manifestation: z.string(),
  invalidatedBy: z.object({ seq: z.number(), time: z.string(), tzOffset: z.string() }).nullable(),
});

const Correction = z.object({
  seq: z.number(),
  targetSeq: z.number(),
  changes: z.array(z.object({ path: z.string(), oldValue: z.unknown(), newValue: z.unknown() })),
  reason: z.string(),
  by: Person.nullable(),
  time: z.string(),
});

export const RecordEventSchema = z.object({
  seq: z.number(),
  type: z.string(),
  time: z.string(),
  tzOffset: z.string(),
  by: Person.nullable(),
  hash: z.string(),
  summary: z.string(),
  data: z.record(z.string(), z.unknown()),
  signatures: z.array(SignatureManifestSchema),
  corrections: z.array(Correction),
  correctionNotApplied: z.object({ effect: z.enum(['stale', 'unsigned', 'no-form', 'inconsistent']), valueInForce: z.string().optional() }).optional(),
});

const Portion = z.object({
  seq: z.number(),
  portion: z.number(),
  containerId: z.string(),
  lot: z
    .object({ lotId: z.string(), lotNumber: z.string(), qcStatus: z.string(), expiryDate: z.string(), retestDate: z.string().nullable(), assayPercent: z.string().nullable(), waterPercent: z.string().nullable() })
    .nullable(),
  balance: z
    .object({
      balanceId: z.string(),
      model: z.string(),
      serialNumber: z.string(),
      calibrationCertificate: z.string(),
      calibrationDueAt: z.string(),
      lastCheckSeq: z.number(),
      lastCheckAt: z.string(),
      minimumWeight: MassSchema,
    })
    .nullable(),
  method: z.string(),
  tare: z.object({ mass: MassSchema, raw: z.string() }).nullable(),
  reading: z.object({ mass: MassSchema, raw: z.string() }),
  net: MassSchema,
  contribution: MassSchema,
  outcome: z.enum(['accepted', 'partial', 'out-of-tolerance']),
  counted: z.boolean(),
  deviationId: z.string().nullable(),
});

const MaterialLine = z.object({
  lineId: z.string(),
  materialCode: z.string(),
  materialName: z.string(),
  nominal: MassSchema,
  window: z.object({ target: MassSchema, lower: MassSchema, upper: MassSchema }).nullable(),
  potencyCorrected: z.boolean(),
  portions: z.array(Portion),
  totalNet: MassSchema.nullable(),
  totalContribution: MassSchema.nullable(),
});

export const BatchRecordSchema = z.object({
  batchNumber: z.string(),
  status: z.enum(['unknown', 'planned', 'in-progress', 'complete']),
  order: DispensingOrderSchema.nullable(),
  imported: RecordEventSchema.nullable(),
  plan: ExecutionPlanSchema.nullable(),
  started: RecordEventSchema.nullable(),
  steps: z.array(
    z.object({
      index: z.number(),
      stepId: z.string(),
      name: z.string(),
      type: z.enum(STEP_TYPES as [StepType, ...StepType[]]),
      unitProcedureId: z.string(),
      operationId: z.string(),
      definition: RecipeStepSchema,
      status: z.enum(['pending', 'active', 'done']),
      events: z.array(RecordEventSchema),
      material: MaterialLine.nullable(),
      form: z
        .object({
          seq: z.number(),
          title: z.string(),
          titleZh: z.string().nullable(),
          fields: z.array(
            z.object({
              field: z.string(),
              title: z.string(),
              titleZh: z.string().nullable(),
              value: z.union([z.string(), z.number(), z.boolean()]).nullable(),
              unit: z.string().nullable(),
              calculation: z.string().nullable(),
              filledBy: Person.nullable(),
              filledIn: z.object({ seq: z.number(), time: z.string(), tzOffset: z.string() }).nullable(),
              corrections: z
                .array(
                  z.object({
                    seq: z.number(),
                    oldValue: z.union([z.string(), z.number(), z.boolean()]).nullable(),
                    newValue: z.union([z.string(), z.number(), z.boolean()]),
                    by: Person.nullable(),
                    time: z.string(),
                    tzOffset: z.string(),
                    reason: z.string(),
                    through: z.string().nullable(),
                  }),
                )
                .optional(),
            }),
          ),
          parts: z.array(z.number()).optional(),
        })
        .optional(),
    }),
  ),
  deviations: z.array(
    z.object({
      seq: z.number(),
      deviationId: z.string(),
      category: z.string(),
      stepId: z.string().nullable(),
      targetSeq: z.number().nullable(),
      code: z.string().nullable(),
      reason: z.string(),
      raisedBy: Person.nullable(),
      raisedAt: z.string(),
      status: z.enum(['pending', 'approved']),
      approval: SignatureManifestSchema.nullable(),
    }),
  ),
  // Records written before issue 13 have no environment section: read as none.
  environment: z.array(ExcursionSchema.extend({ entries: z.array(z.object({ seq: z.number(), event: z.enum(['started', 'escalated', 'ended']), source: z.enum(['broker', 'hub']), time: z.string() })) })).default([]),
  refusals: z.array(RecordEventSchema),
  comments: z.array(RecordEventSchema),
  completed: RecordEventSchema.nullable(),
  labels: z
    .object({
      issued: z.number(),
      printed: z.number(),
      reprinted: z.number(),
      used: z.number(),
      destroyed: z.number(),
      balanced: z.boolean(),
      unaccounted: z.array(z.string()),
      outcomeUnknown: z.array(z.string()).optional(),
      events: z.array(RecordEventSchema),
    })
    .optional(),
  masterDataUsed: z.array(z.object({ kind: z.string(), key: z.string(), version: z.number() })),
  configVersions: z.array(z.object({ version: z.string(), fromSeq: z.number(), entries: z.number() })).optional(),
  ledger: z.object({ entries: z.number(), firstSeq: z.number().nullable(), lastSeq: z.number().nullable(), lastHash: z.string().nullable() }),
  recordHash: z.string().regex(/^[0-9a-f]{64}$/),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const recordMatches: Same<z.infer<typeof BatchRecordSchema>, BatchRecord> = true;
void recordMatches;
