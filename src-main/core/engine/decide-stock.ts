/**
 * Container stock is never adjusted silently (issue 18 item 11). A weighing that takes more
 * than the container's recorded stock is recorded as it happened (DI-06) with the stock going
 * negative, plus a `dispense.stock_discrepancy` entry of its own; it counts for nothing until
 * a supervisor decides: accepted (the weighing counts, the container is recorded empty) or
 * rejected (it does not count, the material goes back, the stock stays as recorded before),
 * either with a reason and the supervisor's "approved" signature. Before this, the station
 * clamped the stock to zero without a word.
 */
import { convertMass, formatMass, isNegativeMass, negateMass, subtractMass, type Mass } from '../../../src-shared/mass.ts';
import type { NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import type { BatchlineError } from '../../../src-shared/result.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { OrderState, StepState, WeighProgress } from '../../../src-core/order/order-state.ts';
import type { DecideContext } from './decide-context.ts';
import { append, entry, type Decision } from './decision.ts';
import { requireWeigh } from './step-guards.ts';

type Cmd<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;

export interface Withdrawal {
  /** Recorded stock minus net, in the container's unit; negative when more was taken. */
  leftAfter: Mass;
  /** How much more than the recorded stock was taken, or null. */
  shortfall: Mass | null;
}

export function withdraw(left: Mass, net: Mass): Withdrawal {
  const leftAfter = subtractMass(left, convertMass(net, left.unit));
  return { leftAfter, shortfall: isNegativeMass(leftAfter) ? negateMass(leftAfter) : null };
}

/** The discrepancy entry that follows the weighing, and the refusal the operator sees. */
export function stockDiscrepancy(s: OrderState, ctx: DecideContext, step: StepState, w: WeighProgress, net: Mass, shortfall: Mass): { entry: NewEntry; reject: BatchlineError } {
  const c = w.container!;
  return {
    entry: entry(s, ctx, 'dispense.stock_discrepancy', {
      stepId: step.planned.step.stepId,
      stepIndex: step.index,
      lineId: w.lineId,
      portion: w.portion,
      containerId: c.containerId,
      lotId: c.lotId,
      recordedLeft: c.left,
      withdrawn: net,
      shortfall,
    }),
    reject: {
      code: 'STOCK_DISCREPANCY',
      message: `${formatMass(net)} taken from container ${c.containerId}, which held ${formatMass(c.left)} on record (${formatMass(shortfall)} more): a supervisor must accept or reject this weighing`,
      details: { containerId: c.containerId, recordedLeft: c.left, withdrawn: net, shortfall },
    },
  };
}

export function decideStockResolution(s: OrderState, cmd: Cmd<'resolve-stock-discrepancy'>, ctx: DecideContext): Result<Decision> {
  const guard = requireWeigh(s, cmd.stepId, ['stock-discrepancy'], 'resolve a stock discrepancy');
  if (!guard.ok) return guard;
  const { step, w } = guard.value;
  const d = w.stockDiscrepancy;
  if (!d) return err('STEP_OUT_OF_SEQUENCE', `step ${cmd.stepId} has no stock discrepancy to resolve`, { stepId: cmd.stepId });
  const resolved = entry(s, ctx, 'dispense.stock_discrepancy_resolved', {
    stepId: cmd.stepId,
    stepIndex: step.index,
    lineId: w.lineId,
    discrepancySeq: d.seq,
    containerId: d.containerId,
    decision: cmd.decision,
    reason: cmd.reason.trim(),
    containerLeftAfter: cmd.decision === 'accepted' ? { amount: '0', unit: d.recordedLeft.unit } : d.recordedLeft,
  });
  return ok({ ...append(resolved), sign: { targetSeq: 'first-appended', meaning: 'approved', username: cmd.username } });
}

