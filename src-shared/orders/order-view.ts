/**
 * What the operator screen shows of an order (and what the headless runner reads): the
 * current step with its targets, the commands allowed right now, signatures awaited and
 * deviations. Derived from the order's ledger entries by the engine; never stored.
 */
import type { Mass } from '../mass.ts';
import type { DispensingOrder } from './dispensing-order.ts';
import type { DeviationCategory, EngineCommandType } from './engine-command.ts';
import type { RecipeStep } from '../recipe/recipe-step.ts';
import type { SignatureMeaning } from '../signature-meaning.ts';
import type { ReconciliationView } from './reconciliation-view.ts';

export interface WindowView {
  target: Mass;
  lower: Mass;
  upper: Mass;
}

export interface WeighView {
  lineId: string;
  materialCode: string;
  materialName: string;
  method: 'net' | 'gross' | 'subtraction' | 'count' | 'volume';
  portion: number;
  /** In the line's basis (pure substance when potency-corrected). */
  lineWindow: WindowView;
  cumulative: Mass;
  potencyCorrected: boolean;
  handlingNotes: string[];
  safetyNotes: string[];
  /** potencyFraction: the lot's, when the line is potency-corrected (the screen rounds the portion from the line, exactly). */
  container: { containerId: string; lotId: string; left: Mass; portionWindow: WindowView; partial: boolean; potencyFraction: string | null } | null;
  balance: { balanceId: string; minimumWeight: Mass; capacity: Mass } | null;
  tared: boolean;
  lastWeighing: { seq: number; net: Mass; verdict: 'below' | 'within' | 'above'; outcome: 'accepted' | 'partial' | 'out-of-tolerance' } | null;
  /** The last weighing took more than the container's recorded stock: awaiting a supervisor (issue 18 item 11). */
  stockDiscrepancy: { containerId: string; recordedLeft: Mass; withdrawn: Mass; shortfall: Mass; awaiting: 'accepted' | 'rejected' | null } | null;
  /** A typed container id waiting for the supervisor's "verified" signature (DI-16). */
  manualScanPending: string | null;
  portionsCounted: number;
  /** A material with an exposure band (issue 17 item 8): the booth's class and the PPE checklist to sign. */
  containment?: ContainmentView | null;
  /** By volume (issue 17 item 3): the scanned lot's density and the booth's volumetric devices. */
  volume?: VolumeView | null;
}

export interface ContainmentView {
  level: number;
  boothClass: number;
  items: { itemId: string; text: { en: string; 'zh-CN': string } }[];
  confirmed: boolean;
}

export interface VolumeView {
  densityGPerMl: string | null;
  /** Each device of the booth with the portion's volume window at its resolution (null: it cannot dispense it). */
  devices: { deviceId: string; name: string; kind: string; resolutionMl: string; capacityMl: string; window: { target: string; lower: string; upper: string } | null }[];
}

/** One label the order printed (issue 17 item 7), and what became of it. */
export interface LabelView {
  labelId: string;
  reprintOf: string | null;
  material: string | null;
  lotNumber: string | null;
  containerId: string | null;
  net: string | null;
  preview: boolean;
  disposition: 'used' | 'destroyed' | null;
  reason: string | null;
}

/** FR-141: a print whose outcome is unknown: what it printed for and how many labels it sent. */
export interface UnsettledPrintView {
  printRequestSeq: number;
  command: string;
  count: number;
  stepId: string | null;
  labelId: string | null;
  containerId: string | null;
  /** Settlements recorded for it that no second person has co-signed yet. */
  pendingSettlements: number;
}

export interface LabelsView {
  issued: number;
  printed: number;
  reprinted: number;
  used: number;
  destroyed: number;
  balanced: boolean;
  /** FR-139: labels of prints requested with no recorded outcome (`<request seq>-<position>`). */
  outcomeUnknown: string[];
  /** FR-139: labels of the print the station is waiting on now (not yet an outcome unknown). */
  printing: string[];
  /** FR-141: the prints whose outcome is unknown, to settle at the station (co-signed). */
  unsettled: UnsettledPrintView[];
  labels: LabelView[];
}

/** A dispensed container as a kit or charge step shows it (issue 17 item 4). */
export interface KitContainerView {
  containerId: string;
  lineId: string;
  materialCode: string;
  materialName: string;
  lotId: string;
  net: Mass;
  /** Pre-weighed material: usable until then (UTC ISO), else null. */
  holdUntil: string | null;
  /** Scanned into the kit (kit step) or charged with its signature (charge step). */
  done: boolean;
}

export interface KitView {
  containers: KitContainerView[];
  /** Lines the step covers whose weighing is not finished. */
  linesNotDispensed: string[];
  staged: { location: string } | null;
}

export interface CurrentStepView {
  index: number;
  stepId: string;
  name: string;
  type: RecipeStep['type'];
  instruction: string;
  phase: string;
  allowed: EngineCommandType[];
  definition: RecipeStep;
  weigh: WeighView | null;
  timerEndsAt: string | null;
  /** Kit and charge steps: the containers and where each stands. */
  kit: KitView | null;
  /** A form filled by more than one person, once a part is recorded (FR-105); null otherwise. */
  form?: FormPartsView | null;
  /**
   * A step that names process equipment (issue 13 item 2): the station's equipment of each class
   * it needs, each with whether it may be used now for this batch, or the reason it may not.
   */
  equipmentChoices?: EquipmentChoice[];
}

/** The parts of a form recorded so far (FR-105): values, who filled each field and when, what is open. */
export interface FormPartsView {
  /** The form's record (its first part), which the form's signatures sign. */
  recordSeq: number;
  values: Record<string, string | number | boolean>;
  calculated: Record<string, string>;
  filledBy: Record<string, { seq: number; userId: string | null; username: string | null; at: string }>;
  /** Required fields still empty, for other roles to fill. */
  open: string[];
}

export interface EquipmentChoice {
  equipmentId: string;
  name: string;
  class: string;
  location: string;
  usable: boolean;
  /** Why it may not be used now (the gate's typed refusal); null when usable. */
  refusal: { code: string; message: string; details?: Record<string, unknown> | undefined } | null;
}

export interface PendingSignatureView {
  targetSeq: number;
  entryType: string;
  stepId: string | null;
  meanings: SignatureMeaning[];
}

export interface DeviationView {
  seq: number;
  deviationId: string;
  category: DeviationCategory;
  stepId: string | null;
  targetSeq: number | null;
  reason: string;
  status: 'pending' | 'approved';
  approvedBy: string | null;
}

export interface OrderView {
  batchNumber: string;
  status: 'unknown' | 'planned' | 'in-progress' | 'complete';
  order: DispensingOrder | null;
  boothId: string | null;
  recipe: { code: string; version: number; name: string } | null;
  progress: { done: number; total: number };
  current: CurrentStepView | null;
  steps: { index: number; stepId: string; name: string; type: RecipeStep['type']; status: 'pending' | 'active' | 'done'; unitProcedureId: string; operationId: string }[];
  pendingSignatures: PendingSignatureView[];
  deviations: DeviationView[];
  canComplete: boolean;
  lastSeq: number;
  /** Containers issued to the order, their returns, the reconciliation (issue 17 items 5 and 6). */
  reconciliation?: ReconciliationView;
  /** Label reconciliation of the order (issue 17 item 7). */
  labels?: LabelsView;
}
