/**
 * In-process control at the station (issue 12 item 2): the checks of a running batch with their
 * due / overdue state, the units counter, balance readings for an average-of-N check, signed
 * results, and the station's IPQC alert list the supervisor and QA work from (offline too).
 */
import { z } from 'zod';
import { Code, MassSchema } from '../master-data/common.ts';
import { SignedDecimal } from '../recipe/recipe-step.ts';
import { IPQC_ALERT_KINDS, IpqcVerdictSchema } from '../ledger/entry-types/ipqc.ts';
import { endpoint } from './contract.ts';

const OPERATING = ['operator', 'supervisor'] as const;
const READERS = ['operator', 'supervisor', 'qa', 'qp'] as const;
const BatchNumber = z.string().trim().min(1).max(64);
const password = z.string().min(1).max(200);
const username = z.string().trim().min(1).max(64);
const OneTimeCode = z.string().trim().regex(/^\d{6}$/, 'a 6-digit code').optional();

export const IpqcResultViewSchema = z.object({
  seq: z.number().int(),
  checkId: z.string(),
  occurrence: z.number().int(),
  value: z.string(),
  unit: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
  overdue: z.boolean(),
  verdict: IpqcVerdictSchema,
  /** The "performed" signature over the result; null while it awaits it. */
  signedBy: z.string().nullable(),
});
export type IpqcResultView = z.infer<typeof IpqcResultViewSchema>;

export const IpqcCheckViewSchema = z.object({
  checkId: z.string(),
  name: z.string(),
  unit: z.string(),
  source: z.enum(['typed', 'balance']),
  sampleSize: z.number().int(),
  decimals: z.number().int(),
  frequency: z.object({ every: z.enum(['minutes', 'units']), n: z.number().int() }),
  specification: z.object({ lower: z.string().nullable(), upper: z.string().nullable() }),
  control: z.object({ center: z.string(), lcl: z.string(), ucl: z.string() }).nullable(),
  /** done: the order is complete, nothing more falls due. */
  status: z.enum(['upcoming', 'due', 'overdue', 'done']),
  occurrence: z.number().int(),
  dueAt: z.string().nullable(),
  dueAtUnits: z.number().int().nullable(),
  overdueAt: z.string().nullable(),
  overdueAtUnits: z.number().int().nullable(),
  missed: z.number().int(),
  /** Balance readings taken for the occurrence now open (average of N). */
  readings: z.array(z.object({ seq: z.number().int(), mass: MassSchema, balanceId: z.string() })),
  results: z.array(IpqcResultViewSchema),
});
export type IpqcCheckView = z.infer<typeof IpqcCheckViewSchema>;

export const IpqcAlertViewSchema = z.object({
  alertId: z.string(),
  seq: z.number().int(),
  batchNumber: z.string(),
  kind: z.enum(IPQC_ALERT_KINDS),
  checkId: z.string(),
  checkName: z.string(),
  value: z.string(),
  unit: z.string(),
  message: z.string(),
  deviationId: z.string(),
  raisedAt: z.string(),
  raisedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  /** The hub has acknowledged the entries (the alert reached the hub). */
  atHub: z.boolean(),
});
export type IpqcAlertView = z.infer<typeof IpqcAlertViewSchema>;

export const IpqcBatchViewSchema = z.object({
  batchNumber: z.string(),
  running: z.boolean(),
  startedAt: z.string().nullable(),
  units: z.number().int(),
  checks: z.array(IpqcCheckViewSchema),
  now: z.string(),
});
export type IpqcBatchView = z.infer<typeof IpqcBatchViewSchema>;

export const RecordIpqcSchema = z
  .object({
    batchNumber: BatchNumber,
    checkId: Code,
    /** Typed checks: the N values; balance checks: omitted (the readings taken are used). */
    values: z.array(SignedDecimal).max(100).optional(),
    password,
    username: username.nullable().default(null),
    otp: OneTimeCode,
  })
  .strict();
export type RecordIpqc = z.infer<typeof RecordIpqcSchema>;

export const ipqcContract = {
  'ipqc.view': endpoint(READERS, z.object({ batchNumber: BatchNumber }).strict(), IpqcBatchViewSchema),
  'ipqc.countOutput': endpoint(OPERATING, z.object({ batchNumber: BatchNumber, units: z.number().int().nonnegative() }).strict(), IpqcBatchViewSchema),
  'ipqc.readBalance': endpoint(OPERATING, z.object({ batchNumber: BatchNumber, checkId: Code, balanceId: Code }).strict(), IpqcBatchViewSchema),
  'ipqc.record': endpoint(OPERATING, RecordIpqcSchema, z.object({ resultSeq: z.number().int(), verdict: IpqcVerdictSchema, alertId: z.string().nullable(), signed: z.boolean(), view: IpqcBatchViewSchema })),
  'ipqc.signResult': endpoint(OPERATING, z.object({ batchNumber: BatchNumber, resultSeq: z.number().int().positive(), password, username: username.nullable().default(null), otp: OneTimeCode }).strict(), IpqcBatchViewSchema),
  'ipqc.alerts': endpoint(READERS, z.object({ open: z.boolean().default(false) }).strict(), z.array(IpqcAlertViewSchema)),
  'ipqc.acknowledgeAlert': endpoint(['supervisor', 'qa'], z.object({ alertId: z.string().min(1).max(100), comment: z.string().trim().max(500).nullable().default(null) }).strict(), IpqcAlertViewSchema),
};
