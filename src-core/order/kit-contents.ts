/**
 * What a kit or charge step must hold (issue 17 item 4): every dispensed container (counted
 * portion) of the lines it covers. A kit covers the lines of the charge step it names, or every
 * weighed line of the order; a charge step covers its own lines. Pure: read from the folded state.
 */
import type { Mass } from '../../src-shared/mass.ts';
import { dispensedContainerId } from '../../src-shared/orders/dispensed-container.ts';
import type { RecipeStep } from '../../src-shared/recipe/recipe-step.ts';
import type { OrderState } from './order-state.ts';

export interface DispensedContainer {
  containerId: string;
  weighingSeq: number;
  /** The weigh step that filled it. */
  stepId: string;
  lineId: string;
  materialCode: string;
  materialName: string;
  lotId: string;
  net: Mass;
  holdUntil: string | null;
}

/** Every dispensed container of the order so far, in weighing order. */
export function dispensedContainers(s: OrderState): DispensedContainer[] {
  const out: DispensedContainer[] = [];
  for (const step of s.steps) {
    if (step.progress.kind !== 'weigh') continue;
    const w = step.progress;
    const line = s.plan?.lines.find((l) => l.lineId === w.lineId);
    for (const p of w.counted) {
      out.push({ containerId: dispensedContainerId(p.seq), weighingSeq: p.seq, stepId: step.planned.step.stepId, lineId: w.lineId, materialCode: line?.materialCode ?? '', materialName: line?.materialName ?? '', lotId: p.lotId, net: p.net, holdUntil: p.holdUntil });
    }
  }
  return out;
}

/** The material lines a kit or charge step covers. */
export function linesOf(s: OrderState, def: Extract<RecipeStep, { type: 'kit' | 'charge' }>): string[] {
  if (def.type === 'charge') return def.lineIds;
  if (def.forStepId !== null) {
    const charge = s.plan?.steps.find((x) => x.step.stepId === def.forStepId)?.step;
    return charge?.type === 'charge' ? charge.lineIds : [];
  }
  return (s.plan?.steps ?? []).flatMap((x) => (x.step.type === 'weigh' ? [x.step.lineId] : [])).filter((l, i, a) => a.indexOf(l) === i);
}

/** The step's expected containers, and the lines whose weighing is not finished yet. */
export function kitContents(s: OrderState, def: Extract<RecipeStep, { type: 'kit' | 'charge' }>): { expected: DispensedContainer[]; linesNotDispensed: string[] } {
  const lines = linesOf(s, def);
  const expected = dispensedContainers(s).filter((c) => lines.includes(c.lineId));
  const linesNotDispensed = lines.filter((l) => !s.steps.some((x) => x.progress.kind === 'weigh' && x.progress.lineId === l && x.status === 'done'));
  return { expected, linesNotDispensed };
}
