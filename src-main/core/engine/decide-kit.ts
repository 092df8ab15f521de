/**
 * Kits and verification at the point of use (issue 17 item 4). A kit step takes the label scan
 * of each dispensed container of its lines; it is staged once complete and handed over with
 * the giver's signature. A charge step takes each container again at the point of use and
 * charges it with a signature: a container of another batch or step, one past its hold time,
 * or one already charged is refused by code, and the step cannot complete while one is missing.
 * Refusals are recorded by the engine service (`engine.command_refused`) and change no state.
 */
import { withStepEquipment } from './process-equipment-checks.ts';
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import { weighingSeqOf } from '../../../src-shared/orders/dispensed-container.ts';
import type { RecipeStep } from '../../../src-shared/recipe/recipe-step.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { dispensedContainers, kitContents, linesOf, type DispensedContainer } from '../../../src-core/order/kit-contents.ts';
import type { GenericProgress, OrderState, StepState } from '../../../src-core/order/order-state.ts';
import type { UserDirectory } from '../auth/user-directory.ts';
import type { DecideContext } from './decide-context.ts';
import { append, entry, type Decision } from './decision.ts';
import { recorded } from './decide-steps.ts';
import { requireGeneric } from './step-guards.ts';

type Cmd<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;
type KitDef = Extract<RecipeStep, { type: 'kit' }>;
type ChargeDef = Extract<RecipeStep, { type: 'charge' }>;

/**
 * Which dispensed container a scanned id names, for a step covering `lines`: this order's
 * counted portion of one of those lines, else a refusal that says what it is instead.
 */
function identify(s: OrderState, step: StepState, def: KitDef | ChargeDef, containerId: string, ctx: DecideContext): Result<DispensedContainer> {
  const seq = weighingSeqOf(containerId);
  const notDispensed = () =>
    err('KIT_CONTAINER_NOT_DISPENSED', `${containerId} is not a container dispensed for batch ${s.batchNumber}: scan the dispensed container's label`, { containerId });
  if (seq === null) return notDispensed();
  const { expected } = kitContents(s, def);
  const own = expected.find((c) => c.weighingSeq === seq);
  if (own) return ok(own);
  const ofOrder = dispensedContainers(s).find((c) => c.weighingSeq === seq);
  if (ofOrder) {
    return err('KIT_CONTAINER_OTHER_STEP', `${containerId} (${ofOrder.materialCode}, line ${ofOrder.lineId}) belongs to another step of batch ${s.batchNumber}, not to ${step.planned.step.stepId} (lines ${linesOf(s, def).join(', ')})`, {
      containerId,
      lineId: ofOrder.lineId,
      stepId: step.planned.step.stepId,
      lines: linesOf(s, def),
    });
  }
  const other = ctx.findWeighing?.(seq) ?? null;
  if (other && other.batchNumber !== s.batchNumber) {
    return err('KIT_CONTAINER_OTHER_BATCH', `${containerId} was dispensed for batch ${other.batchNumber}, not for batch ${s.batchNumber}`, { containerId, batchNumber: other.batchNumber, expectedBatch: s.batchNumber });
  }
  return notDispensed();
}

function kitStep(s: OrderState, stepId: string, command: string): Result<{ step: StepState; g: GenericProgress; def: KitDef }> {
  const g = requireGeneric(s, stepId, ['kit'], ['ready'], command);
  return g.ok ? ok({ ...g.value, def: g.value.step.planned.step as KitDef }) : g;
}

function chargeStep(s: OrderState, stepId: string, command: string): Result<{ step: StepState; g: GenericProgress; def: ChargeDef }> {
  const g = requireGeneric(s, stepId, ['charge'], ['ready'], command);
  return g.ok ? ok({ ...g.value, def: g.value.step.planned.step as ChargeDef }) : g;
}

const ref = (step: StepState, c: DispensedContainer) => ({
  stepId: step.planned.step.stepId,
  stepIndex: step.index,
  containerId: c.containerId,
  weighingSeq: c.weighingSeq,
  lineId: c.lineId,
  materialCode: c.materialCode,
  lotId: c.lotId,
  net: c.net,
});

export function decideKitScan(s: OrderState, cmd: Cmd<'kit-scan'>, ctx: DecideContext): Result<Decision> {
  const k = kitStep(s, cmd.stepId, 'scan into the kit');
  if (!k.ok) return k;
  const { step, g, def } = k.value;
  if (g.staged) return err('STEP_OUT_OF_SEQUENCE', `the kit of step ${cmd.stepId} is staged at ${g.staged.location}: hand it over`, { stepId: cmd.stepId });
  const c = identify(s, step, def, cmd.scan.containerId, ctx);
  if (!c.ok) return c;
  if (g.containers.some((x) => x.containerId === c.value.containerId)) {
    return err('KIT_CONTAINER_DUPLICATE', `${c.value.containerId} is already in the kit`, { containerId: c.value.containerId });
  }
  const of = kitContents(s, def).expected.length;
  return ok(append(entry(s, ctx, 'kit.container_scanned', { ...ref(step, c.value), raw: cmd.scan.raw, scanned: g.containers.length + 1, of })));
}

/** What the kit still lacks: containers not scanned, lines not dispensed yet. */
function kitMissing(s: OrderState, def: KitDef | ChargeDef, have: GenericProgress['containers']): { missing: string[]; linesNotDispensed: string[] } {
  const { expected, linesNotDispensed } = kitContents(s, def);
  return { missing: expected.filter((c) => !have.some((x) => x.containerId === c.containerId)).map((c) => c.containerId), linesNotDispensed };
}

export function decideStageKit(s: OrderState, cmd: Cmd<'stage-kit'>, ctx: DecideContext): Result<Decision> {
  const k = kitStep(s, cmd.stepId, 'stage the kit');
  if (!k.ok) return k;
  const { step, g, def } = k.value;
  const { missing, linesNotDispensed } = kitMissing(s, def, g.containers);
  if (missing.length > 0 || linesNotDispensed.length > 0 || g.containers.length === 0) {
    const what = [missing.length > 0 ? `not scanned: ${missing.join(', ')}` : '', linesNotDispensed.length > 0 ? `lines not dispensed: ${linesNotDispensed.join(', ')}` : ''].filter(Boolean).join('; ') || 'no container scanned';
    return err('KIT_INCOMPLETE', `the kit of step ${cmd.stepId} is not complete (${what})`, { missing, linesNotDispensed });
  }
  return ok(append(entry(s, ctx, 'kit.staged', { stepId: cmd.stepId, stepIndex: step.index, location: cmd.location, containers: g.containers.map((c) => c.containerId) })));
}

/** Only the session's user, who records the hand-over, can sign it as performed. */
function signerIsActor(cmd: { username: string | null }, ctx: DecideContext, users: UserDirectory): Result<void> {
  const signer = cmd.username === null ? ctx.actor : users.byUsername(cmd.username.trim().toLowerCase());
  if (signer && signer.userId !== ctx.actor.userId) return err('SIGNATURE_NOT_PERFORMER', 'only the person who performed the step can sign it as performed');
  return ok(undefined);
}

export function decideHandOver(s: OrderState, cmd: Cmd<'hand-over-kit'>, ctx: DecideContext, users: UserDirectory): Result<Decision> {
  const k = kitStep(s, cmd.stepId, 'hand over the kit');
  if (!k.ok) return k;
  const { step, g, def } = k.value;
  if (!g.staged) return err('KIT_NOT_STAGED', `the kit of step ${cmd.stepId} must be complete and staged before it is handed over`, { stepId: cmd.stepId });
  const who = signerIsActor(cmd, ctx, users);
  if (!who.ok) return who;
  const e = entry(s, ctx, 'kit.handed_over', { stepId: cmd.stepId, stepIndex: step.index, location: g.staged.location, containers: g.containers.map((c) => c.containerId), forStepId: def.forStepId });
  return ok({ entries: [e], sign: { targetSeq: 'first-appended', meaning: 'performed', username: cmd.username } });
}

export function decideCharge(s: OrderState, cmd: Cmd<'charge-container'>, ctx: DecideContext, users: UserDirectory): Result<Decision> {
  const k = chargeStep(s, cmd.stepId, 'charge');
  if (!k.ok) return k;
  const { step, g, def } = k.value;
  const c = identify(s, step, def, cmd.scan.containerId, ctx);
  if (!c.ok) return c;
  const id = c.value.containerId;
  const earlier = g.containers.find((x) => x.containerId === id);
  if (earlier) return err('KIT_CONTAINER_ALREADY_CHARGED', `${id} was already charged (entry ${earlier.seq})`, { containerId: id, chargedSeq: earlier.seq });
  const hold = c.value.holdUntil;
  if (hold !== null && ctx.now.getTime() > Date.parse(hold)) {
    const minutes = Math.floor((ctx.now.getTime() - Date.parse(hold)) / 60_000);
    return err('HOLD_TIME_EXPIRED', `${id} (${c.value.materialCode}) was usable until ${hold}; its hold time expired ${minutes} min ago`, { containerId: id, holdUntil: hold, expiredAt: hold, minutesPast: minutes });
  }
  const who = signerIsActor(cmd, ctx, users);
  if (!who.ok) return who;
  const e = entry(s, ctx, 'kit.container_charged', { ...ref(step, c.value), raw: cmd.scan.raw, holdUntil: hold });
  return ok({ entries: [e], sign: { targetSeq: 'first-appended', meaning: 'performed', username: cmd.username } });
}

export function decideCompleteCharge(s: OrderState, cmd: Cmd<'complete-charge'>, ctx: DecideContext): Result<Decision> {
  const k = chargeStep(s, cmd.stepId, 'complete the charge');
  if (!k.ok) return k;
  const { step, g, def } = k.value;
  const { missing, linesNotDispensed } = kitMissing(s, def, g.containers);
  if (missing.length > 0 || linesNotDispensed.length > 0) {
    const what = [missing.length > 0 ? `not charged: ${missing.join(', ')}` : '', linesNotDispensed.length > 0 ? `lines not dispensed: ${linesNotDispensed.join(', ')}` : ''].filter(Boolean).join('; ');
    return err('KIT_CONTAINER_MISSING', `step ${cmd.stepId} cannot be completed (${what})`, { missing, linesNotDispensed });
  }
  // The vessel or mixer charged into, where the step names its class (issue 13 item 2).
  return withStepEquipment(s, step, cmd.equipment, ctx, () => ok(recorded(s, ctx, step, { charged: g.containers.map((c) => ({ containerId: c.containerId, chargeSeq: c.seq })), lines: def.lineIds }, null)));
}
