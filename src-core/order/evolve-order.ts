/**
 * evolve(state, entry) -> state: how each ledger entry of an order moves its state machine.
 * Total and pure (no clock, no I/O, no master data): the same entries always give the same
 * state, which is what makes resume-after-crash exact by construction. It folds in place for
 * speed; callers replay into a fresh emptyOrderState when they need an independent copy.
 *
 * Sequence (21 CFR 11.10(f)): steps run one at a time in plan order; a step completes only
 * when its record exists, its limits are met or a deviation about it is approved, and every
 * signature its definition requires is present. Which commands may produce which entries is
 * decided elsewhere (decide-*.ts); this file only states what an entry means.
 */
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { addMass, subtractMass, type Mass } from '../../src-shared/mass.ts';
import type { ExecutionPlan, PlannedStep } from '../../src-shared/orders/execution-plan.ts';
import type { DispensingOrder } from '../../src-shared/orders/dispensing-order.ts';
import type { SignatureMeaning } from '../../src-shared/signature-meaning.ts';
import { toleranceWindow, type ToleranceWindow } from '../../src-shared/recipe/tolerance-window.ts';
import type { ToleranceVerdict } from '../../src-shared/recipe/tolerance-window.ts';
import { emptyOrderState, missingSignatures, type GenericProgress, type KitContainerRef, type OrderState, type SignableRecord, type StepState, type WeighProgress } from './order-state.ts';
import type { BalanceReading } from './balance-port.ts';
import { evolveReconciliation } from './reconciliation-state.ts';
import { evolveLabels, settlementSigned } from './label-ledger.ts';
import { entryInForce, signedCorrectionEffect } from './form-correction.ts';
import { uncorrectableField } from '../../src-shared/recipe/form-definition.ts';

type P = Record<string, unknown>;

export function replayOrder(batchNumber: string, entries: Iterable<LedgerEntry>): OrderState {
  const s = emptyOrderState(batchNumber);
  for (const e of entries) evolve(s, e);
  return s;
}

export function evolve(s: OrderState, e: LedgerEntry): OrderState {
  s.lastSeq = Math.max(s.lastSeq, e.seq);
  evolveReconciliation(s, e);
  const p = e.payload as P;
  switch (e.type) {
    case 'order.imported':
      s.order = p.order as DispensingOrder;
      s.importedSeq = e.seq;
      s.status = 'planned';
      break;
    case 'order.started':
      onStarted(s, e, p);
      break;
    case 'order.completed':
      s.status = 'complete';
      s.completedSeq = e.seq;
      break;
    case 'step.recorded':
      onStepRecorded(s, e, p);
      break;
    case 'form.part_recorded':
      onFormPart(s, e, p);
      break;
    case 'form.value_corrected':
      onFormCorrection(s, e, p);
      break;
    case 'label.printed':
      withGeneric(s, p, (step) => register(s, step, e, requiredFor(step.planned)));
      evolveLabels(s.labels, e);
      break;
    case 'label.reprint_requested':
      // Effective with a second person's "verified" signature (issue 17 item 7).
      evolveLabels(s.labels, e);
      s.records.set(e.seq, { seq: e.seq, type: e.type, stepIndex: null, actor: e.actor, required: ['verified'], signatures: [] });
      break;
    case 'label.print_settled':
      // FR-141: effective with a second person's "verified" signature (settlementSigned).
      evolveLabels(s.labels, e);
      s.records.set(e.seq, { seq: e.seq, type: e.type, stepIndex: null, actor: e.actor, required: ['verified'], signatures: [] });
      break;
    case 'label.reprinted':
    case 'label.used':
    case 'label.destroyed':
    case 'label.print_requested':
    case 'label.print_failed':
    // FR-139: a return label closes its print request too (its own effect is in evolveReconciliation).
    case 'return.labelled':
      evolveLabels(s.labels, e);
      break;
    case 'ppe.checklist_confirmed':
      s.ppe.push({ seq: e.seq, materialCode: p.materialCode as string, boothId: p.boothId as string });
      s.records.set(e.seq, { seq: e.seq, type: e.type, stepIndex: null, actor: e.actor, required: ['performed'], signatures: [] });
      break;
    case 'dispense.volume_measured':
      // Counted like a weighing; the volumetric device stands where a balance would.
      onWeighed(s, e, { ...p, balanceId: p.device ? (p.device as P).deviceId : undefined });
      break;
    case 'timer.started':
      withGeneric(s, p, (_step, g) => {
        g.phase = 'running';
        g.timerStartedAt = e.time;
        g.timerEndsAt = p.endsAt as string;
      });
      break;
    case 'dispense.container_scanned':
      onScanned(s, e, p);
      break;
    case 'dispense.balance_selected':
      withWeigh(s, p, (w) => {
        const b = p.balance as { balanceId: string; capacity: Mass; minimumWeight: Mass };
        w.balance = { seq: e.seq, balanceId: b.balanceId, capacity: b.capacity, minimumWeight: b.minimumWeight };
        w.tare = null;
        w.phase = 'need-tare';
      });
      break;
    case 'dispense.tare_requested':
      // FR-139: the balance is tared again; the tare on record no longer holds until the new one is recorded.
      withWeigh(s, p, (w) => {
        w.tare = null;
        w.phase = 'need-tare';
      });
      break;
    case 'dispense.tared':
      withWeigh(s, p, (w) => {
        const balanceTare = p.balanceTare as BalanceReading | null | undefined;
        w.tare = { seq: e.seq, reading: (p.reading as BalanceReading | null) ?? null, ...(balanceTare !== undefined ? { balanceTare } : {}) };
        w.phase = 'need-capture';
      });
      break;
    case 'balance.tare_changed':
      // FR-142: the balance's own keys changed its tare after the tare on record: that tare no
      // longer holds; the station tares again (as after dispense.tare_requested).
      withWeigh(s, p, (w) => {
        w.tare = null;
        w.phase = 'need-tare';
      });
      break;
    case 'dispense.weighed':
      onWeighed(s, e, p);
      break;
    case 'dispense.stock_discrepancy':
      onStockDiscrepancy(s, e, p);
      break;
    case 'dispense.stock_discrepancy_resolved':
      onStockResolution(s, e, p);
      break;
    case 'deviation.raised':
      onDeviation(s, e, p);
      break;
    case 'signature.applied':
      onSignature(s, e, p);
      break;
    case 'kit.container_scanned':
      withGeneric(s, p, (_step, g) => g.containers.push(kitRef(e, p)));
      break;
    case 'kit.staged':
      withGeneric(s, p, (_step, g) => {
        g.staged = { seq: e.seq, location: p.location as string };
      });
      break;
    case 'kit.handed_over':
      withGeneric(s, p, (step) => register(s, step, e, kitHandOverRequired(step.planned)));
      break;
    case 'kit.container_charged':
      withGeneric(s, p, (_step, g) => g.pendingCharges.push(kitRef(e, p)));
      break;
    default:
      break; // refusals, comments, corrections: part of the record, not of the state machine
  }
  return s;
}

function onStarted(s: OrderState, e: LedgerEntry, p: P): void {
  const plan = p.plan as ExecutionPlan;
  s.status = 'in-progress';
  s.startedSeq = e.seq;
  s.startedBy = e.actor;
  s.boothId = p.boothId as string;
  s.sharedBooth = p.sharedBooth === true;
  s.plan = plan;
  s.steps = plan.steps.map((planned, index) => ({ index, planned, status: 'pending', progress: genericProgress(), completedSeq: null }));
  s.stepIndex = 0;
  activate(s);
}

function genericProgress(): GenericProgress {
  return { kind: 'generic', phase: 'ready', recordSeq: null, timerStartedAt: null, timerEndsAt: null, containers: [], pendingCharges: [], staged: null, form: null };
}

/** Makes the step at stepIndex active, computing a weigh step's line window from what came before. */
function activate(s: OrderState): void {
  const step = s.steps[s.stepIndex];
  if (!step) return;
  step.status = 'active';
  const def = step.planned.step;
  if (def.type !== 'weigh') {
    step.progress = genericProgress();
    return;
  }
  const window = lineWindow(s, def.lineId);
  const zero: Mass = { amount: '0', unit: window.target.unit };
  step.progress = {
    kind: 'weigh',
    lineId: def.lineId,
    method: def.method,
    phase: 'need-container',
    portion: 1,
    lineWindow: window,
    container: null,
    balance: null,
    tare: null,
    lastWeighing: null,
    stockDiscrepancy: null,
    pendingManualScan: null,
    counted: [],
    cumulative: zero,
    netTotal: zero,
    lineComplete: false,
    recordSeq: null,
  };
}

/**
 * The line's acceptance window: nominal ± tolerance; a compensating filler's nominal drops by
 * what its compensated line was weighed above its own nominal (the batch keeps its mass).
 */
export function lineWindow(s: OrderState, lineId: string): ToleranceWindow {
  const line = s.plan!.lines.find((l) => l.lineId === lineId)!;
  let target = line.nominal;
  if (line.compensatesFor !== null) {
    const other = s.plan!.lines.find((l) => l.lineId === line.compensatesFor);
    const weighed = s.steps.find((st) => st.progress.kind === 'weigh' && st.progress.lineId === line.compensatesFor)?.progress as WeighProgress | undefined;
    if (other && weighed) target = subtractMass(target, subtractMass(weighed.netTotal, other.nominal));
  }
  return toleranceWindow(target, line.tolerance);
}

export function requiredFor(planned: PlannedStep): SignatureMeaning[] {
  const def = planned.step;
  if (def.type === 'signature') return [def.meaning];
  const out: SignatureMeaning[] = [];
  if (def.signatures.performed) out.push('performed');
  if (def.signatures.verified) out.push('verified');
  // A form names its meanings itself (issue 14 item 2); the step's flags still add theirs.
  if (def.type === 'form') for (const m of def.form.signatures) if (!out.includes(m)) out.push(m);
  return out;
}

function stepOf(s: OrderState, p: P): StepState | undefined {
  const step = s.steps[p.stepIndex as number];
  return step && step.status === 'active' && step.planned.step.stepId === p.stepId ? step : undefined;
}

function withWeigh(s: OrderState, p: P, f: (w: WeighProgress, step: StepState) => void): void {
  const step = stepOf(s, p);
  if (step && step.progress.kind === 'weigh') f(step.progress, step);
}

function withGeneric(s: OrderState, p: P, f: (step: StepState, g: GenericProgress) => void): void {
  const step = stepOf(s, p);
  if (step && step.progress.kind === 'generic') f(step, step.progress);
}

/** Registers the step's record; the step completes at once when nothing more is needed. */
function register(s: OrderState, step: StepState, e: LedgerEntry, required: SignatureMeaning[], withinLimits = true): void {
  s.records.set(e.seq, { seq: e.seq, type: e.type, stepIndex: step.index, actor: e.actor, required, signatures: [] });
  if (step.progress.kind === 'generic') {
    step.progress.recordSeq = e.seq;
    step.progress.phase = withinLimits ? 'need-signatures' : 'out-of-limits';
  } else {
    step.progress.recordSeq = e.seq;
    step.progress.phase = 'need-signatures';
  }
  settle(s);
}

function onStepRecorded(s: OrderState, e: LedgerEntry, p: P): void {
  withGeneric(s, p, (step) => {
    register(s, step, e, requiredFor(step.planned), p.withinLimits !== false);
    if (step.planned.step.type !== 'form') return;
    // A form recorded at once (FR-116 keeps every recorded form, so a later correction finds its values).
    const r = (p.result ?? {}) as { values?: Record<string, unknown>; calculated?: Record<string, string> };
    const values = { ...(r.values ?? {}) };
    const filledBy = Object.fromEntries(Object.keys(values).map((k) => [k, { seq: e.seq, userId: e.actor, at: e.time }]));
    s.forms.set(step.index, { recordSeq: e.seq, parts: [e.seq], values, calculated: { ...(r.calculated ?? {}) }, filledBy, open: [], corrections: [] });
  });
}

/**
 * A correction of one recorded form value (FR-116). The original entry stays as it was; the
 * correction takes effect only with its recorder's own "corrected" signature (onSignature), and
 * only if the field still holds the value it replaces (a correction left unsigned and signed
 * later, after another, is stale and without effect). Done steps are corrected too: the form
 * keeps its step's phase, its values are read as corrected.
 */
function onFormCorrection(s: OrderState, e: LedgerEntry, p: P): void {
  const step = s.steps[p.stepIndex as number];
  if (!step || step.planned.step.stepId !== p.stepId || !s.forms.has(step.index)) {
    s.correctionOutcomes.set(e.seq, { seq: e.seq, effect: 'no-form' });
    return;
  }
  s.correctionOutcomes.set(e.seq, { seq: e.seq, effect: 'unsigned' });
  const calculated = Array.isArray(p.calculated) ? (p.calculated as { field: string; newValue: string }[]).map((c) => ({ field: c.field, newValue: c.newValue })) : [];
  s.pendingCorrections.set(e.seq, { seq: e.seq, stepIndex: step.index, field: p.field as string, oldValue: p.oldValue, newValue: p.newValue, calculated, actor: e.actor, at: e.time, reason: p.reason as string, ...(typeof p.replacesSeq === 'number' ? { replacesSeq: p.replacesSeq } : {}) });
}

function onCorrectionSigned(s: OrderState, p: P): boolean {
  const pending = s.pendingCorrections.get(p.targetSeq as number);
  if (!pending || p.meaning !== 'corrected') return false;
  if (p.signerId !== pending.actor) return true;
  s.pendingCorrections.delete(pending.seq);
  const f = s.forms.get(pending.stepIndex);
  if (!f) return true;
  // FR-124: one rule with the hub's review (form-correction.ts). A correction of a field no
  // correction can name (calculated, not of the form, never recorded: the engine refuses it, so
  // only an inconsistent record holds one) changes nothing and is its own outcome, not "stale".
  const planned = s.steps[pending.stepIndex]?.planned.step;
  if (planned?.type === 'form' && uncorrectableField(planned.form, f.values, pending.field) !== null) {
    s.correctionOutcomes.set(pending.seq, { seq: pending.seq, effect: 'inconsistent' });
    return true;
  }
  // A correction naming a value no longer in force (FR-125: or the same value put back by another
  // entry) changes nothing and is kept as stale, for QA to see.
  const valueInForce = f.values[pending.field];
  const effect = signedCorrectionEffect({ value: valueInForce, seq: entryInForce(f, pending.field) }, { oldValue: pending.oldValue, replacesSeq: pending.replacesSeq });
  s.correctionOutcomes.set(pending.seq, { seq: pending.seq, effect, valueInForce });
  if (effect === 'stale') return true;
  f.values[pending.field] = pending.newValue;
  for (const c of pending.calculated) f.calculated[c.field] = c.newValue;
  f.corrections.push({ seq: pending.seq, field: pending.field, oldValue: pending.oldValue, newValue: pending.newValue, userId: pending.actor, at: pending.at, reason: pending.reason });
  return true;
}

/**
 * One person's part of a form filled by more than one person (FR-105). The first part is the
 * form's record: the form's signatures sign it, "performed" by whoever recorded it, and may be
 * given while the form is open; the step needs its signatures only once no field is open. A
 * later part names the record (`recordSeq`) and adds fields, never changes one (the engine
 * refuses that; a part naming another record or a field again is not folded).
 */
function onFormPart(s: OrderState, e: LedgerEntry, p: P): void {
  withGeneric(s, p, (step, g) => {
    if (step.planned.step.type !== 'form' || (g.phase !== 'ready' && g.phase !== 'form-open')) return;
    const values = (p.values ?? {}) as Record<string, unknown>;
    const calculated = (p.calculated ?? {}) as Record<string, string>;
    if (g.form === null) {
      if (p.recordSeq !== null && p.recordSeq !== undefined) return;
      s.records.set(e.seq, { seq: e.seq, type: e.type, stepIndex: step.index, actor: e.actor, required: requiredFor(step.planned), signatures: [] });
      g.recordSeq = e.seq;
      g.form = { recordSeq: e.seq, parts: [], values: {}, calculated: {}, filledBy: {}, open: [], corrections: [] };
      s.forms.set(step.index, g.form);
    } else if (p.recordSeq !== g.form.recordSeq || Object.keys(values).some((f) => g.form!.values[f] !== undefined)) return;
    const f = g.form;
    f.parts.push(e.seq);
    for (const [k, v] of Object.entries(values)) {
      f.values[k] = v;
      f.filledBy[k] = { seq: e.seq, userId: e.actor, at: e.time };
    }
    Object.assign(f.calculated, calculated);
    f.open = Array.isArray(p.open) ? (p.open as string[]) : [];
    g.phase = f.open.length > 0 ? 'form-open' : 'need-signatures';
    settle(s);
  });
}

function onScanned(s: OrderState, e: LedgerEntry, p: P): void {
  const step = stepOf(s, p);
  if (!step) return;
  const manual = p.manualEntry !== undefined;
  if (step.progress.kind === 'generic') {
    // A scan-material step: the verified scan is the step's record; typed by hand, it also
    // needs a second person's "verified" (DI-16).
    const required = requiredFor(step.planned);
    register(s, step, e, manual && !required.includes('verified') ? [...required, 'verified'] : required);
    return;
  }
  const w = step.progress;
  const c = p.container as { containerId: string; left: Mass; tare: Mass };
  const lot = p.lot as { lotId: string; materialCode: string };
  const scanned = {
    seq: e.seq,
    containerId: c.containerId,
    lotId: lot.lotId,
    materialCode: lot.materialCode,
    potencyFraction: (p.potencyFraction as string | null) ?? null,
    portionWindow: p.portionWindow as ToleranceWindow,
    left: c.left,
    tare: c.tare,
    partial: p.partial === true,
  };
  if (manual) {
    w.pendingManualScan = scanned;
    return;
  }
  useContainer(w, scanned);
}

function useContainer(w: WeighProgress, scanned: WeighProgress['container']): void {
  w.container = scanned;
  w.pendingManualScan = null;
  w.balance = null;
  w.tare = null;
  w.lastWeighing = null;
  w.phase = 'need-balance';
}

/** The "verified" signature on a typed container id puts that container to use. */
function onManualScanVerified(s: OrderState, p: P): boolean {
  const step = s.steps[s.stepIndex];
  if (!step || step.status !== 'active' || step.progress.kind !== 'weigh') return false;
  const w = step.progress;
  if (w.pendingManualScan?.seq !== p.targetSeq || p.meaning !== 'verified') return false;
  useContainer(w, w.pendingManualScan);
  return true;
}

function onWeighed(s: OrderState, e: LedgerEntry, p: P): void {
  const step = stepOf(s, p);
  if (!step || step.progress.kind !== 'weigh') return;
  const w = step.progress;
  const outcome = p.outcome as 'accepted' | 'partial' | 'out-of-tolerance';
  w.lastWeighing = {
    seq: e.seq,
    actor: e.actor,
    portion: p.portion as number,
    containerId: p.containerId as string,
    lotId: p.lotId as string,
    balanceId: p.balanceId as string,
    net: p.net as Mass,
    contribution: p.contribution as Mass,
    verdict: p.verdict as ToleranceVerdict,
    outcome,
    holdUntil: typeof p.holdUntil === 'string' ? p.holdUntil : null,
  };
  // More taken than the container held on record: nothing counts until a supervisor decides.
  if (p.stockShortfall !== undefined) {
    w.phase = 'stock-discrepancy';
    return;
  }
  applyWeighing(s, step, w, { seq: e.seq, type: e.type, actor: e.actor });
}

function applyWeighing(s: OrderState, step: StepState, w: WeighProgress, weighing: { seq: number; type: string; actor: string | null }): void {
  if (w.lastWeighing!.outcome === 'out-of-tolerance') {
    w.phase = 'out-of-tolerance';
    return;
  }
  count(w, null);
  w.lineComplete = w.lastWeighing!.outcome === 'accepted';
  s.records.set(weighing.seq, { seq: weighing.seq, type: weighing.type, stepIndex: step.index, actor: weighing.actor, required: requiredFor(step.planned), signatures: [] });
  w.recordSeq = weighing.seq;
  w.phase = 'need-signatures';
  settle(s);
}

function onStockDiscrepancy(s: OrderState, e: LedgerEntry, p: P): void {
  withWeigh(s, p, (w) => {
    if (w.phase !== 'stock-discrepancy' || !w.lastWeighing) return;
    w.stockDiscrepancy = {
      seq: e.seq,
      weighingSeq: w.lastWeighing.seq,
      containerId: p.containerId as string,
      recordedLeft: p.recordedLeft as Mass,
      withdrawn: p.withdrawn as Mass,
      shortfall: p.shortfall as Mass,
      resolution: null,
    };
  });
}

/** A supervisor's decision: it takes effect with their "approved" signature (onSignature). */
function onStockResolution(s: OrderState, e: LedgerEntry, p: P): void {
  withWeigh(s, p, (w, step) => {
    const d = w.stockDiscrepancy;
    if (w.phase !== 'stock-discrepancy' || !d || d.seq !== p.discrepancySeq) return;
    // A later decision replaces one whose signature never came.
    if (d.resolution) s.records.delete(d.resolution.seq);
    d.resolution = { seq: e.seq, decision: p.decision as 'accepted' | 'rejected' };
    s.records.set(e.seq, { seq: e.seq, type: e.type, stepIndex: step.index, actor: e.actor, required: ['approved'], signatures: [] });
  });
}

function onStockResolutionApproved(s: OrderState, resolutionSeq: number): void {
  const step = s.steps[s.stepIndex];
  if (!step || step.status !== 'active' || step.progress.kind !== 'weigh') return;
  const w = step.progress;
  const d = w.stockDiscrepancy;
  if (w.phase !== 'stock-discrepancy' || d?.resolution?.seq !== resolutionSeq || !w.lastWeighing) return;
  w.stockDiscrepancy = null;
  if (d.resolution.decision === 'accepted') {
    applyWeighing(s, step, w, { seq: d.weighingSeq, type: 'dispense.weighed', actor: w.lastWeighing.actor });
    return;
  }
  // Rejected: the weighing does not count; the portion starts again from a container.
  w.container = null;
  w.balance = null;
  w.tare = null;
  w.lastWeighing = null;
  w.phase = 'need-container';
}

function count(w: WeighProgress, viaDeviationSeq: number | null): void {
  const last = w.lastWeighing!;
  w.counted.push({ seq: last.seq, portion: last.portion, containerId: last.containerId, lotId: last.lotId, balanceId: last.balanceId, net: last.net, contribution: last.contribution, viaDeviationSeq, holdUntil: last.holdUntil });
  w.cumulative = addMass(w.cumulative, last.contribution);
  w.netTotal = addMass(w.netTotal, last.net);
}

function onDeviation(s: OrderState, e: LedgerEntry, p: P): void {
  s.deviations.push({
    seq: e.seq,
    deviationId: p.deviationId as string,
    category: p.category as OrderState['deviations'][number]['category'],
    stepId: (p.stepId as string | null) ?? null,
    targetSeq: (p.targetSeq as number | null) ?? null,
    code: (p.code as string | null) ?? null,
    excursionId: (p.excursionId as string | undefined) ?? null,
    reason: p.reason as string,
    raisedBy: e.actor,
    raisedAt: e.time,
    approvedSeq: null,
    approvedBy: null,
    approvedAt: null,
  });
  s.records.set(e.seq, { seq: e.seq, type: e.type, stepIndex: null, actor: e.actor, required: ['approved'], signatures: [] });
  const step = s.steps[s.stepIndex];
  if (!step || step.status !== 'active' || p.targetSeq === null) return;
  const pr = step.progress;
  if (pr.kind === 'weigh' && pr.phase === 'out-of-tolerance' && pr.lastWeighing?.seq === p.targetSeq) pr.phase = 'deviation-pending';
  if (pr.kind === 'generic' && pr.phase === 'out-of-limits' && pr.recordSeq === p.targetSeq) pr.phase = 'deviation-pending';
}

function kitRef(e: LedgerEntry, p: P): KitContainerRef {
  return { seq: e.seq, containerId: p.containerId as string, weighingSeq: p.weighingSeq as number, lineId: p.lineId as string };
}

/** The giver signs a hand-over "performed"; the receiver co-signs "witnessed" when the step asks. */
function kitHandOverRequired(planned: PlannedStep): SignatureMeaning[] {
  const def = planned.step;
  return def.type === 'kit' && def.receiverSigns ? ['performed', 'witnessed'] : ['performed'];
}

/** A charge counts once its "performed" signature is recorded (a failed signature leaves it uncharged). */
function onChargeSigned(s: OrderState, p: P): boolean {
  const step = s.steps[s.stepIndex];
  if (!step || step.status !== 'active' || step.progress.kind !== 'generic' || p.meaning !== 'performed') return false;
  const g = step.progress;
  const i = g.pendingCharges.findIndex((c) => c.seq === p.targetSeq);
  if (i < 0) return false;
  const [charged] = g.pendingCharges.splice(i, 1);
  if (!g.containers.some((c) => c.containerId === charged!.containerId)) g.containers.push(charged!);
  return true;
}

function onSignature(s: OrderState, e: LedgerEntry, p: P): void {
  if (onManualScanVerified(s, p)) return;
  if (onChargeSigned(s, p)) return;
  if (onCorrectionSigned(s, p)) return;
  const record = s.records.get(p.targetSeq as number);
  if (!record) return;
  record.signatures.push({
    seq: e.seq,
    meaning: p.meaning as SignatureMeaning,
    signerId: p.signerId as string,
    printedName: p.printedName as string,
    signedAt: p.signedAt as string,
  });
  if (record.type === 'deviation.raised' && p.meaning === 'approved') {
    const d = s.deviations.find((x) => x.seq === record.seq);
    if (d && d.approvedSeq === null) {
      d.approvedSeq = e.seq;
      d.approvedBy = p.signerId as string;
      d.approvedAt = p.signedAt as string;
      onDeviationApproved(s, d.targetSeq, d.seq);
    }
  }
  if (record.type === 'dispense.stock_discrepancy_resolved' && p.meaning === 'approved') onStockResolutionApproved(s, record.seq);
  if (record.type === 'label.print_settled') settledPrint(s, record, settlementSigned(s.labels, record.seq, p.meaning as string, p.signerId as string));
  settle(s);
}

/**
 * FR-141: a co-signed 'applied' settlement is the print's outcome, as `label.printed` or
 * `return.labelled` would have been: the labels came out and are on their containers. A label
 * step still waiting for its print takes the settlement as its record (the step's own signatures
 * are then asked on it, besides the co-signature it carries) and completes as printed would; a
 * return label marks its return labelled. 'destroyed' and 'none' leave the step or the return to
 * print again.
 */
function settledPrint(s: OrderState, record: SignableRecord, settled: ReturnType<typeof settlementSigned>): void {
  if (!settled || settled.settlement.outcome !== 'applied') return;
  const { request } = settled;
  if (request.command === 'print-return-label' && request.containerId !== null) {
    const ret = s.reconciliation.returns.get(request.containerId);
    // The return the label was printed for (a later return of the same container is another).
    if (ret && ret.seq < request.seq) ret.labelledSeq = record.seq;
    return;
  }
  const step = s.steps[s.stepIndex];
  if (request.stepId === null || !step || step.status !== 'active' || step.planned.step.stepId !== request.stepId) return;
  const g = step.progress;
  if (g.kind !== 'generic' || g.phase !== 'ready') return;
  record.stepIndex = step.index;
  record.required = [...new Set([...record.required, ...requiredFor(step.planned)])];
  g.recordSeq = record.seq;
  g.phase = 'need-signatures';
}

/** An approved deviation lets the out-of-tolerance weighing or out-of-limits result stand. */
function onDeviationApproved(s: OrderState, targetSeq: number | null, deviationSeq: number): void {
  const step = s.steps[s.stepIndex];
  if (!step || step.status !== 'active' || targetSeq === null) return;
  const pr = step.progress;
  if (pr.kind === 'weigh' && pr.phase === 'deviation-pending' && pr.lastWeighing?.seq === targetSeq) {
    count(pr, deviationSeq);
    pr.lineComplete = true;
    s.records.set(targetSeq, { seq: targetSeq, type: 'dispense.weighed', stepIndex: step.index, actor: pr.lastWeighing.actor, required: requiredFor(step.planned), signatures: [] });
    pr.recordSeq = targetSeq;
    pr.phase = 'need-signatures';
  }
  if (pr.kind === 'generic' && pr.phase === 'deviation-pending' && pr.recordSeq === targetSeq) pr.phase = 'need-signatures';
}

/** Completes the active step when its record is fully signed, and activates the next. */
function settle(s: OrderState): void {
  const step = s.steps[s.stepIndex];
  if (!step || step.status !== 'active') return;
  const pr = step.progress;
  if (pr.phase !== 'need-signatures' || pr.recordSeq === null) return;
  const record = s.records.get(pr.recordSeq);
  if (!record || missingSignatures(record).length > 0) return;
  if (pr.kind === 'weigh' && !pr.lineComplete) {
    pr.portion += 1;
    pr.phase = 'need-container';
    pr.container = null;
    pr.balance = null;
    pr.tare = null;
    pr.lastWeighing = null;
    pr.recordSeq = null;
    return;
  }
  step.status = 'done';
  step.completedSeq = record.signatures.at(-1)?.seq ?? record.seq;
  s.stepIndex += 1;
  activate(s);
}
