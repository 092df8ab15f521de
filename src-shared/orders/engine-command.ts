/**
 * What an operator (or a supervisor at the same station) can ask the dispensing engine to do,
 * as one zod union: the UI, the headless runner, the CLI and the property tests speak exactly
 * this, and the engine parses it before anything else (ARCHITECTURE.md: every input parsed).
 * Passwords pass through to the signature service and are never recorded.
 */
import { z } from 'zod';
import { Code, IsoDate, MassSchema } from '../master-data/common.ts';
import { RETURN_DECISIONS } from '../reconciliation/return-finding.ts';
import { SignedDecimal } from '../recipe/recipe-step.ts';
import { FormFieldName, FormScalar } from '../recipe/form-schema.ts';
import { SignatureMeaning } from '../signature-meaning.ts';
import { DISPENSARY_COMMANDS } from './dispensary-commands.ts';

/** `reconciliation` and `yield-out-of-limits` are raised by the engine's reconciliation itself (issue 17 item 6); `environment-excursion` is a supervisor's override of an action excursion (issue 13). */
export const DEVIATION_CATEGORIES = ['out-of-tolerance', 'ipc-out-of-limits', 'timer-exceeded', 'master-data-stale', 'other', 'reconciliation', 'yield-out-of-limits', 'environment-excursion'] as const;
export const DeviationCategory = z.enum(DEVIATION_CATEGORIES);
export type DeviationCategory = z.infer<typeof DeviationCategory>;

const stepId = Code;
const password = z.string().min(1).max(200);
const username = z.string().trim().min(1).max(64);

export const ContainerScanSchema = z.object({
  /** The container's own id (internal label or GS1 AI 21 serial). */
  containerId: z.string().trim().min(1).max(64),
  /** GS1 AI 01 and AI 10 when the label carries them: cross-checked against master data. */
  gtin: z.string().regex(/^\d{14}$/).nullable().default(null),
  lotNumber: z.string().trim().min(1).max(64).nullable().default(null),
  /** The scanned text as received, kept in the record. */
  raw: z.string().max(500).nullable().default(null),
  /**
   * Dates the label carries (GS1 AI 17 expiry, AI 15 best before, AI 11 production; a plant
   * label's retest date), day "00" already resolved to the month's last day. Each is checked
   * with the lot's master data, the stricter winning (issue 18 item 1).
   */
  expiryDate: IsoDate.optional(),
  bestBeforeDate: IsoDate.optional(),
  retestDate: IsoDate.optional(),
  productionDate: IsoDate.optional(),
});
export type ContainerScan = z.infer<typeof ContainerScanSchema>;

/** Weigh-step phases in which the engine takes a (re-)scan of the source container. */
export const SCAN_PHASES = ['need-container', 'need-balance', 'need-tare', 'out-of-tolerance'] as const;

/** D25-03: the signer's one-time code from their authenticator, when signing.mfa is on. */
const OneTimeCode = z.string().trim().regex(/^\d{6}$/, 'a 6-digit code').optional();

/** The piece of equipment of the class a process step names (`equipmentClass`), picked or scanned (issue 13 item 2). */
const StepEquipmentIds = z.array(Code).max(1).optional();

export const EngineCommandSchema = z.discriminatedUnion('type', [
  /**
   * `shareBooth`: campaign work (issue 17) — other orders may stand open in the booth at the same
   * time, weighed material by material; the booth's changeovers are then recorded per campaign.
   */
  z.object({ type: z.literal('start-order'), boothId: Code, shareBooth: z.boolean().default(false) }),
  z.object({ type: z.literal('complete-order') }),
  z.object({ type: z.literal('acknowledge'), stepId, equipment: StepEquipmentIds }),
  z.object({
    type: z.literal('checklist'),
    stepId,
    answers: z.array(z.object({ itemId: Code, confirmed: z.boolean(), comment: z.string().max(500).nullable().default(null) })).max(50),
    /** An equipment-check step's process equipment, scanned or chosen: one id per class it names (issue 13 item 2). */
    equipment: z.array(Code).max(10).optional(),
  }),
  z.object({ type: z.literal('enter-parameter'), stepId, value: SignedDecimal, equipment: StepEquipmentIds }),
  z.object({ type: z.literal('record-ipc'), stepId, value: SignedDecimal, equipment: StepEquipmentIds }),
  /**
   * A form step's values (issue 14 item 2): field name → value; null or absent leaves a field
   * empty. The station checks them against the form's schema, computes its calculations and
   * records them in one entry; calculated fields are never sent.
   */
  z.object({
    type: z.literal('submit-form'),
    stepId,
    values: z.record(FormFieldName, FormScalar.nullable()).refine((v) => Object.keys(v).length <= 100, 'at most 100 values'),
  }),
  /**
   * A correction of one recorded form value (FR-116): the new value and why, signed "corrected"
   * by the person correcting (the session's user; `username` only names them again). The
   * original entry stays; the calculations that depend on the field are recomputed. `replaces`
   * (FR-125): the entry whose value the person saw and corrects (the recording, or the correction
   * in force); when another entry's value is in force by then, the correction is refused (CONFLICT)
   * rather than written against a value they never saw. Null: whatever is in force now.
   */
  z.object({
    type: z.literal('correct-form-value'),
    stepId,
    field: FormFieldName,
    value: FormScalar,
    replaces: z.number().int().positive().nullable().default(null),
    reason: z.string().trim().min(10).max(2000),
    password,
    username: username.nullable().default(null),
    otp: OneTimeCode,
  }),
  z.object({ type: z.literal('start-timer'), stepId, equipment: StepEquipmentIds }),
  z.object({ type: z.literal('stop-timer'), stepId }),
  z.object({ type: z.literal('print-label'), stepId }),
  z.object({
    type: z.literal('scan-container'),
    stepId,
    scan: ContainerScanSchema,
    /**
     * The operator knowingly uses a container that cannot supply the whole rest (split). Only
     * ever the operator's explicit answer to CONTAINER_SHORT, never a UI default (issue 18 item 11).
     */
    acceptPartial: z.boolean().default(false),
    /**
     * The label could not be scanned and the container id was typed (DI-16): the reason, and
     * the supervisor who verifies it with their own user name and password (co-signature).
     */
    manualEntry: z.object({ reason: z.string().trim().min(10).max(500), username, password }).optional(),
    /**
     * The operator takes another container than the suggested one (first expiry, then first in;
     * issue 17 item 2): why. Recorded with the scan and flagged in review by exception.
     */
    choiceReason: z.string().trim().min(10).max(500).optional(),
  }),
  /**
   * A weighing took more than the container's recorded stock: a supervisor accepts it (it
   * counts, the container is recorded empty) or rejects it (it does not count), with a reason,
   * signing the decision "approved" with their own user name and password.
   */
  z.object({
    type: z.literal('resolve-stock-discrepancy'),
    stepId,
    decision: z.enum(['accepted', 'rejected']),
    reason: z.string().trim().min(10).max(2000),
    username,
    password,
    otp: OneTimeCode,
  }),
  /**
   * `partial`: this balance will weigh only part of the portion (it is too small for all of
   * it); its capacity is then enforced by the readings, not against the whole target.
   */
  z.object({ type: z.literal('select-balance'), stepId, balanceId: Code, partial: z.boolean().default(false) }),
  z.object({ type: z.literal('tare'), stepId }),
  /** Reads the stable weight; `partial` declares a split portion (more containers/balances follow). */
  z.object({ type: z.literal('capture'), stepId, partial: z.boolean().default(false) }),
  z.object({
    type: z.literal('raise-deviation'),
    category: DeviationCategory,
    stepId: stepId.nullable().default(null),
    targetSeq: z.number().int().positive().nullable().default(null),
    reason: z.string().trim().max(2000),
  }),
  /**
   * Signs a record of this order that awaits the meaning. Without targetSeq the engine picks
   * the current step's (or an open deviation's) record that awaits it. A second person signs
   * with their own user name and password (co-signature).
   */
  z.object({ type: z.literal('sign'), meaning: SignatureMeaning, password, username: username.nullable().default(null), targetSeq: z.number().int().positive().nullable().default(null), otp: OneTimeCode }),
  /**
   * Kit and charge (issue 17 item 4): a dispensed container's label scanned into the kit; the
   * kit staged at a location (scanned or chosen); handed over with the giver's signature; each
   * container scanned again at the point of use and charged with a signature; the charge step
   * completed once every container of its lines is charged.
   */
  z.object({ type: z.literal('kit-scan'), stepId, scan: ContainerScanSchema }),
  z.object({ type: z.literal('stage-kit'), stepId, location: Code }),
  z.object({ type: z.literal('hand-over-kit'), stepId, password, username: username.nullable().default(null), otp: OneTimeCode }),
  z.object({ type: z.literal('charge-container'), stepId, scan: ContainerScanSchema, password, username: username.nullable().default(null), otp: OneTimeCode }),
  z.object({ type: z.literal('complete-charge'), stepId, equipment: StepEquipmentIds }),
  /** A signature step: records its statement and signs it in one action. */
  z.object({ type: z.literal('sign-step'), stepId, password, username: username.nullable().default(null), otp: OneTimeCode }),
  /**
   * Leftover material of a source container goes back to stock WEIGHED, not typed (issue 17
   * item 5): a stable reading of a qualified balance, minus the container's empty weight. There is
   * no field for a weight (strict: a typed `remaining` is refused as invalid input); the one
   * exception is the manual-entry rule, a reason and a supervisor's co-signature ("verified").
   * `declareEmpty`: the container is used up; it is still weighed, and what is found is a residue.
   */
  z
    .object({
      type: z.literal('weigh-return'),
      containerId: z.string().trim().min(1).max(64),
      balanceId: Code.nullable().default(null),
      declareEmpty: z.boolean().default(false),
      manualEntry: z.object({ reason: z.string().trim().min(10).max(500), username, password, remaining: MassSchema }).strict().optional(),
    })
    .strict(),
  /** A return's difference beyond the limit: a supervisor decides, signing "approved". */
  z
    .object({
      type: z.literal('resolve-return-discrepancy'),
      containerId: z.string().trim().min(1).max(64),
      decision: z.enum(RETURN_DECISIONS),
      reason: z.string().trim().min(10).max(2000),
      username,
      password,
      otp: OneTimeCode,
    })
    .strict(),
  /** The returned container's new label (RETURN, remaining net, lot, expiry); the old one is voided. */
  z.object({ type: z.literal('print-return-label'), containerId: z.string().trim().min(1).max(64) }).strict(),
  /** Spilt material swept up and weighed (net, on a tared balance), with a reason: wasted. */
  z.object({ type: z.literal('record-spillage'), containerId: z.string().trim().min(1).max(64), balanceId: Code, reason: z.string().trim().min(10).max(500) }).strict(),
  /** Per order (issued = dispensed + returned + wasted) and per batch (yield): recorded once, after every step. */
  z.object({ type: z.literal('reconcile-order') }).strict(),
  ...DISPENSARY_COMMANDS,
]);
export type EngineCommand = z.infer<typeof EngineCommandSchema>;
export type EngineCommandInput = z.input<typeof EngineCommandSchema>;
export type EngineCommandType = EngineCommand['type'];
export const ENGINE_COMMAND_TYPES: readonly EngineCommandType[] = EngineCommandSchema.options.map((o) => o.shape.type.value);
