/**
 * Sequence guards (21 CFR 11.10(f)): a command names a step; it is accepted only for the
 * active step, of a type that understands it, in a phase where it is allowed. Anything else
 * is STEP_OUT_OF_SEQUENCE (or STEP_UNKNOWN / STEP_COMMAND_INVALID for a step that does not
 * exist or cannot take that command at all).
 */
import type { StepType } from '../../../src-shared/recipe/recipe-step.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { GenericPhase, GenericProgress, OrderState, StepState, WeighPhase, WeighProgress } from '../../../src-core/order/order-state.ts';

/** The order exists and has been started (it may be complete: see requireInProgress). */
export function requireStarted(s: OrderState): Result<void> {
  if (s.status === 'unknown') return err('ORDER_UNKNOWN', `there is no order for batch ${s.batchNumber}`);
  if (s.status === 'planned') return err('ORDER_NOT_STARTED', `batch ${s.batchNumber} has not been started`);
  return ok(undefined);
}

export function requireInProgress(s: OrderState): Result<void> {
  const started = requireStarted(s);
  if (!started.ok) return started;
  if (s.status === 'complete') return err('ORDER_COMPLETE', `batch ${s.batchNumber} is complete`);
  return ok(undefined);
}

/** The step a command names, of a type that understands the command, whatever the step's status. */
export function requireStepOfType(s: OrderState, stepId: string, types: readonly StepType[], command: string): Result<StepState> {
  const step = s.steps.find((x) => x.planned.step.stepId === stepId);
  if (!step) return err('STEP_UNKNOWN', `batch ${s.batchNumber} has no step ${stepId}`, { stepId });
  if (!types.includes(step.planned.step.type)) {
    return err('STEP_COMMAND_INVALID', `"${command}" does not apply to ${step.planned.step.type} step ${stepId}`, { stepId, command });
  }
  return ok(step);
}

function requireActive(s: OrderState, stepId: string, types: readonly StepType[], command: string): Result<StepState> {
  const started = requireInProgress(s);
  if (!started.ok) return started;
  const found = requireStepOfType(s, stepId, types, command);
  if (!found.ok) return found;
  const step = found.value;
  if (step.status !== 'active') {
    const current = s.steps[s.stepIndex]?.planned.step.stepId ?? null;
    return err('STEP_OUT_OF_SEQUENCE', `step ${stepId} is ${step.status === 'done' ? 'already done' : 'not reached yet'}; the current step is ${current}`, { stepId, current });
  }
  return ok(step);
}

export function requireWeigh(s: OrderState, stepId: string, phases: readonly WeighPhase[], command: string): Result<{ step: StepState; w: WeighProgress }> {
  const step = requireActive(s, stepId, ['weigh'], command);
  if (!step.ok) return step;
  const w = step.value.progress as WeighProgress;
  if (!phases.includes(w.phase)) return outOfPhase(stepId, w.phase, command, phases);
  return ok({ step: step.value, w });
}

export function requireGeneric(s: OrderState, stepId: string, types: readonly StepType[], phases: readonly GenericPhase[], command: string): Result<{ step: StepState; g: GenericProgress }> {
  const step = requireActive(s, stepId, types, command);
  if (!step.ok) return step;
  const g = step.value.progress as GenericProgress;
  if (!phases.includes(g.phase)) return outOfPhase(stepId, g.phase, command, phases);
  return ok({ step: step.value, g });
}

/** Which step a command names, if any (for the refusal record). */
export function stepOfCommand(cmd: { stepId?: string | null }): string | null {
  return cmd.stepId ?? null;
}

function outOfPhase(stepId: string, phase: string, command: string, allowed: readonly string[]): Result<never> {
  const hint: Record<string, string> = {
    'need-container': 'scan a container first',
    'need-balance': 'select a balance first',
    'need-tare': 'tare first',
    'need-capture': 'capture the weight first',
    'out-of-tolerance': 're-weigh or raise a deviation',
    'deviation-pending': 'the deviation needs a supervisor\'s approval first',
    'need-signatures': 'the step must be signed first',
    ready: 'the step has not been done yet',
    running: 'the timer is running',
    'out-of-limits': 're-test or raise a deviation',
  };
  return err('STEP_OUT_OF_SEQUENCE', `cannot ${command} now at step ${stepId}: ${hint[phase] ?? phase}`, { stepId, phase, allowedIn: [...allowed] });
}
