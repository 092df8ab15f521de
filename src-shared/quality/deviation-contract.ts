/**
 * Deviation records at the hub (issue 12 item 5), as the API and the console see them. A
 * deviation moves through fixed states, each step an electronic signature by the role the step
 * needs (deviation-service.ts):
 *
 *   raised → classified (minor / major / critical) → investigated (root cause: 5-Why or
 *   fishbone) → impact-assessed (every batch that used the lots involved, from genealogy) →
 *   capa-planned (actions with owners and due dates) → effectiveness-checked → closed
 *
 * A deviation the station raised (an engine deviation in its ledger, listed by review by
 * exception) can be opened as a record linked to its batch. QP release of a batch is refused
 * while any deviation record linked to it, or any CAPA action of one, is open.
 */
import { z } from 'zod';
import { Code } from '../master-data/common.ts';
import { SignatureMeaning } from '../signature-meaning.ts';

export const DEVIATION_STATES = ['raised', 'classified', 'investigated', 'impact-assessed', 'capa-planned', 'effectiveness-checked', 'closed'] as const;
export const DeviationState = z.enum(DEVIATION_STATES);
export type DeviationState = z.infer<typeof DeviationState>;

export const DeviationClass = z.enum(['minor', 'major', 'critical']);

/**
 * A deviation, or an out-of-specification (OOS) or out-of-trend (OOT) result. OOS and OOT take
 * the same steps, with the investigation in two phases: phase I in the laboratory (an assignable
 * laboratory error confirmed ends the investigation there), phase II in the process.
 */
export const DeviationKind = z.enum(['deviation', 'oos', 'oot']);
export type DeviationKind = z.infer<typeof DeviationKind>;
export const InvestigationPhase = z.enum(['lab', 'process']);
export type InvestigationPhase = z.infer<typeof InvestigationPhase>;
export type DeviationClass = z.infer<typeof DeviationClass>;

/** Days from raising to the due date of the whole record, by classification (set when classified). */
export const DEVIATION_DUE_DAYS: Record<DeviationClass, number> = { critical: 15, major: 30, minor: 60 };

/** Ishikawa's six categories (the "6 M"). */
export const FISHBONE_CATEGORIES = ['man', 'machine', 'method', 'material', 'measurement', 'environment'] as const;
export const FishboneCategory = z.enum(FISHBONE_CATEGORIES);

const Text = (min: number, max: number) => z.string().trim().min(min).max(max);

export const RootCauseSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('five-whys'), whys: z.array(Text(3, 500)).min(1).max(7), rootCause: Text(5, 2000) }),
  z.object({
    method: z.literal('fishbone'),
    causes: z.partialRecord(FishboneCategory, Text(3, 1000)).refine((c) => Object.keys(c).length > 0, 'name at least one cause'),
    rootCause: Text(5, 2000),
  }),
]);
export type RootCause = z.infer<typeof RootCauseSchema>;

/** A date the user picks (YYYY-MM-DD, due at the end of that day, hub local time) or a full ISO time. */
const DueDate = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'a date (YYYY-MM-DD)').refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

export const CapaActionInputSchema = z.object({
  kind: z.enum(['corrective', 'preventive']),
  description: Text(5, 1000),
  /** User name of the owner at the hub. */
  owner: Text(1, 64),
  dueDate: DueDate,
});
export type CapaActionInput = z.infer<typeof CapaActionInputSchema>;

const Password = z.string().min(1).max(200);

export const RaiseDeviationSchema = z.object({
  kind: DeviationKind.default('deviation'),
  title: Text(5, 200),
  description: Text(5, 4000),
  batchNumber: Code.optional(),
  /** The station deviation this record follows up (review by exception lists it). */
  source: z.object({ stationId: z.string().min(1).max(64), seq: z.number().int().positive() }).optional(),
  lots: z.array(Code).max(100).optional(),
  password: Password,
});
export type RaiseDeviation = z.infer<typeof RaiseDeviationSchema>;

export const DeviationStepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('classify'), classification: DeviationClass, password: Password, comment: Text(0, 1000).optional() }),
  z.object({
    step: z.literal('investigate'),
    rootCause: RootCauseSchema,
    /** OOS/OOT only: phase I (lab) first, then phase II (process) unless a lab error is confirmed. */
    phase: InvestigationPhase.optional(),
    labErrorConfirmed: z.boolean().optional(),
    password: Password,
  }),
  z.object({ step: z.literal('assess-impact'), lots: z.array(Code).max(100), assessment: Text(5, 2000), password: Password }),
  z.object({ step: z.literal('plan-capa'), actions: z.array(CapaActionInputSchema).min(1).max(20), password: Password }),
  z.object({ step: z.literal('complete-action'), actionId: z.number().int().positive(), note: Text(5, 1000), password: Password }),
  z.object({ step: z.literal('check-effectiveness'), evidence: Text(5, 2000), password: Password }),
  z.object({ step: z.literal('close'), conclusion: Text(5, 2000), password: Password }),
]);
export type DeviationStep = z.infer<typeof DeviationStepSchema>;
export type DeviationStepName = DeviationStep['step'];

export const CapaActionViewSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['corrective', 'preventive']),
  description: z.string(),
  owner: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type CapaActionView = z.infer<typeof CapaActionViewSchema>;

export const DeviationStepViewSchema = z.object({
  /** The state this step reached, or `action-done` for a completed CAPA action. */
  state: z.union([DeviationState, z.literal('action-done'), z.literal('lab-investigated')]),
  data: z.record(z.string(), z.unknown()),
  hash: z.string(),
  signatureId: z.number().int(),
  meaning: SignatureMeaning,
  username: z.string(),
  printedName: z.string(),
  signedAt: z.string(),
  tzOffset: z.string(),
  /** The hub signature still verifies against its certificate and these fields. */
  valid: z.boolean(),
});
export type DeviationStepView = z.infer<typeof DeviationStepViewSchema>;

/**
 * FR-102: the words of a record the hub opened itself (an OQC result out of specification), as a
 * code and its values; the console words it in the reader's language (`dev.system.<key>`), and
 * `title`/`description` keep the English text for every other reader.
 */
export const SystemTextSchema = z.object({ key: z.enum(['result-oos']), params: z.record(z.string(), z.string()) });
export type SystemText = z.infer<typeof SystemTextSchema>;

export const DeviationRecordViewSchema = z.object({
  id: z.string(),
  kind: DeviationKind,
  /** OOS/OOT: the investigation phases signed so far. */
  phasesDone: z.array(InvestigationPhase),
  title: z.string(),
  description: z.string(),
  systemText: SystemTextSchema.nullable().optional(),
  state: DeviationState,
  classification: DeviationClass.nullable(),
  batchNumber: z.string().nullable(),
  source: z.object({ stationId: z.string(), seq: z.number().int() }).nullable(),
  lots: z.array(z.string()),
  impactedBatches: z.array(z.string()),
  rootCause: RootCauseSchema.nullable(),
  raisedBy: z.string(),
  raisedAt: z.string(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  /** The next step and the role that signs it; null once closed. */
  next: z.object({ step: z.string(), role: z.string() }).nullable(),
  actions: z.array(CapaActionViewSchema),
  steps: z.array(DeviationStepViewSchema),
});
export type DeviationRecordView = z.infer<typeof DeviationRecordViewSchema>;

export const DeviationSummarySchema = DeviationRecordViewSchema.pick({ id: true, kind: true, title: true, systemText: true, state: true, classification: true, batchNumber: true, raisedAt: true, dueAt: true, overdue: true }).extend({
  openActions: z.number().int(),
  overdueActions: z.number().int(),
});
export type DeviationSummary = z.infer<typeof DeviationSummarySchema>;

/** What a release refusal lists for each open deviation record or CAPA action. */
export const OpenQualityRecordSchema = z.object({
  kind: z.enum(['deviation', 'capa']),
  id: z.string(),
  deviationId: z.string(),
  title: z.string(),
  state: z.string(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
});
export type OpenQualityRecord = z.infer<typeof OpenQualityRecordSchema>;

/** Who signs each step. The raiser may be QA or an operator at the console; every later step is QA's. */
export const STEP_ROLES: Record<DeviationStepName | 'raise', readonly ('qa' | 'operator')[]> = {
  raise: ['qa', 'operator'],
  classify: ['qa'],
  investigate: ['qa'],
  'assess-impact': ['qa'],
  'plan-capa': ['qa'],
  'complete-action': ['qa', 'operator'],
  'check-effectiveness': ['qa'],
  close: ['qa'],
};

/** The step that leaves each state (complete-action is taken inside capa-planned). */
export const NEXT_STEP: Record<DeviationState, DeviationStepName | null> = {
  raised: 'classify',
  classified: 'investigate',
  investigated: 'assess-impact',
  'impact-assessed': 'plan-capa',
  'capa-planned': 'check-effectiveness',
  'effectiveness-checked': 'close',
  closed: null,
};
