/**
 * What the operator screen shows of issue 17 items 3, 7 and 8 beside the order view: the PPE
 * checklist of a contained material, the volumetric devices of a volume step with the volume
 * window at each one's resolution, and the order's label reconciliation. Read from the state and
 * master data; never stored.
 */
import { ppeChecklist } from '../../../src-shared/dispensary/ppe-checklist.ts';
import type { EngineCommandType } from '../../../src-shared/orders/engine-command.ts';
import type { ContainmentView, LabelsView, VolumeView } from '../../../src-shared/orders/order-view.ts';
import { volumeWindow } from '../../../src-shared/recipe/dispensing-modes.ts';
import { reconcileLabels } from '../../../src-core/order/label-ledger.ts';
import type { OrderState, WeighProgress } from '../../../src-core/order/order-state.ts';
import { ppeConfirmed } from '../../../src-core/order/ppe-record.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';

export function containmentView(s: OrderState, w: WeighProgress, md: MasterDataReader): ContainmentView | null {
  const materialCode = s.plan!.lines.find((l) => l.lineId === w.lineId)!.materialCode;
  const level = md.get('material', materialCode)?.data.containmentLevel;
  if (level === undefined) return null;
  return { level, boothClass: md.get('booth', s.boothId!)?.data.containmentClass ?? 1, items: ppeChecklist(level).map((i) => ({ itemId: i.itemId, text: i.text })), confirmed: ppeConfirmed(s, materialCode) !== null };
}

export function volumeView(s: OrderState, w: WeighProgress, md: MasterDataReader): VolumeView | null {
  if (w.method !== 'volume') return null;
  const densityGPerMl = w.container ? (md.get('lot', w.container.lotId)?.data.densityGPerMl ?? null) : null;
  const devices = md.get('booth', s.boothId!)?.data.volumetricDevices ?? [];
  return {
    densityGPerMl,
    devices: devices.map((d) => {
      const vw = w.container && densityGPerMl ? volumeWindow(w.container.portionWindow, densityGPerMl, d.resolutionMl) : null;
      return { deviceId: d.deviceId, name: d.name, kind: d.kind, resolutionMl: d.resolutionMl, capacityMl: d.capacityMl, window: vw?.ok ? { target: vw.value.target, lower: vw.value.lower, upper: vw.value.upper } : null };
    }),
  };
}

/** Commands the two add to a weigh step's phase. */
export function dispensaryAllowed(w: WeighProgress, containment: ContainmentView | null): EngineCommandType[] {
  const out: EngineCommandType[] = [];
  if (w.phase === 'need-container' && containment && !containment.confirmed) out.push('confirm-ppe');
  if (w.method === 'volume' && (w.phase === 'need-balance' || w.phase === 'out-of-tolerance')) out.push('record-volume');
  return out;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * The order's labels. FR-139: `printing` is the request seq of the print the station is waiting
 * on now (the engine service holds it, not the ledger): its labels show as printing, not as an
 * outcome unknown; after a restart nothing is printing and such a request is unknown.
 */
export function labelsView(s: OrderState, printing: number | null = null): LabelsView {
  const r = reconcileLabels(s.labels);
  const inFlight = (id: string) => printing !== null && id.startsWith(`${printing}-`);
  const outcomeUnknown = r.outcomeUnknown.filter((id) => !inFlight(id));
  const printingNow = r.outcomeUnknown.filter(inFlight);
  return {
    issued: r.issued,
    printed: r.printed,
    reprinted: r.reprinted,
    used: r.used,
    destroyed: r.destroyed,
    balanced: r.balanced,
    outcomeUnknown,
    printing: printingNow,
    // FR-141: each print of unknown outcome, but not the one the printer is working on now.
    unsettled: s.labels.prints
      .filter((p) => p.outcomeSeq === null && p.seq !== printing)
      .map((p) => ({ printRequestSeq: p.seq, command: p.command, count: p.count, stepId: p.stepId, labelId: p.labelId, containerId: p.containerId, pendingSettlements: p.settlements.length })),
    labels: s.labels.labels.map((l) => ({
      labelId: l.labelId,
      reprintOf: l.reprintOf,
      material: text(l.content.material),
      lotNumber: text(l.content.lotNumber),
      containerId: text(l.content.containerId),
      net: text(l.content.net),
      preview: l.preview,
      disposition: l.disposition?.kind ?? null,
      reason: l.disposition?.reason ?? null,
    })),
  };
}
