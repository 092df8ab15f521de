/** Derives the OrderView (src-shared/orders/order-view.ts) from an order's state. */
import type { EngineCommandType } from '../../../src-shared/orders/engine-command.ts';
import type { CurrentStepView, FormPartsView, KitView, OrderView, WeighView } from '../../../src-shared/orders/order-view.ts';
import { openRecords, signableMeanings } from './decide-order.ts';
import { kitContents } from '../../../src-core/order/kit-contents.ts';
import { checkReconciled } from '../dispensary/reconciliation.ts';
import { reconciliationView } from '../dispensary/reconciliation-view.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';
import { equipmentChoices, stepEquipmentClasses } from './process-equipment-checks.ts';
import { containmentView, dispensaryAllowed, labelsView, volumeView } from './dispensary-view.ts';
import { activeStep, type FormProgress, type OrderState, type StepState, type WeighProgress } from '../../../src-core/order/order-state.ts';

const WEIGH_ALLOWED: Record<WeighProgress['phase'], EngineCommandType[]> = {
  'need-container': ['scan-container'],
  'need-balance': ['select-balance', 'scan-container'],
  'need-tare': ['tare', 'select-balance', 'scan-container'],
  'need-capture': ['capture', 'tare'],
  'out-of-tolerance': ['capture', 'tare', 'scan-container', 'raise-deviation'],
  'stock-discrepancy': ['resolve-stock-discrepancy', 'sign'],
  'deviation-pending': ['sign'],
  'need-signatures': ['sign'],
};

function genericAllowed(step: StepState): EngineCommandType[] {
  const phase = step.progress.phase;
  if (phase === 'need-signatures' || phase === 'deviation-pending') return step.planned.step.type === 'signature' ? ['sign-step', 'sign'] : ['sign'];
  const type = step.planned.step.type;
  if (phase === 'running') return ['stop-timer'];
  // A form open for other people's fields (FR-105): their part, and its recorder's "performed".
  if (phase === 'form-open') return ['submit-form', 'sign'];
  if (phase === 'out-of-limits') return type === 'ipc' ? ['record-ipc', 'raise-deviation'] : ['raise-deviation'];
  const first: Record<string, EngineCommandType> = {
    instruction: 'acknowledge',
    'line-clearance': 'checklist',
    'equipment-check': 'checklist',
    'scan-material': 'scan-container',
    parameter: 'enter-parameter',
    ipc: 'record-ipc',
    timer: 'start-timer',
    label: 'print-label',
    signature: 'sign-step',
    form: 'submit-form',
  };
  if (type === 'kit') return step.progress.kind === 'generic' && step.progress.staged ? ['hand-over-kit', 'stage-kit'] : ['kit-scan', 'stage-kit'];
  if (type === 'charge') return ['charge-container', 'complete-charge'];
  return [first[type]!];
}

function kitView(s: OrderState, step: StepState): KitView | null {
  const def = step.planned.step;
  if ((def.type !== 'kit' && def.type !== 'charge') || step.progress.kind !== 'generic') return null;
  const g = step.progress;
  const { expected, linesNotDispensed } = kitContents(s, def);
  return {
    containers: expected.map((c) => ({ containerId: c.containerId, lineId: c.lineId, materialCode: c.materialCode, materialName: c.materialName, lotId: c.lotId, net: c.net, holdUntil: c.holdUntil, done: g.containers.some((x) => x.containerId === c.containerId) })),
    linesNotDispensed,
    staged: g.staged && { location: g.staged.location },
  };
}

function weighView(s: OrderState, w: WeighProgress, md: MasterDataReader | null): WeighView {
  const line = s.plan!.lines.find((l) => l.lineId === w.lineId)!;
  return {
    lineId: w.lineId,
    materialCode: line.materialCode,
    materialName: line.materialName,
    method: w.method,
    portion: w.portion,
    lineWindow: w.lineWindow,
    cumulative: w.cumulative,
    potencyCorrected: line.potency.corrected,
    handlingNotes: line.handlingNotes,
    safetyNotes: line.safetyNotes,
    container: w.container && {
      containerId: w.container.containerId,
      lotId: w.container.lotId,
      left: w.container.left,
      portionWindow: w.container.portionWindow,
      partial: w.container.partial,
      potencyFraction: w.container.potencyFraction,
    },
    balance: w.balance && { balanceId: w.balance.balanceId, minimumWeight: w.balance.minimumWeight, capacity: w.balance.capacity },
    tared: w.tare !== null,
    lastWeighing: w.lastWeighing && { seq: w.lastWeighing.seq, net: w.lastWeighing.net, verdict: w.lastWeighing.verdict, outcome: w.lastWeighing.outcome },
    stockDiscrepancy: w.stockDiscrepancy && { containerId: w.stockDiscrepancy.containerId, recordedLeft: w.stockDiscrepancy.recordedLeft, withdrawn: w.stockDiscrepancy.withdrawn, shortfall: w.stockDiscrepancy.shortfall, awaiting: w.stockDiscrepancy.resolution?.decision ?? null },
    manualScanPending: w.pendingManualScan?.containerId ?? null,
    portionsCounted: w.counted.length,
    ...(md ? { containment: containmentView(s, w, md), volume: volumeView(s, w, md) } : {}),
  };
}

/** With master data, the view also shows containment, volume devices and their windows (issue 17). */
/** A form filled in parts (FR-105): what is recorded, by whom and when, and what is still open. */
function formPartsView(f: FormProgress, username: (userId: string) => string | null): FormPartsView {
  const filledBy: FormPartsView['filledBy'] = {};
  for (const [field, by] of Object.entries(f.filledBy)) filledBy[field] = { seq: by.seq, userId: by.userId, username: by.userId === null ? null : username(by.userId), at: by.at };
  return { recordSeq: f.recordSeq, values: f.values as FormPartsView['values'], calculated: { ...f.calculated }, filledBy, open: [...f.open] };
}

/** `username`: names the people who filled a form's parts (the engine passes its user directory). */
export function orderView(s: OrderState, md: MasterDataReader | null = null, now: Date = new Date(), username: (userId: string) => string | null = () => null, printing: number | null = null): OrderView {
  const step = activeStep(s);
  let current: CurrentStepView | null = null;
  if (step) {
    const def = step.planned.step;
    const weigh = step.progress.kind === 'weigh' ? weighView(s, step.progress, md) : null;
    const allowed = step.progress.kind === 'weigh' ? [...WEIGH_ALLOWED[step.progress.phase], ...dispensaryAllowed(step.progress, weigh?.containment ?? null)] : genericAllowed(step);
    current = {
      index: step.index,
      stepId: def.stepId,
      name: def.name,
      type: def.type,
      instruction: def.instruction,
      phase: step.progress.phase,
      allowed: [...allowed, 'raise-deviation'].filter((c, i, a) => a.indexOf(c) === i) as EngineCommandType[],
      definition: def,
      weigh,
      timerEndsAt: step.progress.kind === 'generic' ? step.progress.timerEndsAt : null,
      kit: kitView(s, step),
      form: step.progress.kind === 'generic' && step.progress.form ? formPartsView(step.progress.form, username) : null,
      ...(md && stepEquipmentClasses(def).length > 0 ? { equipmentChoices: equipmentChoices(md, stepEquipmentClasses(def), { product: s.plan!.product.code, batchNumber: s.batchNumber }, now) } : {}),
    };
  }
  const done = s.steps.filter((x) => x.status === 'done').length;
  const pendingDeviations = s.deviations.some((d) => d.approvedSeq === null);
  return {
    batchNumber: s.batchNumber,
    status: s.status,
    order: s.order,
    boothId: s.boothId,
    recipe: s.plan ? { code: s.plan.recipeCode, version: s.plan.recipeVersion, name: s.plan.recipeName } : s.order ? { code: s.order.recipeCode, version: s.order.recipeVersion, name: '' } : null,
    progress: { done, total: s.steps.length },
    current,
    steps: s.steps.map((x) => ({ index: x.index, stepId: x.planned.step.stepId, name: x.planned.step.name, type: x.planned.step.type, status: x.status, unitProcedureId: x.planned.unitProcedureId, operationId: x.planned.operationId })),
    pendingSignatures: openRecords(s).map((r) => ({ targetSeq: r.seq, entryType: r.type, stepId: r.stepIndex === null ? null : (s.steps[r.stepIndex]?.planned.step.stepId ?? null), meanings: signableMeanings(s, r) })),
    deviations: s.deviations.map((d) => ({ seq: d.seq, deviationId: d.deviationId, category: d.category, stepId: d.stepId, targetSeq: d.targetSeq, reason: d.reason, status: d.approvedSeq === null ? 'pending' : 'approved', approvedBy: d.approvedBy })),
    canComplete: s.status === 'in-progress' && done === s.steps.length && !pendingDeviations && checkReconciled(s).ok,
    lastSeq: s.lastSeq,
    ...(s.reconciliation.issued.size > 0 ? { reconciliation: reconciliationView(s) } : {}),
    labels: labelsView(s, printing),
  };
}
