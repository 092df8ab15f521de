/**
 * Process equipment at a recipe step (issue 13 item 2): the equipment-check step names the
 * classes it needs, the operator scans or chooses one piece per class, and each must pass the
 * core's gate (src-core/equipment/equipment-fitness.ts) now, for this batch's product, with the
 * station's own last use of it. The first refusal is returned as it is (the engine service
 * records it as `engine.command_refused`); when all pass, each use becomes an `equipment.used`
 * entry beside the step's record. Process steps (instruction, parameter, IPC, timer, charge) may
 * name one class (`equipmentClass`): the same gate at the step's recording command
 * (`withStepEquipment`). The station's view offers a pick list of its equipment of each class,
 * each with its status now (`equipmentChoices`).
 */
import type { NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { EquipmentChoice } from '../../../src-shared/orders/order-view.ts';
import { EquipmentSchema, type Equipment, type EquipmentClass } from '../../../src-shared/master-data/process-equipment.ts';
import type { RecipeStep } from '../../../src-shared/recipe/recipe-step.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { checkEquipmentMayBeUsed, type EquipmentUseIntent } from '../../../src-core/equipment/equipment-fitness.ts';
import { overlayStationLogbook } from '../../../src-core/equipment/equipment-logbook.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';
import type { Decision } from './decision.ts';
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
    const cleared = checkEquipmentMayBeUsed(stationView(ctx.md, found.data), ctx.now, { product, batchNumber: s.batchNumber, classes }, ctx.md.lastEquipmentUse(equipmentId) ?? null);
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

/** The master data with the station's own signed logbook entries laid over it (equipment-logbook.ts). */
function stationView(md: MasterDataReader, data: Equipment): unknown {
  const entries = md.stationLogbook?.(data.equipmentId) ?? [];
  if (entries.length === 0) return data;
  const parsed = EquipmentSchema.safeParse(data);
  if (!parsed.success) return data;
  const use = md.lastEquipmentUse(data.equipmentId);
  return overlayStationLogbook(parsed.data, entries, use ? { product: use.product, at: use.usedAt } : null);
}

/** The classes of process equipment a step needs (an equipment check's list, a process step's one). */
export function stepEquipmentClasses(def: RecipeStep): EquipmentClass[] {
  if (def.type === 'equipment-check') return def.equipmentClasses ?? [];
  if ('equipmentClass' in def && def.equipmentClass) return [def.equipmentClass];
  return [];
}

/**
 * The pick list (issue 13 item 2): the station's equipment of the classes asked for, each usable
 * now for this batch or with the gate's reason it is not; usable first, then by id.
 */
export function equipmentChoices(md: MasterDataReader, classes: readonly EquipmentClass[], intent: Omit<EquipmentUseIntent, 'classes'>, now: Date): EquipmentChoice[] {
  if (classes.length === 0) return [];
  const out: EquipmentChoice[] = [];
  for (const e of md.list('equipment')) {
    const parsed = EquipmentSchema.safeParse(e.data);
    if (!parsed.success || !classes.includes(parsed.data.class)) continue;
    const q = parsed.data;
    const r = checkEquipmentMayBeUsed(stationView(md, q), now, { ...intent, classes }, md.lastEquipmentUse(q.equipmentId) ?? null);
    out.push({ equipmentId: q.equipmentId, name: q.name, class: q.class, location: q.location, usable: r.ok, refusal: r.ok ? null : { code: r.error.code, message: r.error.message, ...(r.error.details ? { details: r.error.details } : {}) } });
  }
  return out.sort((a, b) => Number(b.usable) - Number(a.usable) || a.class.localeCompare(b.class) || a.equipmentId.localeCompare(b.equipmentId));
}

/**
 * A process step that names an equipment class: the piece given must pass the gate, and its use
 * is recorded with the step's record (after it, in the same append). A step without a class
 * decides as before; equipment given to such a step is refused as input, not ignored.
 */
export function withStepEquipment(s: OrderState, step: StepState, given: readonly string[] | undefined, ctx: DecideContext, decide: () => Result<Decision>): Result<Decision> {
  const classes = stepEquipmentClasses(step.planned.step);
  if (classes.length === 0) {
    if (given && given.length > 0) return err('INPUT_INVALID', `step ${step.planned.step.stepId} names no equipment`, { field: 'equipment' });
    return decide();
  }
  const used = checkStepEquipment(s, step, classes, given ?? [], ctx);
  if (!used.ok) return used;
  const d = decide();
  if (!d.ok || d.value.entries.length === 0) return d;
  return ok({ ...d.value, entries: [...d.value.entries, ...used.value.entries] });
}
