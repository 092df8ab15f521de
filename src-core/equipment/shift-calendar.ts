/**
 * The hub's shift calendar (docs/equipment-signals.md): a shift is named by its id and the local
 * date it starts on; its times are local wall-clock times at a fixed UTC offset (a plant in one
 * time zone without daylight saving, as in China; a plant with DST changes the offset in its
 * configuration at the change). Pure.
 */
import type { OeeCalendar } from '../../src-shared/equipment/oee-contract.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { OeeWindow } from './oee.ts';

const MIN = 60_000;
const DAY = 1440;

export interface ShiftRef {
  shiftId: string;
  date: string;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function shiftWindow(cal: OeeCalendar, shiftId: string, date: string): Result<OeeWindow> {
  const shift = cal.shifts.find((s) => s.shiftId === shiftId);
  if (!shift) return err('OEE_SHIFT_UNKNOWN', `the shift calendar has no shift ${shiftId}`, { shiftId });
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const midnightUtc = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(midnightUtc) || new Date(midnightUtc).toISOString().slice(0, 10) !== date) return err('OEE_SHIFT_UNKNOWN', `${date} is not a date (YYYY-MM-DD)`, { date });
  const midnight = midnightUtc - cal.utcOffsetMinutes * MIN;
  const start = minutes(shift.start);
  // After the shift's start on its own day, else the next day.
  const later = (hhmm: string, orEqual: boolean) => {
    const x = minutes(hhmm);
    return x > start || (orEqual && x === start) ? x : x + DAY;
  };
  const end = later(shift.end, false);
  const breaks = shift.breaks.map((b) => {
    const bs = later(b.start, true);
    const be = later(b.end, false);
    return { startMs: midnight + bs * MIN, endMs: midnight + Math.min(be < bs ? be + DAY : be, end) * MIN };
  });
  return ok({ startMs: midnight + start * MIN, endMs: midnight + end * MIN, breaks });
}

/** The local date of an instant. */
export function localDate(cal: OeeCalendar, ms: number): string {
  return new Date(ms + cal.utcOffsetMinutes * MIN).toISOString().slice(0, 10);
}

/** The shift running at `nowMs`, else the last one that ended before it (null: no shift defined). */
export function currentOrLastShift(cal: OeeCalendar, nowMs: number): (ShiftRef & { inProgress: boolean }) | null {
  const today = Date.parse(`${localDate(cal, nowMs)}T00:00:00.000Z`);
  let best: (ShiftRef & { inProgress: boolean; endMs: number }) | null = null;
  for (const back of [0, 1, 2]) {
    const date = new Date(today - back * DAY * MIN).toISOString().slice(0, 10);
    for (const s of cal.shifts) {
      const w = shiftWindow(cal, s.shiftId, date);
      if (!w.ok) continue;
      if (w.value.startMs <= nowMs && nowMs < w.value.endMs) return { shiftId: s.shiftId, date, inProgress: true };
      if (w.value.endMs <= nowMs && (!best || w.value.endMs > best.endMs)) best = { shiftId: s.shiftId, date, inProgress: false, endMs: w.value.endMs };
    }
  }
  return best ? { shiftId: best.shiftId, date: best.date, inProgress: false } : null;
}
