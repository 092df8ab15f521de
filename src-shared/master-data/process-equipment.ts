/**
 * Process equipment (issue 13 item 2): mixers, granulators, tablet presses, rooms, instruments —
 * anything a recipe step names by its class. Master data from the hub, kept current by the
 * equipment logbook there (a cleaning, maintenance, calibration or qualification entry writes a
 * new version of the object), and served down to stations like the other kinds.
 *
 * What the station's gate reads (src-core/equipment/equipment-fitness.ts):
 * - qualification: IQ, OQ and PQ each completed (date, document), requalification not past due
 *   (EU GMP Annex 15 §3–§4; §4.1 periodic requalification);
 * - calibration and preventive maintenance plans: next due date (calibration may be "not
 *   required", EU GMP Ch. 3.41);
 * - cleaning: clean or dirty, the level of the last cleaning, the product last made, when the
 *   last use ended and when it was cleaned, and the validated hold times (dirty hold: longest
 *   time from end of use to cleaning; clean hold: longest time from cleaning to next use; EU GMP
 *   Annex 15 §10.11–§10.12);
 * - product changeover rules: which cleaning a change to the same / another product needs
 *   (same product within a campaign may go on without cleaning: `none`).
 */
import { z } from 'zod';
import { Code, UtcTimeString } from './common.ts';

export const EQUIPMENT_CLASSES = ['mixer', 'granulator', 'dryer', 'mill', 'blender', 'tablet-press', 'coater', 'capsule-filler', 'vessel', 'room', 'instrument', 'other'] as const;
export const EquipmentClass = z.enum(EQUIPMENT_CLASSES);
export type EquipmentClass = z.infer<typeof EquipmentClass>;

export const CLEANING_LEVELS = ['minor', 'major'] as const;
export const CleaningLevel = z.enum(CLEANING_LEVELS);
export type CleaningLevel = z.infer<typeof CleaningLevel>;

/** One qualification stage, done on a date under a document (protocol/report reference). */
const Stage = z.object({ completedAt: UtcTimeString, document: z.string().trim().min(1).max(100) }).nullable().default(null);

/** A periodic plan (calibration, preventive maintenance); `required: false` = not needed for this equipment. */
const PeriodicPlan = z
  .object({
    required: z.boolean().default(true),
    intervalDays: z.number().int().positive().max(3660).nullable().default(null),
    lastAt: UtcTimeString.nullable().default(null),
    nextDueAt: UtcTimeString.nullable().default(null),
  })
  .refine((p) => !p.required || p.nextDueAt !== null, 'a required plan has a next due date');

const Hours = z.number().positive().max(24 * 366);

export const EquipmentSchema = z.object({
  equipmentId: Code,
  name: z.string().trim().min(1).max(100),
  class: EquipmentClass,
  /** Room or line where it stands. */
  location: z.string().trim().min(1).max(100),
  /** False after a breakdown until a repair entry returns it to service. */
  inService: z.boolean().default(true),
  /** When the last breakdown or repair was recorded (null: never): orders station entries against the hub's. */
  serviceChangedAt: UtcTimeString.nullable().default(null),
  qualification: z.object({ iq: Stage, oq: Stage, pq: Stage, requalificationDueAt: UtcTimeString.nullable().default(null) }),
  calibration: PeriodicPlan,
  maintenance: PeriodicPlan,
  cleaning: z.object({
    status: z.enum(['clean', 'dirty']),
    level: CleaningLevel.nullable().default(null),
    /** The product last made on it (null: new, or never used since a major clean). */
    lastProduct: Code.nullable().default(null),
    /** When the last use ended: the dirty hold time runs from here. */
    usedUntil: UtcTimeString.nullable().default(null),
    cleanedAt: UtcTimeString.nullable().default(null),
    cleanHoldHours: Hours,
    dirtyHoldHours: Hours,
  }),
  changeover: z
    .object({
      sameProduct: z.enum(['none', 'minor', 'major']).default('minor'),
      otherProduct: CleaningLevel.default('major'),
    })
    .default({ sameProduct: 'minor', otherProduct: 'major' }),
});
export type Equipment = z.infer<typeof EquipmentSchema>;
export type EquipmentInput = z.input<typeof EquipmentSchema>;
