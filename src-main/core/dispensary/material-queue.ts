/**
 * A booth's dispensing queue (issue 17 item 1): the open weigh lines of every order in progress
 * in the booth, grouped by material, so one material can be weighed for several orders in a
 * row (a campaign) instead of cleaning the booth between orders. Pure: it reads the orders'
 * folded states and the materials' master data.
 */
import type { Mass } from '../../../src-shared/mass.ts';
import type { Material } from '../../../src-shared/master-data/material.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import { lineWindow } from '../../../src-core/order/evolve-order.ts';

export interface OpenLine {
  batchNumber: string;
  stepId: string;
  stepIndex: number;
  lineId: string;
  /** What the line asks for (pure substance for potency-corrected lines). */
  target: Mass;
  /** Counted toward the line so far. */
  cumulative: Mass;
  /** active: the order stands at this weighing now; pending: a later step of the order. */
  status: 'active' | 'pending';
}

export interface MaterialGroup {
  materialCode: string;
  materialName: string;
  holdTimeHours: number | null;
  changeoverAfterEachCampaign: boolean;
  lines: OpenLine[];
}

export function materialQueue(orders: readonly OrderState[], boothId: string, material: (code: string) => Material | undefined): MaterialGroup[] {
  const groups = new Map<string, MaterialGroup>();
  for (const s of orders) {
    if (s.status !== 'in-progress' || s.boothId !== boothId || !s.plan) continue;
    for (const step of s.steps) {
      const def = step.planned.step;
      if (step.status === 'done' || def.type !== 'weigh') continue;
      const line = s.plan.lines.find((l) => l.lineId === def.lineId);
      if (!line) continue;
      // A weigh step's progress is folded once it is active; before that its window is the plan's.
      const w = step.progress.kind === 'weigh' ? step.progress : null;
      const window = w?.lineWindow ?? lineWindow(s, def.lineId);
      let g = groups.get(line.materialCode);
      if (!g) {
        const m = material(line.materialCode);
        g = { materialCode: line.materialCode, materialName: line.materialName, holdTimeHours: m?.holdTimeHours ?? null, changeoverAfterEachCampaign: m?.changeoverAfterEachCampaign ?? false, lines: [] };
        groups.set(line.materialCode, g);
      }
      g.lines.push({
        batchNumber: s.batchNumber,
        stepId: def.stepId,
        stepIndex: step.index,
        lineId: def.lineId,
        target: window.target,
        cumulative: w?.cumulative ?? { amount: '0', unit: window.target.unit },
        status: step.status === 'active' ? 'active' : 'pending',
      });
    }
  }
  // Most orders first: that is where a campaign saves the most changeovers; then by code.
  return [...groups.values()]
    .map((g) => ({ ...g, lines: g.lines.sort((a, b) => a.batchNumber.localeCompare(b.batchNumber) || a.stepIndex - b.stepIndex) }))
    .sort((a, b) => b.lines.length - a.lines.length || a.materialCode.localeCompare(b.materialCode));
}
