/**
 * The state of one dispensing order, as a fold over its ledger entries (evolve-order.ts).
 * Nothing here is stored: after a restart the engine replays the order's entries and is
 * exactly where the last durable entry left it (issue 4, item 4).
 */
import type { FormCorrectionOutcome } from './form-correction.ts';
import type { Mass } from '../../src-shared/mass.ts';
import type { DispensingOrder } from '../../src-shared/orders/dispensing-order.ts';
import type { ExecutionPlan, PlannedStep } from '../../src-shared/orders/execution-plan.ts';
import type { DeviationCategory } from '../../src-shared/orders/engine-command.ts';
import type { SignatureMeaning } from '../../src-shared/signature-meaning.ts';
import type { ToleranceVerdict, ToleranceWindow } from '../../src-shared/recipe/tolerance-window.ts';
import type { BalanceReading } from './balance-port.ts';
import { emptyReconciliationState, type ReconciliationState } from './reconciliation-state.ts';
import { emptyLabelLedger, type LabelLedger } from './label-ledger.ts';
import type { PpeConfirmation } from './ppe-record.ts';

export type OrderStatus = 'unknown' | 'planned' | 'in-progress' | 'complete';

export interface SignatureOnRecord {
  seq: number;
  meaning: SignatureMeaning;
  signerId: string;
  printedName: string;
  signedAt: string;
}

/** An entry that needs electronic signatures before the order moves on. */
export interface SignableRecord {
  seq: number;
  type: string;
  stepIndex: number | null;
  actor: string | null;
  required: SignatureMeaning[];
  signatures: SignatureOnRecord[];
}

export interface Deviation {
  seq: number;
  deviationId: string;
  category: DeviationCategory;
  stepId: string | null;
  targetSeq: number | null;
  code: string | null;
  /** The environmental excursion an `environment-excursion` override is about. */
  excursionId: string | null;
  reason: string;
  raisedBy: string | null;
  raisedAt: string;
  approvedSeq: number | null;
  approvedBy: string | null;
  approvedAt: string | null;
}

export interface ScannedContainer {
  seq: number;
  containerId: string;
  lotId: string;
  materialCode: string;
  potencyFraction: string | null;
  portionWindow: ToleranceWindow;
  left: Mass;
  /** The container's own empty weight (master data), for the subtraction method's capacity check. */
  tare: Mass;
  partial: boolean;
}

export interface SelectedBalance {
  seq: number;
  balanceId: string;
  capacity: Mass;
  minimumWeight: Mass;
}

export interface CountedPortion {
  seq: number;
  portion: number;
  containerId: string;
  lotId: string;
  balanceId: string;
  net: Mass;
  contribution: Mass;
  viaDeviationSeq: number | null;
  /** Pre-weighed material with a hold time: usable until then (UTC ISO), else null. */
  holdUntil: string | null;
}

export interface LastWeighing {
  seq: number;
  actor: string | null;
  portion: number;
  containerId: string;
  lotId: string;
  balanceId: string;
  net: Mass;
  contribution: Mass;
  verdict: ToleranceVerdict;
  outcome: 'accepted' | 'partial' | 'out-of-tolerance';
  holdUntil: string | null;
}

export type WeighPhase = 'need-container' | 'need-balance' | 'need-tare' | 'need-capture' | 'out-of-tolerance' | 'stock-discrepancy' | 'deviation-pending' | 'need-signatures';

/**
 * A weighing that took more from a container than its recorded stock (issue 18 item 11): the
 * weighing waits, uncounted, until a supervisor accepts it (co-signed) or rejects it.
 */
export interface StockDiscrepancy {
  seq: number;
  weighingSeq: number;
  containerId: string;
  recordedLeft: Mass;
  withdrawn: Mass;
  shortfall: Mass;
  /** The resolution entry awaiting its "approved" signature, and what it decides. */
  resolution: { seq: number; decision: 'accepted' | 'rejected' } | null;
}

export interface WeighProgress {
  kind: 'weigh';
  lineId: string;
  method: 'net' | 'gross' | 'subtraction' | 'count' | 'volume';
  phase: WeighPhase;
  portion: number;
  /** In the line's basis: pure substance for potency-corrected lines, else material mass. */
  lineWindow: ToleranceWindow;
  container: ScannedContainer | null;
  balance: SelectedBalance | null;
  /** `balanceTare` (FR-142): the tare the balance held right after; null: not askable; undefined: recorded before FR-142. */
  tare: { seq: number; reading: BalanceReading | null; balanceTare?: BalanceReading | null } | null;
  lastWeighing: LastWeighing | null;
  stockDiscrepancy: StockDiscrepancy | null;
  /** A container id typed by hand (DI-16): it counts only once a second person verified it. */
  pendingManualScan: ScannedContainer | null;
  counted: CountedPortion[];
  cumulative: Mass;
  /** Material mass dispensed so far (for compensation and labels). */
  netTotal: Mass;
  lineComplete: boolean;
  recordSeq: number | null;
}

/** A dispensed container as a kit or charge step holds it (issue 17 item 4). */
export interface KitContainerRef {
  /** The entry that scanned (kit) or charged (charge) it. */
  seq: number;
  containerId: string;
  weighingSeq: number;
  lineId: string;
}

/** `form-open`: a form filled by more than one person has recorded parts and awaits the fields only others may fill (FR-105). */
export type GenericPhase = 'ready' | 'running' | 'out-of-limits' | 'deviation-pending' | 'need-signatures' | 'form-open';

/** Who recorded a field of a form filled in parts, in which entry, when (the entry's time). */
export interface FormFieldFill {
  seq: number;
  userId: string | null;
  at: string;
}

/**
 * A form filled by more than one person (FR-105): the parts recorded so far, folded. The first
 * part is the form's record (`recordSeq`), which the form's signatures sign; later parts name it.
 */
export interface FormProgress {
  recordSeq: number;
  parts: number[];
  values: Record<string, unknown>;
  calculated: Record<string, string>;
  filledBy: Record<string, FormFieldFill>;
  /** Required fields still empty, as the last part left them. */
  open: string[];
  /** FR-116: the signed corrections of this form's values, in order (the values above are as corrected). */
  corrections: FormCorrectionMark[];
}

/** A signed correction of one form value (FR-116): which entry, by whom, when, what it replaced. */
export interface FormCorrectionMark {
  seq: number;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  userId: string | null;
  at: string;
  reason: string;
}

/** A correction recorded but not (yet) signed "corrected" by its recorder: without effect (FR-116). */
export interface PendingFormCorrection {
  seq: number;
  stepIndex: number;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  calculated: { field: string; newValue: string }[];
  actor: string | null;
  at: string;
  reason: string;
  /** FR-125: the entry whose value it replaces (absent in entries from before: matched by value). */
  replacesSeq?: number;
}

export interface GenericProgress {
  kind: 'generic';
  phase: GenericPhase;
  recordSeq: number | null;
  timerStartedAt: string | null;
  timerEndsAt: string | null;
  /** Kit: containers scanned into the kit. Charge: containers charged (signed). */
  containers: KitContainerRef[];
  /** Charge entries whose "performed" signature has not been recorded (they do not count yet). */
  pendingCharges: KitContainerRef[];
  /** Kit: where the complete kit was staged. */
  staged: { seq: number; location: string } | null;
  /** Form: the parts recorded when more than one person fills it (FR-105); null otherwise. */
  form: FormProgress | null;
}

export interface StepState {
  index: number;
  planned: PlannedStep;
  status: 'pending' | 'active' | 'done';
  progress: WeighProgress | GenericProgress;
  completedSeq: number | null;
}

export interface OrderState {
  batchNumber: string;
  status: OrderStatus;
  order: DispensingOrder | null;
  importedSeq: number | null;
  startedSeq: number | null;
  startedBy: string | null;
  boothId: string | null;
  /** Started for campaign work: the booth may hold other open orders (issue 17). */
  sharedBooth: boolean;
  plan: ExecutionPlan | null;
  /** Index of the active step; equals steps.length when every step is done. */
  stepIndex: number;
  steps: StepState[];
  records: Map<number, SignableRecord>;
  deviations: Deviation[];
  completedSeq: number | null;
  lastSeq: number;
  /** Containers issued, their returns, spillage, the reconciliation (issue 17 items 5 and 6). */
  reconciliation: ReconciliationState;
  /** Labels printed, reprinted, used and destroyed (issue 17 item 7). */
  labels: LabelLedger;
  /** PPE checklists of contained materials (issue 17 item 8). */
  ppe: PpeConfirmation[];
  /**
   * FR-116: every recorded form of the order by step index (one `step.recorded` entry or the
   * parts), as corrected; a form filled in parts is the same object as its step's `form`.
   */
  forms: Map<number, FormProgress>;
  /** FR-116: corrections awaiting their recorder's "corrected" signature, by entry seq. */
  pendingCorrections: Map<number, PendingFormCorrection>;
  /** FR-124: what became of every correction entry (applied, stale, unsigned, no form), by its seq (form-correction.ts). */
  correctionOutcomes: Map<number, FormCorrectionOutcome>;
}

export function emptyOrderState(batchNumber: string): OrderState {
  return {
    batchNumber,
    status: 'unknown',
    order: null,
    importedSeq: null,
    startedSeq: null,
    startedBy: null,
    boothId: null,
    sharedBooth: false,
    plan: null,
    stepIndex: 0,
    steps: [],
    records: new Map(),
    deviations: [],
    completedSeq: null,
    lastSeq: 0,
    reconciliation: emptyReconciliationState(),
    labels: emptyLabelLedger(),
    ppe: [],
    forms: new Map(),
    pendingCorrections: new Map(),
    correctionOutcomes: new Map(),
  };
}

export function activeStep(s: OrderState): StepState | undefined {
  return s.status === 'in-progress' ? s.steps[s.stepIndex] : undefined;
}

/** Meanings a record still lacks. */
export function missingSignatures(r: SignableRecord): SignatureMeaning[] {
  return r.required.filter((m) => !r.signatures.some((s) => s.meaning === m));
}

export function isApproved(d: Deviation): boolean {
  return d.approvedSeq !== null;
}
