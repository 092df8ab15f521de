/**
 * Containment (issue 17 item 8): a material with an occupational exposure band (OEB 1 … 5) is
 * weighed only in a booth whose containment class is at least that band, and only after the
 * operator confirmed every PPE item of the band (ppe-checklist.ts) and signed the checklist
 * "performed" (21 CFR 11.50: the record names who confirmed it, when, and what). One checklist
 * per material and booth in the order: it is asked before the first weighing of the material,
 * at the scan of its first container.
 */
import { ppeChecklist } from '../../../src-shared/dispensary/ppe-checklist.ts';
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import { ppeConfirmed, ppeUnsigned } from '../../../src-core/order/ppe-record.ts';
import type { DecideContext } from './decide-context.ts';
import { entry, type Decision } from './decision.ts';
import { requireWeigh } from './step-guards.ts';

type Cmd<T extends EngineCommand['type']> = Extract<EngineCommand, { type: T }>;

interface Containment {
  materialCode: string;
  level: number;
  boothId: string;
  boothClass: number;
}

/** The material's band against the booth's class; null for a material without a band. */
function containmentOf(s: OrderState, materialCode: string, ctx: DecideContext): Result<Containment | null> {
  const level = ctx.md.get('material', materialCode)?.data.containmentLevel;
  if (level === undefined) return ok(null);
  const boothId = s.boothId!;
  const boothClass = ctx.md.get('booth', boothId)?.data.containmentClass ?? 1;
  if (boothClass < level) {
    return err('BOOTH_CONTAINMENT_INSUFFICIENT', `material ${materialCode} is OEB ${level}; booth ${boothId} contains only up to class ${boothClass}: weigh it in a booth of class ${level} or higher`, {
      materialCode,
      containmentLevel: level,
      boothId,
      boothClass,
    });
  }
  return ok({ materialCode, level, boothId, boothClass });
}

/** Before the first weighing of a contained material: the booth's class, then the signed PPE checklist. */
export function containmentGate(s: OrderState, materialCode: string, ctx: DecideContext): Result<void> {
  const c = containmentOf(s, materialCode, ctx);
  if (!c.ok) return c;
  if (c.value === null || ppeConfirmed(s, materialCode)) return ok(undefined);
  return err('PPE_CHECKLIST_REQUIRED', `material ${materialCode} is OEB ${c.value.level}: confirm and sign the PPE checklist before the first weighing`, {
    materialCode,
    containmentLevel: c.value.level,
    items: ppeChecklist(c.value.level).map((i) => i.itemId),
  });
}

export function decideConfirmPpe(s: OrderState, cmd: Cmd<'confirm-ppe'>, ctx: DecideContext): Result<Decision> {
  const guard = requireWeigh(s, cmd.stepId, ['need-container'], 'confirm the PPE checklist');
  if (!guard.ok) return guard;
  const { step, w } = guard.value;
  const materialCode = s.plan!.lines.find((l) => l.lineId === w.lineId)!.materialCode;
  const c = containmentOf(s, materialCode, ctx);
  if (!c.ok) return c;
  if (c.value === null || ppeConfirmed(s, materialCode)) return err('PPE_NOT_REQUIRED', `material ${materialCode} needs no PPE checklist now`, { materialCode });
  const items = ppeChecklist(c.value.level);
  const unknown = cmd.items.filter((id) => !items.some((i) => i.itemId === id));
  if (unknown.length > 0) return err('INPUT_INVALID', `not on the OEB ${c.value.level} checklist: ${unknown.join(', ')}`, { unknown });
  const open = items.filter((i) => !cmd.items.includes(i.itemId)).map((i) => i.itemId);
  if (open.length > 0) return err('CHECKLIST_INCOMPLETE', `not confirmed: ${open.join(', ')}`, { open });
  // A checklist whose signature failed is signed now rather than recorded twice.
  const unsigned = ppeUnsigned(s, materialCode);
  if (unsigned) return ok({ entries: [], sign: { targetSeq: unsigned.seq, meaning: 'performed', username: cmd.username } });
  return ok({
    entries: [
      entry(s, ctx, 'ppe.checklist_confirmed', {
        stepId: cmd.stepId,
        stepIndex: step.index,
        materialCode,
        containmentLevel: c.value.level,
        boothId: c.value.boothId,
        boothClass: c.value.boothClass,
        items: items.map((i) => ({ itemId: i.itemId, text: i.text.en })),
      }),
    ],
    sign: { targetSeq: 'first-appended', meaning: 'performed', username: cmd.username },
  });
}
