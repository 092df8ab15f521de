/**
 * The electronic batch record of a dispensing order as data (issue 4, item 7): every step
 * with its values, units, limits, devices (with their calibration state), materials and lots,
 * signatures as manifested (21 CFR 11.50), deviations, corrections and refused attempts, in
 * ledger order. Built from the ledger alone, so the UI, the hub and the PDF read one thing.
 */
import type { ExcursionView } from '../environment/environment-contract.ts';
import type { Mass } from '../mass.ts';
import type { DispensingOrder } from './dispensing-order.ts';
import type { ExecutionPlan } from './execution-plan.ts';
import type { RecipeStep } from '../recipe/recipe-step.ts';
import type { IpqcVerdict } from '../ledger/entry-types/ipqc.ts';

export interface Person {
  userId: string;
  username: string | null;
  printedName: string | null;
}

/** A signature as shown on every human-readable form: name, meaning, date, time and zone. */
export interface SignatureManifest {
  seq: number;
  meaning: string;
  signerId: string;
  username: string;
  printedName: string;
  signedAt: string;
  tzOffset: string;
  certFingerprint: string;
  /** "Wang Fang (王芳) (sup.wang) — verified — 2026-03-02 09:14:03 +08:00" */
  manifestation: string;
  /** A correction of the signed entry after signing, not yet re-signed (DI-13): the signature no longer stands. */
  invalidatedBy: { seq: number; time: string; tzOffset: string } | null;
}

export interface RecordEvent {
  seq: number;
  type: string;
  time: string;
  tzOffset: string;
  by: Person | null;
  hash: string;
  /** One line a reviewer can read ("Weighed 600.00 g net …"). */
  summary: string;
  data: Record<string, unknown>;
  signatures: SignatureManifest[];
  corrections: CorrectionRecord[];
  /**
   * FR-124: a `form.value_corrected` entry the order fold did not apply (form-correction.ts), and
   * why, so its line never reads as a correction in force: absent for every other entry and for a
   * correction in force.
   */
  correctionNotApplied?: CorrectionNotApplied;
}

/** Why a form value correction changed nothing (FR-124); `valueInForce` (as text) for a stale one. */
export interface CorrectionNotApplied {
  effect: 'stale' | 'unsigned' | 'no-form' | 'inconsistent';
  valueInForce?: string;
}

export interface CorrectionRecord {
  seq: number;
  targetSeq: number;
  changes: { path: string; oldValue: unknown; newValue: unknown }[];
  reason: string;
  by: Person | null;
  time: string;
}

export interface PortionRecord {
  seq: number;
  portion: number;
  containerId: string;
  lot: { lotId: string; lotNumber: string; qcStatus: string; expiryDate: string; retestDate: string | null; assayPercent: string | null; waterPercent: string | null } | null;
  balance: { balanceId: string; model: string; serialNumber: string; calibrationCertificate: string; calibrationDueAt: string; lastCheckSeq: number; lastCheckAt: string; minimumWeight: Mass } | null;
  method: string;
  tare: { mass: Mass; raw: string } | null;
  reading: { mass: Mass; raw: string };
  net: Mass;
  contribution: Mass;
  outcome: 'accepted' | 'partial' | 'out-of-tolerance';
  counted: boolean;
  deviationId: string | null;
}

export interface MaterialLineRecord {
  lineId: string;
  materialCode: string;
  materialName: string;
  nominal: Mass;
  window: { target: Mass; lower: Mass; upper: Mass } | null;
  potencyCorrected: boolean;
  portions: PortionRecord[];
  totalNet: Mass | null;
  totalContribution: Mass | null;
}

export interface StepRecord {
  index: number;
  stepId: string;
  name: string;
  type: RecipeStep['type'];
  unitProcedureId: string;
  operationId: string;
  definition: RecipeStep;
  status: 'pending' | 'active' | 'done';
  events: RecordEvent[];
  material: MaterialLineRecord | null;
  /** A form step's recorded values (issue 14 item 2): absent for other steps and before recording. */
  form?: FormRecord;
}

/** One field of a recorded form: its value with its unit, calculated or filled, and by whom. */
export interface FormFieldRecord {
  field: string;
  title: string;
  /** The field's zh-CN title from the form's i18n map, when it has one. */
  titleZh: string | null;
  /** As recorded: entered values as typed (number, text, yes/no), calculated ones as exact decimal strings; null when left empty. */
  value: string | number | boolean | null;
  unit: string | null;
  /** The calculation's expression for a calculated field, else null. */
  calculation: string | null;
  /** Who entered the value (the recording entry's actor); null for calculated or empty fields. */
  filledBy: Person | null;
  /** The entry that recorded the value and its time (FR-105: a form filled in parts names each part's); null for empty fields. */
  filledIn: { seq: number; time: string; tzOffset: string } | null;
  /**
   * FR-116: the signed corrections of this field, in order; `value` is the last one's. A
   * calculated field lists the corrections of its inputs that recomputed it. The first
   * `oldValue` is the original as `filledIn` recorded it.
   */
  corrections?: FormValueCorrection[];
}

/** One correction of a form value (FR-116): original and corrected value, who, when, why. */
export interface FormValueCorrection {
  seq: number;
  oldValue: string | number | boolean | null;
  newValue: string | number | boolean;
  by: Person | null;
  time: string;
  tzOffset: string;
  reason: string;
  /** For a calculated field: the entered field whose correction recomputed it. */
  through: string | null;
}

export interface FormRecord {
  /** The `step.recorded` entry holding the values, or the first part of a form filled in parts; its signatures are that event's. */
  seq: number;
  /** A form filled by more than one person (FR-105): its `form.part_recorded` entries, in order. */
  parts?: number[];
  title: string;
  titleZh: string | null;
  fields: FormFieldRecord[];
}

export interface DeviationRecord {
  seq: number;
  deviationId: string;
  category: string;
  stepId: string | null;
  targetSeq: number | null;
  code: string | null;
  reason: string;
  raisedBy: Person | null;
  raisedAt: string;
  status: 'pending' | 'approved';
  approval: SignatureManifest | null;
}

export interface LabelReconciliationRecord {
  issued: number;
  printed: number;
  reprinted: number;
  used: number;
  destroyed: number;
  balanced: boolean;
  unaccounted: string[];
  /** FR-139: labels of prints announced with no recorded outcome (absent in records made before). */
  outcomeUnknown?: string[];
  events: RecordEvent[];
}

/**
 * An environmental excursion in the batch's room while it was in progress (issue 13 item 1), as
 * last recorded, with the entries that recorded its start, escalation and end.
 */
export type EnvironmentExcursionRecord = ExcursionView & { entries: { seq: number; event: 'started' | 'escalated' | 'ended'; source: 'broker' | 'hub'; time: string }[] };

/**
 * One in-process control result of the batch (issue 12 item 2), as recorded at the station: when,
 * which check and occurrence, every value (typed, or each balance reading with its unit), the mean
 * in the check's unit, the specification it was judged by, the verdict, who recorded it and the
 * signatures over it.
 */
export interface IpqcLineRecord {
  seq: number;
  time: string;
  tzOffset: string;
  checkId: string;
  checkName: string;
  occurrence: number;
  overdue: boolean;
  source: 'typed' | 'balance';
  balanceId: string | null;
  /** Typed values in the check's unit, or the balance readings with their own unit ("501.2 mg"). */
  values: string[];
  /** The mean, in `unit`. */
  value: string;
  unit: string;
  specification: { lower: string | null; upper: string | null };
  verdict: IpqcVerdict;
  by: Person | null;
  signatures: SignatureManifest[];
}

export interface BatchRecord {
  batchNumber: string;
  status: 'unknown' | 'planned' | 'in-progress' | 'complete';
  order: DispensingOrder | null;
  imported: RecordEvent | null;
  plan: ExecutionPlan | null;
  started: RecordEvent | null;
  steps: StepRecord[];
  deviations: DeviationRecord[];
  /** Environmental excursions in the batch's room while it ran (absent in records built before issue 13). */
  environment: EnvironmentExcursionRecord[];
  refusals: RecordEvent[];
  comments: RecordEvent[];
  completed: RecordEvent | null;
  /**
   * Label reconciliation of the order (issue 17 item 7): counts and the reprint, use and
   * destruction events; absent when the order printed no label.
   */
  labels?: LabelReconciliationRecord;
  /** In-process control results in the order recorded (issue 12); absent when the batch has none. */
  ipqc?: IpqcLineRecord[];
  /** Master-data objects the decisions relied on, with the version each was at. */
  masterDataUsed: { kind: string; key: string; version: number }[];
  /**
   * A11-17: the station configuration versions this batch's entries were written under, in order,
   * each with the first entry under it and how many (absent when the builder was not told).
   */
  configVersions?: { version: string; fromSeq: number; entries: number }[];
  ledger: { entries: number; firstSeq: number | null; lastSeq: number | null; lastHash: string | null };
  /** SHA-256 over the batch's (station, seq, hash) list (src-core/record/batch-record-hash.ts): the value QA review and QP release sign at the hub, computed by the same code here. */
  recordHash: string;
}
