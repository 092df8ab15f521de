/**
 * The step types a master batch record can use (issue 4, item 2). A step is data: the engine
 * interprets it (src-main/core/engine), a later no-code designer edits it. Adding a type means
 * a schema here and a case in the engine's step handlers; the compiler finds every switch.
 */
import { z } from 'zod';
import { Code } from '../master-data/common.ts';
import { EquipmentClass } from '../master-data/process-equipment.ts';
import { FormDefinitionSchema } from './form-definition.ts';

export const SignedDecimal = z.string().regex(/^-?\d{1,12}(\.\d{1,12})?$/, 'a decimal such as "-2.5"');

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Which electronic signatures complete the step: `performed` by the person who did it,
 * `verified` by a second, different person (supervisor/QA) at the time (EU GMP Annex 11 §14,
 * "four-eyes" for critical steps).
 */
export const StepSignatures = z.object({ performed: z.boolean(), verified: z.boolean() });
export type StepSignatures = z.infer<typeof StepSignatures>;

const base = {
  stepId: Code,
  name: text(200),
  /** What the operator is told to do, shown on the step screen. */
  instruction: text(2000),
  signatures: StepSignatures.default({ performed: false, verified: false }),
};

const ChecklistItem = z.object({ itemId: Code, text: text(500) });

/**
 * The class of process equipment a step is done on (issue 13 item 2): a mixer for a parameter, a
 * dryer for a timer, a vessel for a charge. The operator picks or scans one piece of that class
 * at the step's recording command; the engine gates it (equipment-fitness.ts) and records its use.
 * Optional, so recipes written before it parse unchanged.
 */
const stepEquipment = { equipmentClass: EquipmentClass.optional() };

export const InstructionStep = z.object({ ...base, type: z.literal('instruction'), ...stepEquipment });
export const LineClearanceStep = z.object({ ...base, type: z.literal('line-clearance'), checklist: z.array(ChecklistItem).min(1).max(50) });
export const EquipmentCheckStep = z.object({
  ...base,
  type: z.literal('equipment-check'),
  checklist: z.array(ChecklistItem).max(50).default([]),
  /** Balances whose qualification (calibration, periodic check) the engine checks now. */
  balanceIds: z.array(Code).max(10).default([]),
  /**
   * Process equipment the step needs, by class (issue 13 item 2): the operator scans or chooses
   * one piece per class; the engine refuses one that is unfit now for this product and records
   * each use (`equipment.used`). Optional, so recipes written before it parse unchanged.
   */
  equipmentClasses: z.array(EquipmentClass).max(10).optional(),
});
export const ScanMaterialStep = z.object({ ...base, type: z.literal('scan-material'), lineId: Code });
export const WeighStep = z.object({
  ...base,
  type: z.literal('weigh'),
  lineId: Code,
  /**
   * net: tare the receiving vessel, read the net; gross: weigh the empty vessel, then vessel
   * plus material; subtraction: weigh the source container before and after taking material
   * (loss in weight); count: tare, then count pieces by the material's reference piece weight
   * (issue 17: tablets, capsules; the count is held to its window, dispensing-modes.ts);
   * volume: a liquid read on a volumetric device of the booth (record-volume), or weighed on a
   * tared balance with the volume shown, the lot's density linking the two (issue 17 item 3).
   */
  method: z.enum(['net', 'gross', 'subtraction', 'count', 'volume']),
});
export const ParameterStep = z.object({
  ...base,
  type: z.literal('parameter'),
  ...stepEquipment,
  parameter: z.object({ name: text(100), unit: z.string().trim().max(20), min: SignedDecimal.nullable(), max: SignedDecimal.nullable(), decimals: z.number().int().min(0).max(6) }),
});
export const IpcStep = z.object({
  ...base,
  type: z.literal('ipc'),
  ...stepEquipment,
  /** An in-process check: a result outside the limits is recorded and needs a deviation. */
  check: z.object({ name: text(100), unit: z.string().trim().max(20), lower: SignedDecimal, upper: SignedDecimal, decimals: z.number().int().min(0).max(6) }),
});
export const TimerStep = z.object({
  ...base,
  type: z.literal('timer'),
  ...stepEquipment,
  durationSeconds: z.number().int().positive().max(7 * 24 * 3600),
  /** Past this the step still completes but needs a deviation (hold time exceeded). */
  maxSeconds: z.number().int().positive().max(7 * 24 * 3600).nullable().default(null),
});
export const LabelStep = z.object({
  ...base,
  type: z.literal('label'),
  labelKind: z.enum(['dispensed-material', 'batch-status', 'room-status']),
  /** For dispensed-material labels: which material line's portions get a label. */
  lineId: Code.nullable().default(null),
});
export const SignatureStep = z.object({
  ...base,
  type: z.literal('signature'),
  meaning: z.enum(['performed', 'verified', 'approved', 'witnessed']),
  statement: text(500),
});

/**
 * Kit assembly (issue 17 item 4): the dispensed containers of the order (`forStepId` null) or
 * of one charge step's lines are each scanned, the kit is staged to a location and handed over
 * with the giver's "performed" signature; with `receiverSigns` the receiver co-signs
 * ("witnessed") before the step completes.
 */
export const KitStep = z.object({
  ...base,
  type: z.literal('kit'),
  forStepId: Code.nullable().default(null),
  receiverSigns: z.boolean().default(true),
});
/**
 * Charge at the point of use ("verification at charge"): every dispensed container of these
 * lines is scanned again and charged with a signature; the step completes only when all are.
 */
export const ChargeStep = z.object({ ...base, type: z.literal('charge'), lineIds: z.array(Code).min(1).max(50), ...stepEquipment });

/**
 * A step form (issue 14 item 2): JSON Schema + UI schema, calculations, field roles,
 * conditional fields and the signatures that complete it (form-schema.ts). The station checks
 * the values, computes the calculations and records them in one `step.recorded` entry
 * (decide-form.ts); a definition that cannot be filled is refused here, with its reasons.
 */
export const FormStep = z.object({ ...base, type: z.literal('form'), form: FormDefinitionSchema });

export const RecipeStepSchema = z.discriminatedUnion('type', [
  InstructionStep,
  LineClearanceStep,
  EquipmentCheckStep,
  ScanMaterialStep,
  WeighStep,
  ParameterStep,
  IpcStep,
  TimerStep,
  LabelStep,
  SignatureStep,
  KitStep,
  ChargeStep,
  FormStep,
]);
export type RecipeStep = z.infer<typeof RecipeStepSchema>;
export type StepType = RecipeStep['type'];
export const STEP_TYPES: readonly StepType[] = RecipeStepSchema.options.map((o) => o.shape.type.value);
