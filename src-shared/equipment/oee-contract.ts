/**
 * Equipment signals and OEE (issue 13 items 3 and 4; docs/equipment-signals.md): the value an
 * equipment's state variable carries, the hub's shift calendar (hub configuration, not master
 * data: it says when each line is planned to produce and how fast each machine ideally runs),
 * and the OEE report the hub answers per line and shift.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../result.ts';
import { MassSchema, PositiveMassSchema } from '../master-data/common.ts';

export const EquipmentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (max 64)');
const ReasonCode = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export type SignalRefusal = 'bad-status' | 'invalid-field';

/**
 * An equipment state variable's value: `running`, `idle`, `down` or `down:<reason code>`
 * (a String variable). Anything else is EQUIPMENT_SIGNAL_INVALID.
 */
export function parseStateValue(value: unknown): Result<{ state: 'running' | 'idle' | 'down'; reason: string | null }> {
  if (typeof value !== 'string') return err('EQUIPMENT_SIGNAL_INVALID', `state ${String(value)} is not a string`, { reason: 'invalid-field', field: 'state' });
  const v = value.trim();
  if (v === 'running' || v === 'idle' || v === 'down') return ok({ state: v, reason: null });
  const m = /^down:(.+)$/.exec(v);
  if (m && ReasonCode.test(m[1]!)) return ok({ state: 'down', reason: m[1]! });
  return err('EQUIPMENT_SIGNAL_INVALID', `state ${JSON.stringify(value).slice(0, 60)} is not running, idle, down or down:<reason>`, { reason: 'invalid-field', field: 'state' });
}

/** A cumulative counter's value: a whole number ≥ 0. */
export function parseCounterValue(value: unknown): Result<number> {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return ok(value);
  return err('EQUIPMENT_SIGNAL_INVALID', `counter ${String(value)} is not a whole number ≥ 0`, { reason: 'invalid-field', field: 'counter' });
}

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const Decimal = z.string().regex(/^\d{1,9}(\.\d{1,6})?$/, 'a positive decimal such as 6000 or 7.5');

export const ShiftSchema = z.object({
  /** Short name used in the API (`early`, `late`, `night`). */
  shiftId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  /** Local wall-clock times at the plant; an end at or before the start is on the next day. */
  start: HourMinute,
  end: HourMinute,
  /** Planned breaks inside the shift (not planned production time). */
  breaks: z.array(z.object({ start: HourMinute, end: HourMinute })).max(10).default([]),
});

export const OeeCalendarSchema = z.object({
  /** The plant's offset from UTC in minutes (480 for China Standard Time); shifts are local. */
  utcOffsetMinutes: z.number().int().min(-840).max(840),
  shifts: z.array(ShiftSchema).min(1).max(10),
  lines: z
    .array(
      z.object({
        line: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
        equipment: z
          .array(
            z.object({
              equipmentId: EquipmentId,
              idealRatePerHour: Decimal,
              /** What its count variable counts: every unit (total) or good units (its rejects add to the total). */
              counter: z.enum(['total', 'good']).default('total'),
            }),
          )
          .min(1)
          .max(50),
        /**
         * The mass of one unit the line makes (a tablet, a filled vial): converts what the batch
         * records carry (batch size, yield actual, both masses) into the units the ideal rates
         * count. Without it the OEE from the batch records is not computed (said so, not guessed).
         */
        unitMass: PositiveMassSchema.optional(),
      }),
    )
    .max(100),
});
export type OeeCalendar = z.infer<typeof OeeCalendarSchema>;

export const OeeLossesSchema = z.object({
  downtimeMs: z.record(z.string(), z.number()),
  idleMs: z.number(),
  noSignalMs: z.number(),
  speedLossMs: z.number(),
  rejectLossMs: z.number(),
});

export const OeeFiguresSchema = z.object({
  plannedMs: z.number(),
  runMs: z.number(),
  totalCount: z.number().int(),
  goodCount: z.number().int(),
  rejectCount: z.number().int(),
  availability: z.number(),
  performance: z.number().nullable(),
  quality: z.number().nullable(),
  oee: z.number(),
  fullyProductiveMs: z.number(),
  losses: OeeLossesSchema,
});

const CountsSchema = z.object({ total: z.number().int(), good: z.number().int(), rejects: z.number().int() });

/** One batch that used the line's equipment in the shift, and what its record says it produced. */
export const OeeBatchSchema = z.object({
  batchNumber: z.string(),
  stationId: z.string(),
  product: z.string(),
  batchSize: MassSchema.nullable(),
  yieldActual: MassSchema.nullable(),
  plannedUnits: z.number().int().nullable(),
  /** null: the record has no yield yet (the batch is counted as unknown, not as zero). */
  producedUnits: z.number().int().nullable(),
});

/**
 * The OEE of the shift from the batch records (src-core/equipment/oee-batch.ts): availability
 * from the signals, performance and quality from the batches' produced units. The batch records
 * carry no reject count (rejectsRecorded false): the batch view counts every produced unit good.
 */
export const BatchOeeViewSchema = z.object({
  /** null when computed; NO_UNIT_MASS (the calendar names no unit mass for the line), NO_BATCHES, or the typed error code. */
  reason: z.string().nullable(),
  unitMass: MassSchema.nullable(),
  batches: z.array(OeeBatchSchema),
  /** Batches without a recorded yield: not counted (unknown, not zero). */
  unknown: z.array(z.string()),
  rejectsRecorded: z.boolean(),
  figures: z
    .object({
      availability: z.number(),
      performance: z.number().nullable(),
      quality: z.number().nullable(),
      oee: z.number(),
      attainment: z.number().nullable(),
      batch: CountsSchema.extend({ planned: z.number().int() }),
      signal: CountsSchema,
      /** Batch − signal: for a person to explain. */
      difference: CountsSchema,
      fullyProductiveMs: z.number(),
      losses: z.object({
        availability: z.object({ breakdown: z.number(), changeover: z.number(), cleaning: z.number(), maintenance: z.number(), downtimeMs: z.record(z.string(), z.number()), idleMs: z.number(), noSignalMs: z.number() }),
        speedLossMs: z.number(),
        rejectLossMs: z.number(),
      }),
    })
    .nullable(),
});
export type BatchOeeView = z.infer<typeof BatchOeeViewSchema>;

export const OeeLineReportSchema = z.object({
  line: z.string(),
  shiftId: z.string(),
  /** The local date the shift starts on. */
  date: z.string(),
  from: z.string(),
  /** The shift's end, or now while it runs. */
  to: z.string(),
  inProgress: z.boolean(),
  /** The line's figures; null when they cannot be computed (see error). */
  figures: OeeFiguresSchema.nullable(),
  equipment: z.array(OeeFiguresSchema.extend({ equipmentId: z.string() })),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The same shift from the batch records (FR-85), beside the signals' figures above. */
  fromBatches: BatchOeeViewSchema.optional(),
});
export type OeeLineReport = z.infer<typeof OeeLineReportSchema>;

export const StateLogbookEntrySchema = z.object({
  equipmentId: z.string(),
  at: z.string(),
  kind: z.enum(['state', 'counter-reset', 'counter-rollover']),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  source: z.string(),
  recordedAt: z.string(),
});
export type StateLogbookEntry = z.infer<typeof StateLogbookEntrySchema>;
