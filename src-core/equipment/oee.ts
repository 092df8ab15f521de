/**
 * OEE of one shift (issue 13 item 4), pure: from each piece of equipment's state intervals, its
 * count increments and its ideal rate, over a planned window, availability × performance ×
 * quality with the losses behind them, in time (Nakajima's six big losses as a plant reads them:
 * downtime by reason, idle and small stops, speed loss, rejects; plus time with no signal).
 *
 * Contract (docs/equipment-signals.md):
 * - Planned time = the window minus its planned breaks. State time inside a break is not counted
 *   (a machine standing in a break loses nothing); counts are taken whenever they fall in the window.
 * - availability = run time / planned time;
 *   performance = ideal cycle × total count / run time (null with no run time);
 *   quality = good / total (null with no count);
 *   OEE = ideal cycle × good / planned time (= A × P × Q whenever all three exist).
 * - The losses add up: planned = downtime (by reason) + idle + no signal + speed loss + reject
 *   loss + fully productive time, where speed loss = run − ideal cycle × total (negative when the
 *   ideal rate is set too low: shown, not hidden) and reject loss = ideal cycle × rejects.
 * - A line is the sum of its equipment (each planned for the whole window): the ratios of the
 *   summed times and counts, so a machine that ran longer weighs more.
 * - Arithmetic is decimal (decimal.js) on whole milliseconds and whole counts; only the output is
 *   rounded (ratios to 4 places, times to whole milliseconds, half up).
 * - Refused, with a typed error: no planned time (OEE_NO_PLANNED_TIME), a count increment below
 *   zero or rejects above the total (OEE_COUNTS_BACKWARDS), an interval ending before it starts,
 *   overlapping intervals or an ideal rate that is not a positive decimal (OEE_INPUT_INVALID).
 */
import { Decimal } from 'decimal.js';
import { err, ok, type Result } from '../../src-shared/result.ts';

export const EQUIPMENT_STATES = ['running', 'idle', 'down'] as const;
export type EquipmentState = (typeof EQUIPMENT_STATES)[number];

export interface StateInterval {
  state: EquipmentState;
  /** The down reason code where the equipment gives one. */
  reason: string | null;
  startMs: number;
  /** null: still open (runs to the end of the window). */
  endMs: number | null;
}

/** Units counted (total, good and rejects alike) since the previous increment, at a time. */
export interface CountIncrement {
  atMs: number;
  total: number;
  reject: number;
}

export interface EquipmentInput {
  equipmentId: string;
  /** Units per hour at the ideal (design) speed, a decimal string ("6000", "7.5"). */
  idealRatePerHour: string;
  intervals: StateInterval[];
  counts: CountIncrement[];
}

export interface OeeWindow {
  startMs: number;
  endMs: number;
  breaks: { startMs: number; endMs: number }[];
}

export interface OeeLosses {
  /** Down time per reason code ('' when the equipment gave none), ms. */
  downtimeMs: Record<string, number>;
  idleMs: number;
  noSignalMs: number;
  speedLossMs: number;
  rejectLossMs: number;
}

export interface OeeFigures {
  plannedMs: number;
  runMs: number;
  totalCount: number;
  goodCount: number;
  rejectCount: number;
  availability: number;
  performance: number | null;
  quality: number | null;
  oee: number;
  fullyProductiveMs: number;
  losses: OeeLosses;
}

export interface OeeResult extends OeeFigures {
  equipment: (OeeFigures & { equipmentId: string })[];
}

const HOUR_MS = new Decimal(3_600_000);
const ratio = (x: Decimal) => x.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toNumber();
const ms = (x: Decimal) => x.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();

/** [a, b) minus the breaks, in ms. */
export function plannedWithin(a: number, b: number, w: OeeWindow): number {
  const lo = Math.max(a, w.startMs);
  const hi = Math.min(b, w.endMs);
  if (hi <= lo) return 0;
  let t = hi - lo;
  for (const br of w.breaks) t -= Math.max(0, Math.min(hi, br.endMs) - Math.max(lo, br.startMs));
  return t;
}

interface Sums {
  planned: Decimal;
  run: Decimal;
  idealTotal: Decimal;
  idealGood: Decimal;
  idealReject: Decimal;
  total: number;
  reject: number;
  down: Map<string, Decimal>;
  idle: Decimal;
  noSignal: Decimal;
}

function figures(s: Sums): OeeFigures {
  const speed = s.run.minus(s.idealTotal);
  const downtimeMs: Record<string, number> = {};
  for (const [k, v] of [...s.down.entries()].sort(([a], [b]) => a.localeCompare(b))) downtimeMs[k] = ms(v);
  return {
    plannedMs: ms(s.planned),
    runMs: ms(s.run),
    totalCount: s.total,
    goodCount: s.total - s.reject,
    rejectCount: s.reject,
    availability: ratio(s.run.div(s.planned)),
    performance: s.run.isZero() ? null : ratio(s.idealTotal.div(s.run)),
    quality: s.total === 0 ? null : ratio(new Decimal(s.total - s.reject).div(s.total)),
    oee: ratio(s.idealGood.div(s.planned)),
    fullyProductiveMs: ms(s.idealGood),
    losses: { downtimeMs, idleMs: ms(s.idle), noSignalMs: ms(s.noSignal), speedLossMs: ms(speed), rejectLossMs: ms(s.idealReject) },
  };
}

function equipmentSums(e: EquipmentInput, w: OeeWindow, planned: number): Result<Sums> {
  const bad = (reason: string, message: string) => err('OEE_INPUT_INVALID', `${e.equipmentId}: ${message}`, { equipmentId: e.equipmentId, reason });
  let rate: Decimal;
  try {
    rate = new Decimal(e.idealRatePerHour);
  } catch {
    return bad('ideal-rate', `ideal rate ${e.idealRatePerHour} is not a decimal`);
  }
  if (!rate.isFinite() || rate.lte(0)) return bad('ideal-rate', `ideal rate ${e.idealRatePerHour} is not a positive decimal`);
  const cycleMs = HOUR_MS.div(rate);
  const intervals = [...e.intervals].sort((a, b) => a.startMs - b.startMs);
  const s: Sums = { planned: new Decimal(planned), run: new Decimal(0), idealTotal: new Decimal(0), idealGood: new Decimal(0), idealReject: new Decimal(0), total: 0, reject: 0, down: new Map(), idle: new Decimal(0), noSignal: new Decimal(0) };
  let covered = 0;
  let prevEnd = -Infinity;
  for (const i of intervals) {
    const end = i.endMs ?? w.endMs;
    if (end < i.startMs) return bad('interval-order', `a ${i.state} interval ends (${end}) before it starts (${i.startMs})`);
    if (i.startMs < prevEnd) return bad('interval-overlap', `intervals overlap at ${i.startMs}`);
    prevEnd = end;
    const t = plannedWithin(i.startMs, end, w);
    covered += t;
    if (i.state === 'running') s.run = s.run.plus(t);
    else if (i.state === 'idle') s.idle = s.idle.plus(t);
    else s.down.set(i.reason ?? '', (s.down.get(i.reason ?? '') ?? new Decimal(0)).plus(t));
  }
  s.noSignal = new Decimal(planned - covered);
  for (const c of e.counts) {
    if (!Number.isInteger(c.total) || !Number.isInteger(c.reject) || c.total < 0 || c.reject < 0) return err('OEE_COUNTS_BACKWARDS', `${e.equipmentId}: a count increment at ${c.atMs} is below zero or not whole (${c.total}, ${c.reject} rejects)`, { equipmentId: e.equipmentId, atMs: c.atMs });
    if (c.atMs < w.startMs || c.atMs >= w.endMs) continue;
    s.total += c.total;
    s.reject += c.reject;
  }
  if (s.reject > s.total) return err('OEE_COUNTS_BACKWARDS', `${e.equipmentId}: ${s.reject} rejects of ${s.total} units`, { equipmentId: e.equipmentId, total: s.total, reject: s.reject });
  s.idealTotal = cycleMs.times(s.total);
  s.idealReject = cycleMs.times(s.reject);
  s.idealGood = cycleMs.times(s.total - s.reject);
  return ok(s);
}

export function computeOee(window: OeeWindow, equipment: EquipmentInput[]): Result<OeeResult> {
  const planned = plannedWithin(window.startMs, window.endMs, window);
  if (planned <= 0) return err('OEE_NO_PLANNED_TIME', `the window ${new Date(window.startMs).toISOString()}–${new Date(window.endMs).toISOString()} has no planned production time`);
  if (equipment.length === 0) return err('OEE_INPUT_INVALID', 'no equipment to compute OEE for', { reason: 'no-equipment' });
  const each: (OeeFigures & { equipmentId: string })[] = [];
  const line: Sums = { planned: new Decimal(0), run: new Decimal(0), idealTotal: new Decimal(0), idealGood: new Decimal(0), idealReject: new Decimal(0), total: 0, reject: 0, down: new Map(), idle: new Decimal(0), noSignal: new Decimal(0) };
  for (const e of equipment) {
    const s = equipmentSums(e, window, planned);
    if (!s.ok) return s;
    each.push({ equipmentId: e.equipmentId, ...figures(s.value) });
    for (const k of ['planned', 'run', 'idealTotal', 'idealGood', 'idealReject', 'idle', 'noSignal'] as const) line[k] = line[k].plus(s.value[k]);
    line.total += s.value.total;
    line.reject += s.value.reject;
    for (const [r, t] of s.value.down) line.down.set(r, (line.down.get(r) ?? new Decimal(0)).plus(t));
  }
  return ok({ ...figures(line), equipment: each });
}
