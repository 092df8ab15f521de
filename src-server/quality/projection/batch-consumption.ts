/**
 * What a batch consumed, as genealogy facts (pure): the weighings that count, each one a
 * dispensed-container node with the edges container -> dispense -> batch carrying its net.
 *
 * Only a weighing the batch kept is consumption (issue 18 item 13). The station's engine
 * (src-core/order/evolve-order.ts) counts a weighing when its outcome is `accepted` or
 * `partial`, and an `out-of-tolerance` one only once a deviation naming it is signed
 * "approved"; a rejected weighing stays in the record (DI-06) but its material never went into
 * the batch, so a recall must not show it as a dispense into the batch with its quantity.
 *
 * A correction (`correction.recorded`) of a weighing never changes the original entry; the
 * genealogy follows the corrected values (a corrected net, or an outcome corrected to
 * out-of-tolerance), as the batch record shows them beside the original.
 *
 * Why per batch and recomputed whole, not per entry: whether a weighing counts is decided by
 * later entries (the deviation, its approval, a correction), which may arrive pages later.
 * Recomputing a batch's consumption from all its entries, like its summary row
 * (batch-summary.ts), cannot drift the way an incremental edit can.
 */
import { batchNode, containerNode, lotNode, type EdgeFact, type Facts, type NodeFact, type StoredEntry } from './genealogy-facts.ts';

/** The entry types that decide consumption; the projector loads only these. */
export const CONSUMPTION_TYPES = ['dispense.weighed', 'deviation.raised', 'signature.applied', 'correction.recorded'] as const;

type Payload = Record<string, unknown>;
type Mass = { amount: string; unit: string };

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const massText = (m: unknown): string | null =>
  m && typeof m === 'object' && typeof (m as Mass).amount === 'string' && typeof (m as Mass).unit === 'string' ? `${(m as Mass).amount} ${(m as Mass).unit}` : null;

export function dispenseKey(stationId: string, seq: number): string {
  return `${stationId}#${seq}`;
}

interface Weighing {
  entry: StoredEntry;
  payload: Payload;
  corrections: number[];
  approvedDeviationSeq: number | null;
}

/** Entries of one batch, any stations, in any order; returns the facts of what it consumed. */
export function batchConsumption(batchNumber: string, entries: readonly StoredEntry[]): Facts {
  const perStation = new Map<string, StoredEntry[]>();
  for (const e of entries) perStation.set(e.stationId, [...(perStation.get(e.stationId) ?? []), e]);
  const nodes: NodeFact[] = [];
  const edges: EdgeFact[] = [];
  const batch = batchNode(batchNumber, null, null);
  for (const [stationId, list] of [...perStation].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const w of countedWeighings(list)) {
      const p = w.payload;
      const lotId = str(p.lotId);
      const containerId = str(p.containerId);
      if (!lotId || !containerId) continue;
      const net = massText(p.net);
      const l = lotNode(lotId, null, null);
      const c = containerNode(containerId, lotId, null);
      const d: NodeFact = {
        kind: 'dispense',
        key: dispenseKey(stationId, w.entry.seq),
        label: `${batchNumber} ${String(p.lineId)} #${String(p.portion)}${net ? `: ${net}` : ''}`,
        attrs: {
          batchNumber,
          lineId: p.lineId,
          portion: p.portion,
          outcome: p.outcome,
          lotId,
          containerId,
          net,
          at: w.entry.time,
          ...(w.approvedDeviationSeq !== null ? { viaDeviationSeq: w.approvedDeviationSeq } : {}),
          ...(w.corrections.length > 0 ? { correctedBy: w.corrections } : {}),
        },
      };
      const edge = (parent: NodeFact, child: NodeFact, quantity: string | null) =>
        edges.push({ parent: { kind: parent.kind, key: parent.key }, child: { kind: child.kind, key: child.key }, quantity, stationId, seq: w.entry.seq });
      nodes.push(l, c, d, batch);
      edge(l, c, null);
      edge(c, d, net);
      edge(d, batch, net);
    }
  }
  return { nodes, edges };
}

/** One station's weighings of the batch that the batch kept, with corrections applied. */
function countedWeighings(entries: readonly StoredEntry[]): Weighing[] {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const weighings = new Map<number, Weighing>();
  const deviations = new Map<number, number>();
  for (const e of sorted) {
    const p = e.payload;
    switch (e.type) {
      case 'dispense.weighed':
        weighings.set(e.seq, { entry: e, payload: structuredClone(p), corrections: [], approvedDeviationSeq: null });
        break;
      case 'deviation.raised':
        if (typeof p.targetSeq === 'number') deviations.set(e.seq, p.targetSeq);
        break;
      case 'signature.applied': {
        if (p.meaning !== 'approved' || typeof p.targetSeq !== 'number') break;
        const weighingSeq = deviations.get(p.targetSeq);
        const w = weighingSeq === undefined ? undefined : weighings.get(weighingSeq);
        if (w && w.approvedDeviationSeq === null) w.approvedDeviationSeq = p.targetSeq;
        break;
      }
      case 'correction.recorded': {
        const w = typeof p.targetSeq === 'number' ? weighings.get(p.targetSeq) : undefined;
        if (!w || !Array.isArray(p.changes)) break;
        for (const c of p.changes as { path?: unknown; newValue?: unknown }[]) if (typeof c.path === 'string') setPath(w.payload, c.path, c.newValue);
        w.corrections.push(e.seq);
        break;
      }
      default:
        break;
    }
  }
  return [...weighings.values()].filter((w) => isCounted(w));
}

export function isCounted(w: { payload: Payload; approvedDeviationSeq: number | null }): boolean {
  const outcome = w.payload.outcome;
  if (outcome === 'accepted' || outcome === 'partial') return true;
  return outcome === 'out-of-tolerance' && w.approvedDeviationSeq !== null;
}

/** Sets "net", "net.amount" or "/net/amount" in a payload copy; unknown shapes are left alone. */
export function setPath(target: Payload, path: string, value: unknown): void {
  const parts = path.replace(/^\$?\.?\/?/, '').split(/[./]/).filter((s) => s.length > 0);
  if (parts.length === 0 || parts.some((k) => k === '__proto__' || k === 'constructor' || k === 'prototype')) return;
  let cur: Payload = target;
  for (const k of parts.slice(0, -1)) {
    const next = cur[k];
    if (!next || typeof next !== 'object') return;
    cur = next as Payload;
  }
  cur[parts.at(-1)!] = value;
}
