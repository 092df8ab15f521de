/**
 * Balances and booths (ARCHITECTURE.md "Weigh & dispense": balance calibration valid and daily
 * check done, booth clean and cleared). Calibration and cleaning come from the hub (CMMS);
 * the periodic check weighing and the booth's use by an order are recorded at the station.
 */
import { z } from 'zod';
import { Code, DecimalString, PositiveMassSchema, UtcTimeString } from './common.ts';

/** One test weight of the periodic check and its acceptance limit (|reading − nominal| ≤ it). */
export const CheckPointSchema = z.object({
  testWeight: z.string().trim().min(1).max(100),
  nominal: PositiveMassSchema,
  acceptance: PositiveMassSchema,
});

/**
 * A balance and its qualification, shaped like the device layer's BalanceQualification
 * (src-core/equipment/balance-qualification.ts), which gates every weighing: calibration
 * due, periodic check, USP <41> minimum weight (2000 × max(s, 0.41 d)), capacity. The last
 * periodic check is not master data: the station records it (`balance.check_recorded`).
 */
export const BalanceSchema = z.object({
  balanceId: Code,
  name: z.string().trim().min(1).max(100),
  model: z.string().trim().min(1).max(100),
  /** What the balance answers to an identify query (21 CFR 11.10(h) device check). */
  serialNumber: z.string().trim().min(1).max(64),
  capacity: PositiveMassSchema,
  readability: PositiveMassSchema,
  calibration: z.object({ certificateId: z.string().trim().min(1).max(64), dueAt: UtcTimeString }),
  /** Standard deviation of ≥10 replicate weighings (USP <41> repeatability). */
  repeatability: z.object({ standardDeviation: PositiveMassSchema, determinedAt: UtcTimeString }),
  minimumWeightSafetyFactor: DecimalString.nullable().default(null),
  checkPlan: z.object({ id: Code, points: z.array(CheckPointSchema).min(1).max(10), validForHours: z.number().int().positive().max(24 * 31) }),
  boothId: Code.nullable().default(null),
});
export type Balance = z.infer<typeof BalanceSchema>;

/**
 * A volumetric device of a booth (issue 17 item 3: liquids by volume): a graduated cylinder, a
 * bottle-top dispenser, a flow meter. The operator types what it shows, at its resolution; the
 * engine refuses a value that is not a multiple of it.
 */
export const VolumetricDeviceSchema = z.object({
  deviceId: Code,
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['graduated-cylinder', 'dispenser', 'pipette', 'flow-meter']),
  resolutionMl: DecimalString,
  capacityMl: DecimalString,
  calibrationDueAt: UtcTimeString,
});
export type VolumetricDevice = z.infer<typeof VolumetricDeviceSchema>;

export const BoothSchema = z.object({
  boothId: Code,
  name: z.string().trim().min(1).max(100),
  room: z.string().trim().min(1).max(100),
  cleaning: z.object({
    status: z.enum(['clean', 'dirty']),
    cleanedAt: UtcTimeString.nullable().default(null),
    /** Clean-hold time: after this the booth counts as dirty again. */
    validUntil: UtcTimeString.nullable().default(null),
  }),
  lineClearance: z.object({
    status: z.enum(['cleared', 'not-cleared']),
    clearedAt: UtcTimeString.nullable().default(null),
    clearedBy: z.string().max(100).nullable().default(null),
  }),
  /**
   * The highest occupational exposure band (OEB 1 … 5) the booth contains (issue 17 item 8);
   * absent: an open booth, class 1.
   */
  containmentClass: z.number().int().min(1).max(5).optional(),
  volumetricDevices: z.array(VolumetricDeviceSchema).max(20).optional(),
});
export type Booth = z.infer<typeof BoothSchema>;
