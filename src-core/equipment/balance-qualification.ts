/**
 * May this balance weigh this quantity now? The execution engine asks; this answers with
 * the first blocking reason as a typed error, or with the facts a weighing record cites
 * (calibration certificate, check performed, minimum weight). Pure: the caller passes the
 * balance's qualification record (master data from the hub/CMMS) and the clock's `now`.
 *
 * Gates, in the order an auditor walks them (COMPLIANCE.md DI-05, auditor scenario 10):
 * 1. calibration not overdue (certificate due date);
 * 2. periodic performance check done within its validity and passed — the check weighs named
 *    test weights, each with its acceptance limit, and its outcome (every reading with its raw
 *    line) is what the engine records as a ledger entry;
 * 3. net quantity not below the minimum weight (USP <41>, see `uspMinimumWeight`);
 * 4. gross load not above capacity.
 */
import { z } from 'zod';
import {
  atReadability,
  compareMass,
  convertMass,
  formatMass,
  maxMass,
  scaleMass,
  subtractMass,
  negateMass,
  MASS_UNITS,
  type Mass,
} from '../../src-shared/mass.ts';
import { err, ok, unwrap, type Result } from '../../src-shared/result.ts';

const MassSchema = z.object({ amount: z.string().regex(/^-?\d+(\.\d+)?$/), unit: z.enum(MASS_UNITS) });
const IsoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO date-time');

export const CheckPointSchema = z.object({
  /** The test weight's name as engraved/certified, e.g. "E2 200 g #A17". */
  testWeight: z.string().min(1),
  nominal: MassSchema,
  /** Acceptance limit: |reading - nominal| must not exceed it. */
  acceptance: MassSchema,
});

export const PeriodicCheckPlanSchema = z.object({
  id: z.string().min(1),
  points: z.array(CheckPointSchema).min(1),
  /** How long a passed check lets the balance weigh (24 for a daily check). */
  validForHours: z.number().positive(),
});
export type PeriodicCheckPlan = z.infer<typeof PeriodicCheckPlanSchema>;

export const CheckResultSchema = z.object({
  testWeight: z.string(),
  nominal: MassSchema,
  reading: MassSchema,
  raw: z.string(),
  deviation: MassSchema,
  acceptance: MassSchema,
  passed: z.boolean(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const PeriodicCheckRecordSchema = z.object({
  planId: z.string(),
  performedAt: IsoTime,
  performedBy: z.string(),
  results: z.array(CheckResultSchema),
  passed: z.boolean(),
});
export type PeriodicCheckRecord = z.infer<typeof PeriodicCheckRecordSchema>;

export const BalanceQualificationSchema = z.object({
  balanceId: z.string().min(1),
  capacity: MassSchema,
  readability: MassSchema,
  calibration: z.object({ certificateId: z.string().min(1), dueAt: IsoTime }),
  /** Repeatability: standard deviation of ≥10 replicate weighings of one test weight (USP <41>). */
  repeatability: z.object({ standardDeviation: MassSchema, determinedAt: IsoTime }),
  /** Optional safety factor on the minimum weight (USP <1251> suggests one); decimal string. */
  minimumWeightSafetyFactor: z.string().regex(/^\d+(\.\d+)?$/).optional(),
  checkPlan: PeriodicCheckPlanSchema,
  lastCheck: PeriodicCheckRecordSchema.nullable(),
});
export type BalanceQualification = z.infer<typeof BalanceQualificationSchema>;

/**
 * USP <41> "Balances" (revision official 2013-12-01): a balance's repeatability is satisfactory
 * when 2 × s / m ≤ 0.10 %, with s replaced by 0.41 d when s < 0.41 d (d = readability). Solving
 * for the smallest net weight m gives
 *     minimum weight = 2000 × max(s, 0.41 d)
 * optionally multiplied by a safety factor (USP <1251>). Returned in s's unit.
 */
export function uspMinimumWeight(s: Mass, d: Mass, safetyFactor = '1'): Mass {
  const floor = unwrap(scaleMass(convertMass(d, s.unit), '0.41'));
  const base = unwrap(scaleMass(maxMass(s, floor), '2000'));
  return unwrap(scaleMass(convertMass(base, s.unit), safetyFactor));
}

export interface CheckReading {
  readonly testWeight: string;
  readonly mass: Mass;
  readonly stable: boolean;
  readonly raw: string;
}

/** Evaluates one periodic check: every planned test weight read once, stable, within its limit. */
export function evaluatePeriodicCheck(
  plan: PeriodicCheckPlan,
  readings: readonly CheckReading[],
  by: { performedAt: string; performedBy: string },
): Result<PeriodicCheckRecord> {
  const results: CheckResult[] = [];
  for (const point of plan.points) {
    const found = readings.filter((r) => r.testWeight === point.testWeight);
    if (found.length !== 1) {
      return err('BALANCE_QUALIFICATION_INVALID', `test weight "${point.testWeight}" needs exactly one reading, got ${found.length}`);
    }
    const r = found[0]!;
    if (!r.stable) return err('READING_NOT_STABLE', `reading of "${point.testWeight}" was not stable`, { raw: r.raw });
    const deviation = subtractMass(convertMass(r.mass, point.nominal.unit), point.nominal);
    const passed = compareMass(deviation, point.acceptance) <= 0 && compareMass(deviation, negateMass(point.acceptance)) >= 0;
    results.push({ testWeight: point.testWeight, nominal: point.nominal, reading: r.mass, raw: r.raw, deviation, acceptance: point.acceptance, passed });
  }
  const extra = readings.find((r) => !plan.points.some((p) => p.testWeight === r.testWeight));
  if (extra) return err('BALANCE_QUALIFICATION_INVALID', `test weight "${extra.testWeight}" is not in plan ${plan.id}`);
  return ok({ planId: plan.id, ...by, results, passed: results.every((x) => x.passed) });
}

export interface WeighingClearance {
  readonly balanceId: string;
  readonly calibrationCertificateId: string;
  readonly checkPerformedAt: string;
  readonly minimumWeight: Mass;
  readonly capacity: Mass;
}

/** The gate: ok with what the weighing record cites, or the first blocking reason. */
export function checkBalanceMayWeigh(
  input: unknown,
  now: Date,
  intended: { net?: Mass; gross?: Mass } = {},
): Result<WeighingClearance> {
  const parsed = BalanceQualificationSchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return err('BALANCE_QUALIFICATION_INVALID', `qualification record invalid at ${i?.path.join('.')}: ${i?.message}`);
  }
  const q = parsed.data;
  const details = { balanceId: q.balanceId };
  if (now.getTime() > Date.parse(q.calibration.dueAt)) {
    return err('BALANCE_CALIBRATION_OVERDUE', `calibration of ${q.balanceId} was due ${q.calibration.dueAt}`, {
      ...details,
      certificateId: q.calibration.certificateId,
      dueAt: q.calibration.dueAt,
    });
  }
  const check = q.lastCheck;
  const validUntil = check ? Date.parse(check.performedAt) + q.checkPlan.validForHours * 3_600_000 : 0;
  if (!check || check.planId !== q.checkPlan.id || now.getTime() > validUntil || Date.parse(check.performedAt) > now.getTime()) {
    return err('BALANCE_CHECK_MISSING', `no valid periodic check (${q.checkPlan.id}) for ${q.balanceId}`, {
      ...details,
      lastCheckAt: check?.performedAt ?? null,
    });
  }
  if (!check.passed) {
    const failed = check.results.filter((r) => !r.passed).map((r) => r.testWeight);
    return err('BALANCE_CHECK_FAILED', `periodic check of ${q.balanceId} failed (${failed.join(', ')})`, { ...details, failed });
  }
  const minimumWeight = uspMinimumWeight(q.repeatability.standardDeviation, q.readability, q.minimumWeightSafetyFactor);
  if (intended.net && compareMass(intended.net, minimumWeight) < 0) {
    // Shown at the balance's readability (issue 18): a computed target is never written to 1 µg.
    return err('BALANCE_BELOW_MINIMUM_WEIGHT', `${formatMass(intended.net, q.readability)} is below the minimum weight ${formatMass(atReadability(minimumWeight, q.readability, 'up'))} of ${q.balanceId}`, {
      ...details,
      minimumWeight,
    });
  }
  if (intended.gross && compareMass(intended.gross, q.capacity) > 0) {
    return err('BALANCE_ABOVE_CAPACITY', `${formatMass(intended.gross, q.readability)} exceeds the capacity ${formatMass(q.capacity)} of ${q.balanceId}`, {
      ...details,
      capacity: q.capacity,
    });
  }
  return ok({
    balanceId: q.balanceId,
    calibrationCertificateId: q.calibration.certificateId,
    checkPerformedAt: check.performedAt,
    minimumWeight,
    capacity: q.capacity,
  });
}
