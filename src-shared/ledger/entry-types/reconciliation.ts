/**
 * Entries of returns to stock and reconciliation (issue 17 items 5 and 6). All carry batchRef =
 * the order the container was issued to. Masses are exact decimals with their units, readings
 * keep the balance's raw line (DI-04), and each judgement records the limit it applied, so a
 * reviewer can re-do the arithmetic from the entry alone.
 */
import { z } from 'zod';
import { Code, MassSchema } from '../../master-data/common.ts';
import { ReconciliationLimitSchema } from '../../reconciliation/reconciliation-limits.ts';
import { RETURN_DECISIONS, RETURN_FINDINGS } from '../../reconciliation/return-finding.ts';
import { YieldLimitsSchema } from '../../reconciliation/batch-yield.ts';
import { ReadingSchema, TareCheckSchema } from './dispensing.ts';
import { PrintConfirmationSchema } from './labels.ts';

const ContainerRef = { containerId: z.string().min(1).max(64), lotId: Code, materialCode: Code };

const MaterialBalanceSchema = z.object({
  materialCode: Code,
  containers: z.array(z.string()),
  issued: MassSchema,
  dispensed: MassSchema,
  returned: MassSchema,
  wasted: MassSchema,
  difference: MassSchema,
  tolerance: MassSchema,
  closes: z.boolean(),
});

export const reconciliationEntryTypes = {
  /**
   * A source container weighed on its way back to stock. `reading` is the balance's stable
   * reading (null only for a manual entry, which then carries its reason and is signed
   * "verified" by a supervisor). remaining = gross − containerTare.
   */
  'return.weighed': z.object({
    ...ContainerRef,
    balanceId: Code.nullable(),
    reading: ReadingSchema.nullable(),
    containerTare: MassSchema,
    remaining: MassSchema,
    declaredEmpty: z.boolean(),
    /**
     * FR-144 (absent before it): the balance was asked for its tare with the reading and held
     * none (`by` ['tare-query'], a held tare is refused: BALANCE_HOLDS_TARE); `by` [] where its
     * protocol cannot be asked: not checked, and the record says so.
     */
    tareCheck: TareCheckSchema.optional(),
    /** What goes back to stock (nothing for a container declared empty). */
    returned: MassSchema,
    /** Declared empty: what was still found in it, wasted with it. */
    residue: MassSchema.nullable(),
    /** Stock at the first scan for this order, and what the order dispensed from it. */
    issued: MassSchema,
    dispensed: MassSchema,
    theoretical: MassSchema,
    /** remaining − theoretical. */
    difference: MassSchema,
    limit: MassSchema,
    limitRule: ReconciliationLimitSchema,
    finding: z.enum(RETURN_FINDINGS),
    beyondLimit: z.boolean(),
    manualEntry: z.object({ reason: z.string().trim().min(10).max(500) }).optional(),
  }),
  /** A supervisor's decision on a return beyond the limit; effective with their "approved" signature. */
  'return.discrepancy_resolved': z.object({
    returnSeq: z.number().int().positive(),
    containerId: z.string().min(1).max(64),
    decision: z.enum(RETURN_DECISIONS),
    reason: z.string().trim().min(10).max(2000),
    difference: MassSchema,
    stockAfter: MassSchema,
  }),
  /** The returned container's new label; the label it carried before is void from now on. */
  'return.labelled': z.object({
    returnSeq: z.number().int().positive(),
    containerId: z.string().min(1).max(64),
    label: z.record(z.string(), z.unknown()),
    /** The label this one replaces: the container's original label, or an earlier return label. */
    voids: z.object({ kind: z.enum(['original', 'return']), seq: z.number().int().positive().nullable() }),
    printerId: z.string().nullable(),
    printerAddress: z.string().min(1).optional(),
    jobId: z.string().min(1).optional(),
    preview: z.literal(true).optional(),
    pngSha256: z.array(z.string()).optional(),
    /** FR-145: the printer's host status, or only sent (the printer gives no status); absent before, and for a preview. */
    confirmation: PrintConfirmationSchema.optional(),
    /** FR-139: the `label.print_requested` entry this print closes (absent in entries written before). */
    printRequestSeq: z.number().int().positive().optional(),
  }),
  /** Spilt material, swept up and weighed, with why: wasted in the order's balance. */
  'spillage.recorded': z.object({
    ...ContainerRef,
    balanceId: Code,
    reading: ReadingSchema,
    amount: MassSchema,
    reason: z.string().trim().min(10).max(500),
    /**
     * FR-144 (absent before it): the spillage is weighed net of a vessel tared on the balance's
     * own keys (the station commands no tare for it), so the record keeps the tare the balance
     * held as it answered (`tare-query`), or `by` [] where its protocol cannot be asked.
     */
    tareCheck: TareCheckSchema.optional(),
  }),
  /** The order's balance per material and the batch's yield, as recorded once every step was done. */
  'reconciliation.recorded': z.object({
    materials: z.array(MaterialBalanceSchema),
    closes: z.boolean(),
    orderLimit: ReconciliationLimitSchema,
    yield: z
      .object({ theoretical: MassSchema, actual: MassSchema, percent: z.string(), limits: YieldLimitsSchema.nullable(), within: z.boolean().nullable() })
      .nullable(),
    /** Deviations this reconciliation raised (appended with it). */
    deviationIds: z.array(z.string()),
  }),
};
