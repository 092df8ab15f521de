/**
 * When each IPQC check is due (issue 12 item 2), from the order's start, the clock and the units
 * counted: pure, so the station's prompt, its API, the hub's overdue sweep and the tests compute
 * the same answer.
 *
 * Occurrence k (1, 2, …) of a check every N minutes falls due at start + k·N; of a check every
 * N units, when the units counted reach k·N. A result answers the LATEST occurrence fallen due:
 * an operator who comes back after two intervals records one check, not two, and the one
 * skipped is counted as missed (shown, and in the record through the result's `overdue`). The
 * check is overdue once the earliest unanswered occurrence is more than its grace past due.
 * A result taken before anything fell due answers the next occurrence early.
 */
import type { CheckPlan } from '../../src-shared/recipe/check-plan.ts';

export type CheckStatus = 'upcoming' | 'due' | 'overdue';

export interface CheckSchedule {
  status: CheckStatus;
  /** The occurrence a result recorded now answers. */
  occurrence: number;
  /** That occurrence's due time (minutes plans) or unit count (units plans). */
  dueAt: string | null;
  dueAtUnits: number | null;
  /** When it turns (or turned) overdue: time or units. */
  overdueAt: string | null;
  overdueAtUnits: number | null;
  /** Occurrences fallen due before the one answered now that got no result. */
  missed: number;
}

export interface ScheduleInput {
  plan: CheckPlan;
  startedAt: Date;
  now: Date;
  /** Units produced so far (latest count); 0 before any. */
  units: number;
  /** The occurrence of this check's last result; 0 before any. */
  lastAnswered: number;
}

const MINUTE = 60_000;

export function checkSchedule({ plan, startedAt, now, units, lastAnswered }: ScheduleInput): CheckSchedule {
  const f = plan.frequency;
  if (f.every === 'minutes') {
    const at = (k: number) => new Date(startedAt.getTime() + k * f.minutes * MINUTE);
    const fallen = Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / (f.minutes * MINUTE)));
    const earliest = lastAnswered + 1;
    const overdueAt = new Date(at(earliest).getTime() + f.graceMinutes * MINUTE);
    if (fallen < earliest) return { status: 'upcoming', occurrence: earliest, dueAt: at(earliest).toISOString(), dueAtUnits: null, overdueAt: overdueAt.toISOString(), overdueAtUnits: null, missed: 0 };
    const status: CheckStatus = now.getTime() > overdueAt.getTime() ? 'overdue' : 'due';
    return { status, occurrence: fallen, dueAt: at(fallen).toISOString(), dueAtUnits: null, overdueAt: overdueAt.toISOString(), overdueAtUnits: null, missed: fallen - earliest };
  }
  const fallen = Math.floor(units / f.units);
  const earliest = lastAnswered + 1;
  const overdueAtUnits = earliest * f.units + f.graceUnits;
  if (fallen < earliest) return { status: 'upcoming', occurrence: earliest, dueAt: null, dueAtUnits: earliest * f.units, overdueAt: null, overdueAtUnits, missed: 0 };
  const status: CheckStatus = units > overdueAtUnits ? 'overdue' : 'due';
  return { status, occurrence: fallen, dueAt: null, dueAtUnits: fallen * f.units, overdueAt: null, overdueAtUnits, missed: fallen - earliest };
}
