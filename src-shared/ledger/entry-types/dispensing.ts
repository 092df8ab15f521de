/**
 * Entries of guided weigh & dispense (issue 4). Every transition of an order is one of these
 * (21 CFR 11.10(e),(f)); the engine's state is a fold over them (src-main/core/engine), so
 * after a crash the order resumes exactly where its last durable entry left it. All carry
 * `batchRef` = the batch number. Masses are exact decimals with units, readings keep the
 * balance's raw line (DI-04), and decisions record the master data they relied on.
 */
import { z } from 'zod';
import { Sha256Hex, UtcTime } from '../ledger-entry.ts';
import { Code, DecimalString, IsoDate, MassSchema } from '../../master-data/common.ts';
import { QcStatus } from '../../master-data/lot.ts';
import { DispensingOrderSchema } from '../../orders/dispensing-order.ts';
import { ExecutionPlanSchema } from '../../orders/execution-plan.ts';
import { DEVIATION_CATEGORIES } from '../../orders/engine-command.ts';
import { PotencyAdjustmentSchema } from '../../recipe/potency-adjustment.ts';
import { SYSTEM_REASON_KEYS } from '../../record/system-reasons.ts';
import { TemplateRefSchema } from '../../reports/report-template.ts';
import { PrintConfirmationSchema } from './labels.ts';

const stepRef = { stepId: Code, stepIndex: z.number().int().nonnegative() };
/**
 * The device a reading came from (11.10(h), DI-01): as the balance identified itself (model,
 * serial, firmware where the protocol gives them) and the port it was read on. `simulated` is
 * true only for the built-in simulator, which exists on training stations alone.
 */
export const ReadingDeviceSchema = z.object({
  model: z.string().max(80).nullable(),
  serialNumber: z.string().max(80).nullable(),
  firmware: z.string().max(80).nullable(),
  port: z.string().max(200),
  simulated: z.boolean(),
});
export const ReadingSchema = z.object({ mass: MassSchema, stable: z.boolean(), raw: z.string().max(256), device: ReadingDeviceSchema.optional() });
/**
 * FR-142/FR-144: how the balance's tare was checked with a reading: `tare-query` (asked: MT-SICS
 * `TA`, A&D `?PT`; `balanceTare` is its answer), `stream` (its readings watched for key presses);
 * empty where its protocol can tell neither, said so in the record rather than implied.
 */
export const TareCheckSchema = z.object({
  by: z.array(z.enum(['tare-query', 'stream'])),
  balanceTare: ReadingSchema.nullable(),
  /**
   * FR-144 (absent: none): jumps to a settled zero the stream showed too slowly to tell a key
   * press from a load lifted off (a slow printer), not counted as key presses; said in the record.
   */
  unsure: z.number().int().positive().optional(),
});
export const WindowSchema = z.object({ target: MassSchema, lower: MassSchema, upper: MassSchema });
/** A window rounded to a balance's readability, limits inward (recipe/window-at-readability.ts). */
export const WindowAtReadabilitySchema = WindowSchema.extend({ readability: MassSchema });

export const dispensingEntryTypes = {
  'order.imported': z.object({
    order: DispensingOrderSchema,
    source: z.object({ kind: z.enum(['json', 'b2mml', 'api', 'demo']), fileName: z.string().max(500).nullable(), fileHash: Sha256Hex.nullable() }),
  }),
  /** Pre-checks passed; the scaled recipe is frozen into the record. */
  'order.started': z.object({
    boothId: Code,
    /** Started for campaign work: other orders may be open in the booth at once (issue 17). */
    sharedBooth: z.literal(true).optional(),
    plan: ExecutionPlanSchema,
    prechecks: z.object({
      masterDataServedAt: UtcTime.nullable(),
      masterDataAgeMinutes: z.number().int().nullable(),
      maxAgeMinutes: z.number().int().positive(),
      staleOverrideSeq: z.number().int().positive().nullable(),
      booth: z.object({ version: z.number().int().positive(), cleanedAt: z.string().nullable(), cleanValidUntil: z.string().nullable(), lineClearance: z.string() }),
      training: z.object({ username: z.string(), validUntil: IsoDate }),
    }),
  }),
  'order.completed': z.object({ steps: z.number().int().nonnegative(), portions: z.number().int().nonnegative(), deviations: z.number().int().nonnegative() }),
  /** A refused command: the attempt is part of the record (auditor: "attempt logged"). */
  'engine.command_refused': z.object({
    command: z.string().min(1),
    stepId: z.string().nullable(),
    code: z.string().min(1),
    message: z.string(),
    /** A signing command: the user name typed; the entry's actor is that account when it exists. */
    attemptedUsername: z.string().min(1).optional(),
    /** Set when the actor is not the session's user (a co-signer's attempt at the operator's station). */
    sessionUserId: z.string().min(1).optional(),
  }),
  /** The result of a non-weighing step (acknowledgement, checklist, value, label, statement). */
  'step.recorded': z.object({
    ...stepRef,
    stepType: z.string().min(1),
    result: z.record(z.string(), z.unknown()),
    /** IPC and timer limits: false needs a deviation before the step can complete. */
    withinLimits: z.boolean().nullable(),
  }),
  /**
   * One person's part of a form filled by more than one person (FR-105): the values this part
   * adds, the calculations whose inputs it completed, and the required fields still open. The
   * first part has `recordSeq` null and is the form's record, which its signatures sign; later
   * parts name it. A form recorded by one person at once is a `step.recorded` entry.
   */
  'form.part_recorded': z.object({
    ...stepRef,
    stepType: z.literal('form'),
    recordSeq: z.number().int().positive().nullable(),
    values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    calculated: z.record(z.string(), z.string()),
    open: z.array(z.string()),
  }),
  /**
   * A correction of one recorded form value (FR-116; ALCOA+: the original entry stays as it was).
   * `targetSeq` is the entry that recorded the field (`step.recorded` or a `form.part_recorded`),
   * `recordSeq` the form's record; `supersedes` an earlier correction of the same field (null: none
   * had taken effect); `replacesSeq` (FR-125, absent in entries written before it) the entry whose
   * value it replaces — the recording, or the correction in force — which it must still be when
   * the correction is signed (src-core/order/form-correction.ts). The
   * calculations that depend on the field are recomputed and recorded here (`calculated`, each
   * with the value it replaces). Effective once its recorder signs it "corrected" (a failed
   * signature leaves it without effect). `afterVerification`: the form had been verified or the
   * step closed, so only a supervisor could make it.
   */
  'form.value_corrected': z.object({
    ...stepRef,
    stepType: z.literal('form'),
    recordSeq: z.number().int().positive(),
    targetSeq: z.number().int().positive(),
    supersedes: z.number().int().positive().nullable(),
    replacesSeq: z.number().int().positive().optional(),
    field: z.string().min(1),
    oldValue: z.union([z.string(), z.number(), z.boolean()]),
    newValue: z.union([z.string(), z.number(), z.boolean()]),
    calculated: z.array(z.object({ field: z.string().min(1), oldValue: z.string().nullable(), newValue: z.string() })),
    reason: z.string().trim().min(10).max(2000),
    afterVerification: z.boolean(),
  }),
  'timer.started': z.object({ ...stepRef, durationSeconds: z.number().int().positive(), endsAt: UtcTime }),
  /** Identity and status checks of a source container passed (material, lot, dates, stock). */
  'dispense.container_scanned': z.object({
    ...stepRef,
    lineId: Code,
    portion: z.number().int().positive(),
    scan: z.object({
      containerId: z.string(),
      gtin: z.string().nullable(),
      lotNumber: z.string().nullable(),
      raw: z.string().nullable(),
      /** Dates the label carried (issue 18 item 1), each checked with the lot's, the stricter winning. */
      expiryDate: IsoDate.optional(),
      bestBeforeDate: IsoDate.optional(),
      retestDate: IsoDate.optional(),
      productionDate: IsoDate.optional(),
    }),
    container: z.object({ containerId: Code, version: z.number().int().positive(), left: MassSchema, tare: MassSchema }),
    lot: z.object({
      lotId: Code,
      lotNumber: z.string(),
      materialCode: Code,
      version: z.number().int().positive(),
      qcStatus: QcStatus,
      expiryDate: IsoDate,
      retestDate: IsoDate.nullable(),
      assayPercent: DecimalString.nullable(),
      waterPercent: DecimalString.nullable(),
    }),
    /** Share of this lot's mass that counts toward the line (potency); null when not corrected. */
    potencyFraction: z.string().nullable(),
    /** What to weigh from this container now, and its acceptance window, in material mass. */
    portionWindow: WindowSchema,
    /** The container cannot supply the rest of the line: this portion is a split. */
    partial: z.boolean(),
    /** The same window at the readability of the booth balance that would weigh it (issue 18). */
    portionWindowAtReadability: WindowAtReadabilitySchema.optional(),
    /** How a potency-corrected target was computed, for the reviewer. */
    potencyAdjustment: PotencyAdjustmentSchema.optional(),
    /**
     * The container id was typed because its label could not be scanned (DI-16): recorded with
     * the reason; it counts only once a second person signs it "verified" (issue 18 item 12).
     */
    manualEntry: z.object({ reason: z.string().trim().min(10).max(500) }).optional(),
    /**
     * The container the station suggested (FEFO, then FIFO; issue 17 item 2), whether the
     * operator took it (or one equally good), and the reason when not.
     */
    containerChoice: z.object({ suggested: Code.nullable(), followed: z.boolean(), reason: z.string().trim().min(10).max(500).nullable() }).optional(),
  }),
  /** The balance for this portion, with its qualification state at that moment (11.10(h)). */
  'dispense.balance_selected': z.object({
    ...stepRef,
    lineId: Code,
    balance: z.object({
      balanceId: Code,
      version: z.number().int().positive(),
      model: z.string(),
      serialNumber: z.string(),
      identifiedSerial: z.string().nullable(),
      capacity: MassSchema,
      readability: MassSchema,
      minimumWeight: MassSchema,
      calibrationCertificate: z.string(),
      calibrationDueAt: z.string(),
      /** The periodic check this weighing relies on (seq of its `balance.check_recorded`). */
      lastCheckSeq: z.number().int().positive(),
      lastCheckAt: z.string(),
    }),
    /** The portion's window at this balance's readability: what the operator weighs to. */
    portionWindowAtReadability: WindowAtReadabilitySchema.optional(),
    /** The station chose this balance by itself, the finest of `candidates` that qualified. */
    chosenBy: z.literal('station').optional(),
    candidates: z.array(Code).optional(),
  }),
  /** First reading of a weighing: balance tare (net), empty vessel (gross), full source (subtraction). */
  /**
   * FR-139: the balance is about to be tared again while the tare `replacesSeq` is on record:
   * from here that tare no longer holds (the step needs a tare), recorded before the balance is touched.
   */
  'dispense.tare_requested': z.object({ ...stepRef, lineId: Code, balanceId: Code, replacesSeq: z.number().int().positive() }),
  /**
   * `balanceTare` (FR-142; absent before it): the tare the balance itself held right after this
   * entry's tare or first reading, as the balance answered when asked (MT-SICS `TA`, A&D `?PT`);
   * null where its protocol cannot be asked (SBI, generic print). The capture compares the
   * balance's tare with it.
   */
  'dispense.tared': z.object({ ...stepRef, lineId: Code, method: z.enum(['net', 'gross', 'subtraction', 'count', 'volume']), balanceId: Code, reading: ReadingSchema.nullable(), balanceTare: ReadingSchema.nullable().optional() }),
  /**
   * FR-142: the balance's tare or zero changed without the station commanding it (its own TARE or
   * ZERO key) after the tare on record (`tareSeq`), found at a capture. The capture is refused
   * and its reading kept here (DI-06); the tare on record no longer holds, so the step needs a
   * tare from the station again. `detectedBy`: `tare-query` (the balance answered another tare
   * than `recordedTare` when asked), `stream` (its readings showed a settled load jumping to zero,
   * or its net/gross flag changing, with no command from the station: `seen`). `change` is what
   * the evidence shows: a new tare, or a tare cleared / zero set (one key does both on most
   * balances).
   */
  'balance.tare_changed': z.object({
    ...stepRef,
    lineId: Code,
    balanceId: Code,
    tareSeq: z.number().int().positive(),
    detectedBy: z.array(z.enum(['tare-query', 'stream'])).min(1),
    change: z.enum(['tare', 'tare-or-zero']),
    recordedTare: ReadingSchema.nullable(),
    balanceTare: ReadingSchema.nullable(),
    seen: z.array(z.object({ before: ReadingSchema, after: ReadingSchema })).max(20),
    reading: ReadingSchema.nullable(),
  }),
  /**
   * FR-154: the station cleared the balance's tare and zeroed it, the pan empty, at an operator's
   * request (the way out of BALANCE_HOLDS_TARE and BALANCE_ZERO_UNRECORDED): the commands sent
   * (`tare-clear`, `tare-preset 0`, `zero`; the protocol's texts are in
   * src-main/devices/balance/README.md), the tare the balance held and the key presses seen since
   * its last zero before, and its tare after (null where it cannot be asked). Booth-level: no batch.
   */
  'balance.tare_cleared': z.object({
    balanceId: Code,
    commands: z.array(z.enum(['tare-clear', 'tare-preset 0', 'zero'])).min(1).max(3),
    before: z.object({ by: z.array(z.enum(['tare-query', 'stream'])), tare: ReadingSchema.nullable(), keyPresses: z.array(z.object({ before: ReadingSchema, after: ReadingSchema })).max(20) }),
    after: z.object({ by: z.array(z.enum(['tare-query', 'stream'])), tare: ReadingSchema.nullable() }),
    /** FR-154: the stable gross read once the tare was cleared, before `Z` (null: not read). */
    gross: ReadingSchema.nullable().optional(),
    /** FR-154: the clear stopped here (the pan not empty, a command failed): what went out is in `commands`. */
    refused: z.object({ code: z.string().min(1).max(64), message: z.string().max(2000) }).optional(),
  }),
  'dispense.weighed': z.object({
    ...stepRef,
    lineId: Code,
    portion: z.number().int().positive(),
    method: z.enum(['net', 'gross', 'subtraction', 'count', 'volume']),
    containerId: Code,
    lotId: Code,
    balanceId: Code,
    reading: ReadingSchema,
    tareReading: ReadingSchema.nullable(),
    net: MassSchema,
    /** What this net counts toward the line (net × potency fraction; = net when not corrected). */
    contribution: MassSchema,
    cumulative: MassSchema,
    lineWindow: WindowSchema,
    /** The portion's limits at the balance's readability the net was held to (exact ones: lineWindow). */
    acceptanceWindow: WindowAtReadabilitySchema.optional(),
    /** The lot's potency fraction when the contribution is net × it. */
    potencyFraction: z.string().optional(),
    verdict: z.enum(['below', 'within', 'above']),
    /** accepted: the line is within tolerance; partial: a declared split portion; out-of-tolerance: not counted. */
    outcome: z.enum(['accepted', 'partial', 'out-of-tolerance']),
    declaredPartial: z.boolean(),
    /** Recorded stock minus net, never clamped: negative when more was taken than recorded. */
    containerLeftAfter: MassSchema,
    /** Set when net exceeded the recorded stock by this much: see dispense.stock_discrepancy. */
    stockShortfall: MassSchema.optional(),
    /** Pre-weighed material with a hold time (issue 17): the portion may be used until then. */
    holdUntil: UtcTime.optional(),
    /** By count (issue 17): the pieces the net makes at the reference piece weight, and the count window that decided. */
    pieceCount: z
      .object({ count: z.number().int().nonnegative(), pieces: z.string(), pieceWeight: MassSchema, target: z.number().int(), lower: z.number().int(), upper: z.number().int() })
      .optional(),
    /** By volume on a balance (issue 17 item 3): the mass decides; the volume it makes is shown (net ÷ density, 0.01 mL). */
    volume: z.object({ volumeMl: z.string(), densityGPerMl: z.string() }).optional(),
    /**
     * FR-142 (absent before it): how this balance's tare was checked against the tare on record
     * before the reading was taken: `tare-query` (asked), `stream` (its readings watched for key
     * presses since the station's tare); empty where its protocol can tell neither, said so in
     * the record rather than implied.
     */
    tareCheck: TareCheckSchema.optional(),
  }),
  /**
   * A weighing took more from a container than its recorded stock (issue 18 item 11). The
   * weighing does not count until a supervisor resolves this (accept or reject, co-signed).
   */
  'dispense.stock_discrepancy': z.object({
    ...stepRef,
    lineId: Code,
    portion: z.number().int().positive(),
    containerId: Code,
    lotId: Code,
    recordedLeft: MassSchema,
    withdrawn: MassSchema,
    shortfall: MassSchema,
  }),
  /**
   * A supervisor's decision on a stock discrepancy, taking effect with their "approved"
   * signature: accepted, the weighing counts and the container's stock is set to zero; rejected,
   * it does not count, the material goes back and the stock stays as recorded before it.
   */
  'dispense.stock_discrepancy_resolved': z.object({
    ...stepRef,
    lineId: Code,
    discrepancySeq: z.number().int().positive(),
    containerId: Code,
    decision: z.enum(['accepted', 'rejected']),
    reason: z.string().trim().min(10).max(2000),
    containerLeftAfter: MassSchema,
  }),
  /** An exception; it takes effect only when a supervisor signs it "approved" (Annex 11 §4.8-like). */
  'deviation.raised': z.object({
    deviationId: z.string().min(1),
    category: z.enum(DEVIATION_CATEGORIES),
    stepId: Code.nullable(),
    targetSeq: z.number().int().positive().nullable(),
    code: z.string().nullable(),
    reason: z.string().trim().min(10).max(2000),
    /**
     * FR-102: a reason the SYSTEM wrote (yield, material balance, return, IPQC) is also kept as a
     * code and its values, so every reader sees it in their language (record-line-text.ts); the
     * English `reason` stays, for readers from before and for old records, which have no code.
     */
    reasonKey: z.enum(SYSTEM_REASON_KEYS).optional(),
    reasonParams: z.record(z.string().max(64), z.union([z.string().max(500), z.number()])).optional(),
    /** An `environment-excursion` override names the excursion it lets work go on in (issue 13). */
    excursionId: z.string().min(1).max(200).optional(),
  }),
  'label.printed': z.object({
    ...stepRef,
    labelKind: z.string().min(1),
    printerId: z.string().nullable(),
    labels: z.array(z.record(z.string(), z.unknown())).min(1),
    /** The printer's address and the job it accepted (issue 18): absent in entries written before. */
    printerAddress: z.string().min(1).optional(),
    jobId: z.string().min(1).optional(),
    /** A training station's preview: shown, never printed; the hash of each label's PNG. */
    preview: z.literal(true).optional(),
    pngSha256: z.array(z.string().regex(/^[0-9a-f]{64}$/)).optional(),
    /** The approved label template the labels were laid out by (issue 14 item 6): absent before, and with the built-in layout. */
    template: TemplateRefSchema.optional(),
    /** FR-145: how the print is known to have come out: the printer's host status, or only sent (the printer gives no status). Absent before, and for a preview. */
    confirmation: PrintConfirmationSchema.optional(),
    /** FR-139: the `label.print_requested` entry this print closes (absent in entries written before). */
    printRequestSeq: z.number().int().positive().optional(),
  }),
};
