/**
 * Reconciliation of an order (issue 17 item 6), recorded once every step is done and every
 * container issued to the order is back (weighed, or declared empty) and decided:
 *  - per order, per material: issued = dispensed + returned + wasted ± the stated tolerance
 *    (order-balance.ts); a balance that does not close raises a `reconciliation` deviation;
 *  - per batch: the yield against the recipe's limits frozen in the plan (batch-yield.ts); out
 *    of limits raises a `yield-out-of-limits` deviation.
 * The deviations are ordinary station deviations: a supervisor approves them before the order
 * completes, they reach the hub as deviation records, and review by exception lists them.
 * An order with any return or spillage cannot complete without its reconciliation.
 */
import { addMass, convertMass, formatMass, negateMass, type Mass } from '../../../src-shared/mass.ts';
import { orderBalance, type ContainerFlow, type MaterialBalance } from '../../../src-shared/reconciliation/order-balance.ts';
import { batchYield, type BatchYield } from '../../../src-shared/reconciliation/batch-yield.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import { dispensedFrom, returnSettled, type ReconciliationState } from '../../../src-core/order/reconciliation-state.ts';
import type { DecideContext } from '../engine/decide-context.ts';
import { append, entry, type Decision } from '../engine/decision.ts';
import { requireInProgress } from '../engine/step-guards.ts';
import type { NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { SystemReasonKey, SystemReasonParams } from '../../../src-shared/record/system-reasons.ts';

/** complete-order's extra rule: once returns or spillage were recorded, the reconciliation must be too. */
export function checkReconciled(s: OrderState): Result<void> {
  const r = s.reconciliation;
  if (r.recordedSeq === null && (r.returns.size > 0 || r.spillage.length > 0)) {
    return err('RECONCILIATION_MISSING', `batch ${s.batchNumber} has returns recorded: reconcile the order before completing it`);
  }
  return ok(undefined);
}

/** What each container issued to the order contributes to its balance. */
export function containerFlows(s: OrderState): ContainerFlow[] {
  const r = s.reconciliation;
  const flows: ContainerFlow[] = [];
  for (const i of r.issued.values()) {
    const unit = i.issued.unit;
    const ret = r.returns.get(i.containerId);
    let issued = i.issued;
    let wasted = spilt(r, i.containerId, unit);
    if (ret?.residue) wasted = addMass(wasted, convertMass(ret.residue, unit));
    if (ret?.resolution?.approved && ret.resolution.decision === 'accepted') wasted = addMass(wasted, negateMass(convertMass(ret.difference, unit)));
    if (ret?.resolution?.approved && ret.resolution.decision === 'stock-adjusted') issued = addMass(issued, convertMass(ret.difference, unit));
    flows.push({ containerId: i.containerId, materialCode: i.materialCode, issued, dispensed: dispensedFrom(s, i.containerId, unit), returned: ret ? convertMass(ret.returned, unit) : { amount: '0', unit }, wasted });
  }
  return flows;
}

function spilt(r: ReconciliationState, containerId: string, unit: Mass['unit']): Mass {
  return r.spillage.filter((x) => x.containerId === containerId).reduce<Mass>((acc, x) => addMass(acc, convertMass(x.amount, unit)), { amount: '0', unit });
}

/** The batch's yield: each line's counted total (its basis) against its nominal. */
export function orderYield(s: OrderState): BatchYield | null {
  const lines = (s.plan?.lines ?? []).map((l) => {
    const step = s.steps.find((x) => x.progress.kind === 'weigh' && x.progress.lineId === l.lineId);
    const dispensed = step?.progress.kind === 'weigh' ? step.progress.cumulative : { amount: '0', unit: l.nominal.unit };
    return { nominal: l.nominal, dispensed };
  });
  return batchYield(lines, s.plan?.yieldLimits ?? null);
}

export function decideReconcile(s: OrderState, ctx: DecideContext): Result<Decision> {
  const started = requireInProgress(s);
  if (!started.ok) return started;
  const r = s.reconciliation;
  if (r.recordedSeq !== null) return err('RECONCILIATION_RECORDED', `batch ${s.batchNumber} is reconciled (entry ${r.recordedSeq})`);
  const open = s.steps.filter((x) => x.status !== 'done').map((x) => x.planned.step.stepId);
  if (open.length > 0) return err('RECONCILIATION_NOT_READY', `steps not done: ${open.slice(0, 5).join(', ')}`, { open: open.length });
  const pending = [...r.returns.values()].filter((x) => !returnSettled(x) && x.beyondLimit && (!x.manual || x.verified)).map((x) => x.containerId);
  if (pending.length > 0) return err('RETURN_DISCREPANCY_PENDING', `returns await a supervisor's decision: ${pending.join(', ')}`, { containers: pending });
  const missing = [...r.issued.keys()].filter((id) => !r.returns.has(id) || !returnSettled(r.returns.get(id)!));
  if (missing.length > 0) return err('RETURN_MISSING', `containers issued to the order are not back yet: ${missing.join(', ')}`, { containers: missing });
  const rule = ctx.config.reconciliation.order;
  const balance = orderBalance(containerFlows(s), rule);
  const y = orderYield(s);
  const deviations: NewEntry[] = [];
  // FR-102: the reason as a code and its values (worded in each reader's language), and in English beside it.
  const raise = (category: 'reconciliation' | 'yield-out-of-limits', code: string, reason: string, reasonKey: SystemReasonKey, reasonParams: SystemReasonParams) =>
    deviations.push(entry(s, ctx, 'deviation.raised', { deviationId: `DEV-${s.batchNumber}-${String(s.deviations.length + deviations.length + 1).padStart(3, '0')}`, category, stepId: null, targetSeq: null, code, reason, reasonKey, reasonParams }));
  const unclosed = balance.materials.filter((m) => !m.closes);
  if (unclosed.length > 0) {
    const params: SystemReasonParams = { materials: unclosed.length };
    unclosed.forEach((m, i) => Object.assign(params, { [`material${i}`]: m.materialCode, [`issued${i}`]: formatMass(m.issued), [`dispensed${i}`]: formatMass(m.dispensed), [`returned${i}`]: formatMass(m.returned), [`wasted${i}`]: formatMass(m.wasted), [`difference${i}`]: formatMass(m.difference), [`tolerance${i}`]: formatMass(m.tolerance) }));
    raise('reconciliation', 'ORDER_BALANCE_NOT_CLOSED', `the material balance does not close: ${unclosed.map(describe).join('; ')}`, 'balance-not-closed', params);
  }
  if (y?.within === false && y.limits) {
    raise('yield-out-of-limits', 'YIELD_OUT_OF_LIMITS', `yield ${y.percent} % is outside the recipe's limits ${y.limits.lowerPercent} % – ${y.limits.upperPercent} % (${formatMass(y.actual)} of ${formatMass(y.theoretical)})`, 'yield-out-of-limits', {
      percent: y.percent,
      lower: y.limits.lowerPercent,
      upper: y.limits.upperPercent,
      actual: formatMass(y.actual),
      theoretical: formatMass(y.theoretical),
    });
  }
  const recorded = entry(s, ctx, 'reconciliation.recorded', {
    materials: balance.materials,
    closes: balance.closes,
    orderLimit: rule,
    yield: y,
    deviationIds: deviations.map((d) => (d.payload as { deviationId: string }).deviationId),
  });
  return ok(append(recorded, ...deviations));
}

function describe(m: MaterialBalance): string {
  return `${m.materialCode} issued ${formatMass(m.issued)}, dispensed ${formatMass(m.dispensed)}, returned ${formatMass(m.returned)}, wasted ${formatMass(m.wasted)}: difference ${formatMass(m.difference)} beyond ±${formatMass(m.tolerance)}`;
}
