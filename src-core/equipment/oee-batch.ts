/**
 * OEE of a line's shift from its batch records as well as its signals (issue 13 item 4: "computed
 * at the hub from the equipment states and the batch records"), pure.
 *
 * Contract:
 * - Availability stays the signals' (run time / planned time, oee.ts): only the equipment knows
 *   when it ran. Its loss is broken down by the equipment logbook: non-running planned time that a
 *   logbook entry (breakdown, changeover, cleaning, maintenance) covers is that entry's loss; the
 *   rest stays down by the signal's reason code, or idle, or without a signal.
 * - Performance and quality come from the batch records: the units each batch produced and
 *   rejected (as recorded and signed in its record), summed over the batches of the shift.
 *   performance = ideal cycle × batch total / run time; quality = batch good / batch total;
 *   OEE = ideal cycle × batch good / planned time. Planned units give the plan attainment.
 * - The signals' counts are shown beside the batch counts, with the difference (batch − signal):
 *   a difference is for a person to explain (a manual count, a counter fault), not hidden.
 * - The losses add up: planned = availability losses + speed loss + reject loss + fully productive.
 * - Refused, typed: counts not whole or below zero, rejects above the total (OEE_COUNTS_BACKWARDS);
 *   a logbook entry ending before it starts (OEE_INPUT_INVALID); and whatever oee.ts refuses.
 */
import { Decimal } from 'decimal.js';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { computeOee, plannedWithin, type EquipmentInput, type OeeWindow } from './oee.ts';

export const DOWNTIME_KINDS = ['breakdown', 'changeover', 'cleaning', 'maintenance'] as const;
export type DowntimeKind = (typeof DOWNTIME_KINDS)[number];

/** What one batch's record says it produced on the line in the shift. */
export interface BatchCounts {
  batchNumber: string;
  product: string;
  plannedUnits: number;
  totalUnits: number;
  rejectUnits: number;
}

/** A logbook entry that stopped a machine of the line: from start to end. */
export interface DowntimeEntry {
  equipmentId: string;
  kind: DowntimeKind;
  startMs: number;
  endMs: number;
}

export interface Counts {
  total: number;
  good: number;
  rejects: number;
}

export interface BatchOeeResult {
  plannedMs: number;
  runMs: number;
  availability: number;
  performance: number | null;
  quality: number | null;
  oee: number;
  /** Batch total / planned units (null with no plan). */
  attainment: number | null;
  batch: Counts & { planned: number; batches: string[] };
  signal: Counts;
  /** Batch − signal. */
  difference: Counts;
  fullyProductiveMs: number;
  losses: {
    availability: Record<DowntimeKind, number> & { downtimeMs: Record<string, number>; idleMs: number; noSignalMs: number };
    speedLossMs: number;
    rejectLossMs: number;
  };
}

const ratio = (x: Decimal) => x.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toNumber();
const ms = (x: Decimal) => x.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
const whole = (n: number) => Number.isInteger(n) && n >= 0;

/** Planned ms of [a, b) that also lies inside one of `spans`. */
function coveredBy(a: number, b: number, spans: readonly { startMs: number; endMs: number }[], w: OeeWindow): number {
  let t = 0;
  for (const s of spans) t += plannedWithin(Math.max(a, s.startMs), Math.min(b, s.endMs), w);
  return t;
}

export function computeBatchOee(window: OeeWindow, equipment: EquipmentInput[], batches: BatchCounts[], logbook: DowntimeEntry[]): Result<BatchOeeResult> {
  for (const b of batches) {
    if (!whole(b.plannedUnits) || !whole(b.totalUnits) || !whole(b.rejectUnits) || b.rejectUnits > b.totalUnits) {
      return err('OEE_COUNTS_BACKWARDS', `batch ${b.batchNumber}: ${b.rejectUnits} rejects of ${b.totalUnits} units (planned ${b.plannedUnits}) are not whole counts with rejects within the total`, { batchNumber: b.batchNumber });
    }
  }
  for (const l of logbook) if (l.endMs < l.startMs) return err('OEE_INPUT_INVALID', `a ${l.kind} of ${l.equipmentId} ends before it starts`, { equipmentId: l.equipmentId, reason: 'logbook-order' });
  const signals = computeOee(window, equipment);
  if (!signals.ok) return signals;
  const sig = signals.value;

  // Availability losses: non-running planned time covered by a logbook entry goes to its kind.
  const byKind: Record<DowntimeKind, number> = { breakdown: 0, changeover: 0, cleaning: 0, maintenance: 0 };
  const downtimeMs: Record<string, number> = {};
  let idleMs = 0;
  for (const e of equipment) {
    const entries = logbook.filter((l) => l.equipmentId === e.equipmentId).sort((a, b) => a.startMs - b.startMs);
    for (const i of e.intervals) {
      if (i.state === 'running') continue;
      const end = i.endMs ?? window.endMs;
      let left = plannedWithin(i.startMs, end, window);
      for (const kind of DOWNTIME_KINDS) {
        const t = coveredBy(i.startMs, end, entries.filter((l) => l.kind === kind), window);
        byKind[kind] += t;
        left -= t;
      }
      if (i.state === 'idle') idleMs += left;
      else if (left > 0) downtimeMs[i.reason ?? ''] = (downtimeMs[i.reason ?? ''] ?? 0) + left;
    }
  }

  const planned = batches.reduce((s, b) => s + b.plannedUnits, 0);
  const total = batches.reduce((s, b) => s + b.totalUnits, 0);
  const rejects = batches.reduce((s, b) => s + b.rejectUnits, 0);
  const good = total - rejects;
  // The line's ideal cycle: planned time over the equipment's summed ideal capacity, as oee.ts
  // sums a line (each machine planned for the whole window).
  const idealUnitsPerMs = equipment.reduce((s, e) => s.plus(new Decimal(e.idealRatePerHour).div(3_600_000)), new Decimal(0)).div(equipment.length);
  const cycleMs = new Decimal(1).div(idealUnitsPerMs);
  const plannedMs = new Decimal(sig.plannedMs);
  const runMs = new Decimal(sig.runMs);
  const idealTotal = cycleMs.times(total);
  const idealGood = cycleMs.times(good);
  const sorted = Object.fromEntries(Object.entries(downtimeMs).sort(([a], [b]) => a.localeCompare(b)));
  return ok({
    plannedMs: sig.plannedMs,
    runMs: sig.runMs,
    availability: sig.availability,
    performance: runMs.isZero() ? null : ratio(idealTotal.div(runMs)),
    quality: total === 0 ? null : ratio(new Decimal(good).div(total)),
    oee: ratio(idealGood.div(plannedMs)),
    attainment: planned === 0 ? null : ratio(new Decimal(total).div(planned)),
    batch: { planned, total, good, rejects, batches: batches.map((b) => b.batchNumber) },
    signal: { total: sig.totalCount, good: sig.goodCount, rejects: sig.rejectCount },
    difference: { total: total - sig.totalCount, good: good - sig.goodCount, rejects: rejects - sig.rejectCount },
    fullyProductiveMs: ms(idealGood),
    losses: {
      availability: { ...byKind, downtimeMs: sorted, idleMs, noSignalMs: sig.losses.noSignalMs },
      speedLossMs: ms(runMs.minus(idealTotal)),
      rejectLossMs: ms(cycleMs.times(rejects)),
    },
  });
}
