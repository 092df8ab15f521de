/**
 * The excursion state machine (issue 13 item 1), one copy for the hub's ingest and the station's
 * own subscriber, so both compute the same excursion, with the same id, from the same readings.
 * Pure: `observe(state, reading, limits)` returns the next state and what happened.
 *
 * Contract (EU GMP Annex 1 §9.27–9.30, alert and action levels; docs/environment.md):
 * - Level of a value: `action` beyond an action limit, else `alert` beyond an alert limit, else
 *   `normal`. "Beyond" is strict: a value equal to a limit is within it.
 * - Hysteresis h: to count as back below a level, a value must lie inside that level's limit by
 *   at least h (high − h, low + h). Rising uses the limits themselves.
 * - Debounce n: the level changes only after n consecutive readings that all call for the new
 *   level (≥ it when rising, ≤ it when falling); one spike shorter than n changes nothing.
 * - An excursion starts when the level leaves `normal`, dated at the first reading of the run
 *   that confirmed it; it escalates to `action` (dated likewise), and ends when the level is back
 *   to `normal`, dated at the first reading of the confirming run. Its peak is the most extreme
 *   value beyond the limits on its side (high: the largest, low: the smallest) from its first
 *   reading to its end. Its id is `<room>/<quantity>/<startedAt>`.
 * - Readings are applied in time order: a reading not later than the last one applied (the same
 *   QoS 1 message again, a retained value re-delivered after a reconnect) is refused as
 *   ENV_READING_STALE and changes nothing.
 * - An acknowledgement names a person and a comment, once; it does not end the excursion.
 */
import type { EnvironmentReading, Quantity } from '../../src-shared/environment/environment-reading.ts';
import type { QuantityLimits } from '../../src-shared/master-data/room.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';

export type EnvLevel = 'normal' | 'alert' | 'action';
const RANK: Record<EnvLevel, number> = { normal: 0, alert: 1, action: 2 };

export interface PeakValue {
  value: number;
  at: string;
}

export interface Excursion {
  excursionId: string;
  room: string;
  quantity: Quantity;
  unit: string;
  side: 'high' | 'low';
  /** The highest level reached. */
  level: 'alert' | 'action';
  startedAt: string;
  actionStartedAt: string | null;
  endedAt: string | null;
  peak: PeakValue;
  /** The limits on its side when it started (the action one is what a blocked step names). */
  alertLimit: number | null;
  actionLimit: number | null;
  acknowledgement: { by: string; at: string; comment: string } | null;
}

interface Run {
  since: string;
  count: number;
  peak: PeakValue;
}

export interface QuantityState {
  room: string;
  quantity: Quantity;
  lastTime: string | null;
  lastValue: number | null;
  level: EnvLevel;
  /** Consecutive readings at or above alert / action (rising), at or below normal / alert (falling). */
  up: { alert: Run | null; action: Run | null };
  down: { normal: Run | null; alert: Run | null };
  excursion: Excursion | null;
}

export type ExcursionEvent = { kind: 'started' | 'escalated' | 'ended'; excursion: Excursion };

export function initialState(room: string, quantity: Quantity): QuantityState {
  return { room, quantity, lastTime: null, lastValue: null, level: 'normal', up: { alert: null, action: null }, down: { normal: null, alert: null }, excursion: null };
}

function beyond(value: number, band: { low: number | null; high: number | null }, inset = 0): 'high' | 'low' | null {
  if (band.high !== null && value > band.high - inset) return 'high';
  if (band.low !== null && value < band.low + inset) return 'low';
  return null;
}

/** The level a value calls for; `inset` = hysteresis when asking whether it is back inside. */
export function levelOf(value: number, limits: QuantityLimits | undefined, inset = 0): EnvLevel {
  if (!limits) return 'normal';
  if (beyond(value, limits.action, inset)) return 'action';
  if (beyond(value, limits.alert, inset)) return 'alert';
  return 'normal';
}

const more = (side: 'high' | 'low', a: number, b: number): boolean => (side === 'high' ? a > b : a < b);

function extend(run: Run | null, r: EnvironmentReading, side: 'high' | 'low'): Run {
  if (!run) return { since: r.time, count: 1, peak: { value: r.value, at: r.time } };
  return { since: run.since, count: run.count + 1, peak: more(side, r.value, run.peak.value) ? { value: r.value, at: r.time } : run.peak };
}

export function observe(state: QuantityState, r: EnvironmentReading, limits: QuantityLimits | undefined): Result<{ state: QuantityState; events: ExcursionEvent[] }> {
  if (state.lastTime !== null && Date.parse(r.time) <= Date.parse(state.lastTime)) {
    return err('ENV_READING_STALE', `a reading of ${r.room} ${r.quantity} at ${r.time} is not later than the last one (${state.lastTime})`, { room: r.room, quantity: r.quantity, time: r.time, lastTime: state.lastTime });
  }
  const n = limits?.debounceReadings ?? 1;
  const h = limits?.hysteresis ?? 0;
  const entering = levelOf(r.value, limits);
  const leaving = levelOf(r.value, limits, h);
  const side = state.excursion?.side ?? (limits ? (beyond(r.value, limits.alert) ?? beyond(r.value, limits.action) ?? 'high') : 'high');
  const up = {
    alert: RANK[entering] >= 1 ? extend(state.up.alert, r, side) : null,
    action: RANK[entering] >= 2 ? extend(state.up.action, r, side) : null,
  };
  const down = {
    normal: RANK[leaving] <= 0 ? extend(state.down.normal, r, side) : null,
    alert: RANK[leaving] <= 1 ? extend(state.down.alert, r, side) : null,
  };
  let level = state.level;
  let since = r.time;
  if (RANK[level] < 2 && up.action && up.action.count >= n) [level, since] = ['action', up.action.since];
  else if (RANK[level] < 1 && up.alert && up.alert.count >= n) [level, since] = ['alert', up.alert.since];
  else if (RANK[level] > 0 && down.normal && down.normal.count >= n) [level, since] = ['normal', down.normal.since];
  else if (RANK[level] > 1 && down.alert && down.alert.count >= n) [level, since] = ['alert', down.alert.since];

  const events: ExcursionEvent[] = [];
  let excursion = state.excursion;
  if (excursion && more(excursion.side, r.value, excursion.peak.value)) {
    excursion = { ...excursion, peak: { value: r.value, at: r.time } };
  }
  if (!excursion && level !== 'normal') {
    const run = up.alert!;
    const bands = limits!;
    excursion = {
      excursionId: `${r.room}/${r.quantity}/${run.since}`,
      room: r.room,
      quantity: r.quantity,
      unit: r.unit,
      side,
      level,
      startedAt: run.since,
      actionStartedAt: level === 'action' ? since : null,
      endedAt: null,
      peak: run.peak,
      alertLimit: bands.alert[side],
      actionLimit: bands.action[side],
      acknowledgement: null,
    };
    events.push({ kind: 'started', excursion });
  } else if (excursion && level === 'action' && excursion.level !== 'action') {
    // The action limit it crossed is the one in force now (limits may have changed since the start, FR-110).
    excursion = { ...excursion, level: 'action', actionStartedAt: since, actionLimit: limits?.action[excursion.side] ?? excursion.actionLimit };
    events.push({ kind: 'escalated', excursion });
  } else if (excursion && level === 'normal') {
    excursion = { ...excursion, endedAt: since };
    events.push({ kind: 'ended', excursion });
  }
  const next: QuantityState = { ...state, lastTime: r.time, lastValue: r.value, level, up, down, excursion: excursion && excursion.endedAt === null ? excursion : null };
  return ok({ state: next, events });
}

/** An acknowledgement by a named person with a comment (the excursion may still be open). */
export function acknowledge(x: Excursion, by: string, comment: string, at: Date): Result<Excursion> {
  if (x.acknowledgement) return err('ENV_EXCURSION_ACKNOWLEDGED', `excursion ${x.excursionId} was acknowledged by ${x.acknowledgement.by} at ${x.acknowledgement.at}`, { excursionId: x.excursionId });
  const text = comment.trim();
  if (text.length < 3) return err('INPUT_INVALID', 'an acknowledgement needs a comment', { field: 'comment' });
  return ok({ ...x, acknowledgement: { by, at: at.toISOString(), comment: text } });
}
