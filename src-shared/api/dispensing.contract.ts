/**
 * Guided weigh & dispense at the station: the work queue, the pre-checks before an order
 * starts, the periodic balance check, every engine command (the engine checks sequence, role
 * and devices itself and records refusals), and the batch record as it grows.
 */
import { z } from 'zod';
import { Code, MassSchema } from '../master-data/common.ts';
import { BatchlineErrorSchema } from '../errors.ts';
import { EngineCommandSchema } from '../orders/engine-command.ts';
import { BatchRecordSchema } from './batch-record.schema.ts';
import { BoothQueueSchema, CampaignViewSchema } from './dispensary.schema.ts';
import { endpoint } from './contract.ts';
import { OrderViewSchema, WorkQueueRowSchema } from './order-view.schema.ts';

const OPERATING = ['operator', 'supervisor'] as const;
const READERS = ['operator', 'supervisor', 'qa', 'qp'] as const;
const BatchNumber = z.object({ batchNumber: z.string().trim().min(1).max(64) });
const BoothId = z.object({ boothId: Code });
const Problem = z.object({ code: z.string(), message: z.string() }).nullable();

export const PrecheckViewSchema = z.object({
  booths: z.array(z.object({ boothId: z.string(), name: z.string() })),
  booth: z
    .object({
      boothId: z.string(),
      name: z.string(),
      room: z.string(),
      cleaning: z.enum(['clean', 'dirty']),
      cleanValidUntil: z.string().nullable(),
      lineClearance: z.enum(['cleared', 'not-cleared']),
      problem: Problem,
    })
    .nullable(),
  balances: z.array(
    z.object({
      balanceId: z.string(),
      name: z.string(),
      model: z.string(),
      serialNumber: z.string(),
      capacity: MassSchema,
      readability: MassSchema,
      calibrationDueAt: z.string(),
      lastCheck: z.object({ performedAt: z.string(), passed: z.boolean() }).nullable(),
      checkPoints: z.array(z.object({ testWeight: z.string(), nominal: MassSchema })),
      problem: Problem,
    }),
  ),
  training: z.object({ validUntil: z.string().nullable(), problem: Problem }),
  masterData: z.object({ servedAt: z.string().nullable(), ageMinutes: z.number().nullable(), problem: Problem }),
  /**
   * True only when every pre-check above passes: a booth chosen, clean and cleared, every balance in
   * it qualified, the operator trained, master data fresh enough. The screen's Start follows it.
   */
  ready: z.boolean(),
  /** Why start-order would be refused now (the engine's own first reason); null when ready. */
  startRefusal: Problem,
});
export type PrecheckView = z.infer<typeof PrecheckViewSchema>;

export const dispensingContract = {
  'orders.queue': endpoint(READERS, z.object({ status: z.enum(['planned', 'in-progress', 'complete']).optional() }), z.array(WorkQueueRowSchema)),
  'orders.view': endpoint(READERS, BatchNumber, OrderViewSchema),
  /** Booth, balances, training and master-data age for this order in this booth. */
  'orders.prechecks': endpoint(OPERATING, BatchNumber.extend({ boothId: z.string().trim().min(1).max(64).nullable(), shareBooth: z.boolean().default(false) }), PrecheckViewSchema),
  /** One engine command; the engine decides (and records a refusal with its reason). */
  'orders.execute': endpoint(
    'session',
    BatchNumber.extend({ command: EngineCommandSchema }),
    z.object({
      appended: z.array(z.object({ seq: z.number(), type: z.string() })),
      view: OrderViewSchema,
      /** The station's own follow-up (balance choice, label print) was refused, and why. */
      followUpError: BatchlineErrorSchema.extend({ command: z.string() }).optional(),
    }),
  ),
  /** One test weight of a balance's periodic check, read stable from the balance itself. */
  'balances.checkWeight': endpoint(
    OPERATING,
    z.object({ balanceId: z.string().trim().min(1).max(64), testWeight: z.string().trim().min(1).max(100) }),
    z.object({
      reading: z.object({ mass: MassSchema, stable: z.boolean(), raw: z.string() }),
      remaining: z.array(z.string()),
      recorded: z.object({ seq: z.number(), passed: z.boolean() }).nullable(),
    }),
  ),
  /**
   * FR-154: clear the balance's tare and zero it from the station, the pan empty; recorded as
   * `balance.tare_cleared` (who, the commands, the tare before and after), refusals too.
   */
  'balances.clearTare': endpoint(
    OPERATING,
    z.object({ balanceId: z.string().trim().min(1).max(64) }),
    z.object({ seq: z.number(), commands: z.array(z.string()), tareAfter: MassSchema.nullable() }),
  ),
  'record.get': endpoint(READERS, BatchNumber, BatchRecordSchema),
  /** The booth's open weigh lines across orders, grouped by material, and its open campaign (issue 17). */
  'dispensary.queue': endpoint(READERS, BoothId, BoothQueueSchema),
  /** Weigh one material for several orders in a row; the service checks roles and changeovers and records refusals. */
  'dispensary.startCampaign': endpoint('session', BoothId.extend({ materialCode: Code, batchNumbers: z.array(z.string().trim().min(1).max(64)).min(1).max(50) }), CampaignViewSchema),
  'dispensary.endCampaign': endpoint('session', BoothId.extend({ campaignId: Code }), z.object({ seq: z.number(), completed: z.array(z.string()), open: z.array(z.string()) })),
  'dispensary.recordChangeover': endpoint(
    'session',
    BoothId.extend({ toMaterial: Code, cleaningConfirmed: z.boolean(), lineClearanceConfirmed: z.boolean(), comment: z.string().trim().max(500).nullable().default(null) }),
    z.object({ seq: z.number() }),
  ),
};
