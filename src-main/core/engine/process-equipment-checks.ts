/**
 * Process equipment at a recipe step (issue 13 item 2): the equipment-check step names the
 * classes it needs, the operator scans or chooses one piece per class, and each must pass the
 * core's gate (src-core/equipment/equipment-fitness.ts) now, for this batch's product, with the
 * station's own last use of it. The first refusal is returned as it is (the engine service
 * records it as `engine.command_refused`); when all pass, each use becomes an `equipment.used`
 * entry beside the step's record.
 */
import type { NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { EquipmentClass } from '../../../src-shared/master-data/process-equipment.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { checkEquipmentMayBeUsed } from '../../../src-core/equipment/equipment-fitness.ts';
import type { OrderState, StepState } from '../../../src-core/order/order-state.ts';
import type { DecideContext } from './decide-context.ts';
import { entry } from './decision.ts';

export interface StepEquipment {
  /** What the step's record cites, per piece of equipment. */
  cited: Record<string, unknown>[];
  entries: NewEntry[];
}

export function checkStepEquipment(s: OrderState, step: StepState, classes: readonly EquipmentClass[], given: readonly string[], ctx: DecideContext): Result<StepEquipment> {
  if (given.length === 0) return err('EQUIPMENT_REQUIRED', `this step needs a ${classes.join(', ')}: scan or choose it`, { required: classes.join(', ') });
  const product = s.plan!.product.code;
  const cited: Record<string, unknown>[] = [];
  const entries: NewEntry[] = [];
  const covered: EquipmentClass[] = [];
  for (const equipmentId of given) {
    const found = ctx.md.get('equipment', equipmentId);
    if (!found) return err('EQUIPMENT_UNKNOWN', `equipment ${equipmentId} is not in the station's master data`, { equipmentId });
    const cleared = checkEquipmentMayBeUsed(found.data, ctx.now, { product, batchNumber: s.batchNumber, classes }, ctx.md.lastEquipmentUse(equipmentId) ?? null);
    if (!cleared.ok) return cleared;
    covered.push(cleared.value.class);
    cited.push({ ...cleared.value, version: found.version });
    entries.push(
      entry(s, ctx, 'equipment.used', {
        equipmentId,
        equipmentVersion: found.version,
        class: cleared.value.class,
        stepId: step.planned.step.stepId,
        stepIndex: step.index,
        product,
        clearance: { ...cleared.value },
      }),
    );
  }
  const missing = classes.filter((c) => !covered.includes(c));
  const twice = covered.filter((c, i) => covered.indexOf(c) !== i);
  if (missing.length > 0 || twice.length > 0 || new Set(given).size !== given.length) {
    return err('EQUIPMENT_REQUIRED', `one piece of equipment per class: ${classes.join(', ')}${missing.length > 0 ? ` (missing ${missing.join(', ')})` : ''}`, { required: classes.join(', ') });
  }
  return ok({ cited, entries });
}
