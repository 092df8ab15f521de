/**
 * Entries of in-process control (IPQC, issue 12 item 2). All carry `batchRef` = the batch. A
 * result is a signed record (21 CFR 11.10(e), 11.50): value, unit, every reading with the device
 * it came from (DI-01, DI-04), who and when (the entry's actor and time), the limits it was
 * judged by and the verdict. An OOS or OOT result raises, in the same append, a station
 * deviation (`deviation.raised`, category ipc-out-of-limits, code IPQC_OOS / IPQC_OOT) and an
 * alert for the supervisor and QA, offline as online; the hub projects both after sync.
 */
import { z } from 'zod';
import { UtcTime } from '../ledger-entry.ts';
import { Code } from '../../master-data/common.ts';
import { SignedDecimal } from '../../recipe/recipe-step.ts';
import { ReadingSchema, TareCheckSchema } from './dispensing.ts';

export const IpqcVerdictSchema = z.object({
  oos: z.boolean(),
  /** Which specification limit was crossed. */
  oosSide: z.enum(['below', 'above']).nullable(),
  /** Run rules that fire at this result against the plan's control limits (empty: none, or no limits). */
  ootRules: z.array(z.object({ rule: z.string().min(1), name: z.string() })),
});
export type IpqcVerdict = z.infer<typeof IpqcVerdictSchema>;

export const IPQC_ALERT_KINDS = ['oos', 'oot'] as const;

export const ipqcEntryTypes = {
  /** The units produced so far, as read from the machine's counter (drives "every N units" checks). */
  'ipqc.output_counted': z.object({ units: z.number().int().nonnegative() }),
  /** One stable balance reading of an average-of-N sample (one tablet), durable before the next. */
  'ipqc.sample_read': z.object({
    checkId: Code,
    occurrence: z.number().int().positive(),
    index: z.number().int().positive(),
    balanceId: Code,
    reading: ReadingSchema,
    /**
     * FR-144 (absent before it): the tare the balance held as it answered with the reading (a
     * weighing boat tared on its keys), or `by` [] where its protocol cannot be asked.
     */
    tareCheck: TareCheckSchema.optional(),
  }),
  'ipqc.result_recorded': z.object({
    checkId: Code,
    checkName: z.string().min(1),
    /** Which due occurrence of the check this result answers (1-based), its due time or count, and whether it was late. */
    occurrence: z.number().int().positive(),
    dueAt: UtcTime.nullable(),
    dueAtUnits: z.number().int().nonnegative().nullable(),
    overdue: z.boolean(),
    value: SignedDecimal,
    unit: z.string().min(1).max(20),
    sampleSize: z.number().int().positive(),
    source: z.enum(['typed', 'balance']),
    /** Typed: the N values as typed. */
    values: z.array(SignedDecimal).max(100),
    /** Balance: the N stable readings, each with its raw line and device. */
    readings: z.array(ReadingSchema).max(100),
    balanceId: Code.nullable(),
    specification: z.object({ lower: SignedDecimal.nullable(), upper: SignedDecimal.nullable() }),
    control: z.object({ center: SignedDecimal, lcl: SignedDecimal, ucl: SignedDecimal }).nullable(),
    verdict: IpqcVerdictSchema,
  }),
  /** An OOS or OOT result, for the supervisor and QA; raised with the result, acknowledged by name. */
  'ipqc.alert_raised': z.object({
    alertId: z.string().min(1),
    kind: z.enum(IPQC_ALERT_KINDS),
    checkId: Code,
    checkName: z.string().min(1),
    resultSeq: z.number().int().positive(),
    deviationId: z.string().min(1),
    value: SignedDecimal,
    unit: z.string().min(1).max(20),
    message: z.string().min(1).max(2000),
    notify: z.array(z.enum(['supervisor', 'qa'])).min(1),
  }),
  /** `alarmId`: the alarm the alert raised, acknowledged by the same action (issue 13 gap 3). */
  'ipqc.alert_acknowledged': z.object({ alertId: z.string().min(1), alertSeq: z.number().int().positive(), comment: z.string().trim().max(500).nullable(), alarmId: z.string().min(1).max(200).optional() }),
};

export type IpqcPayload<T extends keyof typeof ipqcEntryTypes> = z.infer<(typeof ipqcEntryTypes)[T]>;
