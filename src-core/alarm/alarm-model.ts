/**
 * The alarm lifecycle (issue 13 item 5; EU GMP Annex 11, 2025 draft, the alarms chapter: an
 * alarm is raised, acknowledged by an identified person, and its handling recorded), one copy
 * for the station and the hub. Pure: each function takes an alarm and returns the next one or
 * a typed refusal.
 *
 * Contract:
 * - Raised with a source, kind, severity, subject, message key + params and a time. A `state`
 *   alarm stays active until its condition is gone (`clearAlarm`); an `event` alarm (an OOS
 *   result) has no lasting condition and is cleared as it is raised.
 * - Acknowledged once, by a named person, with a comment (ALARM_COMMENT_REQUIRED); a second
 *   acknowledgement is refused (ALARM_ALREADY_ACKNOWLEDGED), whoever tries.
 * - Cleared once (ALARM_ALREADY_CLEARED). Clearing before the acknowledgement is allowed, but
 *   the alarm then stays `cleared-unacknowledged` (on every open list) until someone
 *   acknowledges it: a condition that came and went unseen is still an alarm (Annex 11 draft).
 * - Nothing happens before the alarm was raised (ALARM_INVALID).
 * - Two ends (issue 13 gap 2): an acknowledgement given at the other end (the hub console, taken
 *   down at sync) counts as the acknowledgement when there is none yet; when the alarm was
 *   already acknowledged here, it is kept beside it (`otherAcknowledgement`), never a conflict.
 * - Escalation: an alarm nobody has acknowledged is escalated at each configured level once its
 *   age reaches the level's delay, once per level (`escalationsDue`); an acknowledged one never.
 */
import type { AlarmRaised, AlarmState, AlarmView } from '../../src-shared/alarm/alarm-contract.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';

export type Alarm = AlarmView;

export function alarmState(cleared: boolean, acknowledged: boolean): AlarmState {
  if (acknowledged) return cleared ? 'closed' : 'acknowledged';
  return cleared ? 'cleared-unacknowledged' : 'active';
}

export function raiseAlarm(raised: AlarmRaised, at: string, batchNumber: string | null = null): Alarm {
  const clearedAt = raised.condition === 'event' ? at : null;
  return { ...raised, raisedAt: at, batchNumber, clearedAt, acknowledgement: null, state: alarmState(clearedAt !== null, false) };
}

export function acknowledgeAlarm(a: Alarm, by: string, comment: string, at: string): Result<Alarm> {
  const text = comment.trim();
  if (text === '') return err('ALARM_COMMENT_REQUIRED', `acknowledging alarm ${a.alarmId} needs a comment`, { alarmId: a.alarmId });
  if (by.trim() === '') return err('ALARM_INVALID', `alarm ${a.alarmId} is acknowledged by a named person`, { alarmId: a.alarmId });
  if (a.acknowledgement) return err('ALARM_ALREADY_ACKNOWLEDGED', `alarm ${a.alarmId} was acknowledged by ${a.acknowledgement.by} at ${a.acknowledgement.at}`, { alarmId: a.alarmId, by: a.acknowledgement.by, at: a.acknowledgement.at });
  const before = notBefore(a, at);
  if (!before.ok) return before;
  return ok({ ...a, acknowledgement: { by, at, comment: text }, state: alarmState(a.clearedAt !== null, true) });
}

export function clearAlarm(a: Alarm, at: string): Result<Alarm> {
  if (a.clearedAt !== null) return err('ALARM_ALREADY_CLEARED', `alarm ${a.alarmId} was cleared at ${a.clearedAt}`, { alarmId: a.alarmId, clearedAt: a.clearedAt });
  const before = notBefore(a, at);
  if (!before.ok) return before;
  return ok({ ...a, clearedAt: at, state: alarmState(true, a.acknowledgement !== null) });
}

/** Not yet acknowledged by anyone (active or cleared-unacknowledged). */
export const isUnacknowledged = (a: Pick<Alarm, 'acknowledgement'>): boolean => a.acknowledgement === null;

function notBefore(a: Alarm, at: string): Result<void> {
  const t = Date.parse(at);
  if (!Number.isFinite(t) || t < Date.parse(a.raisedAt)) return err('ALARM_INVALID', `alarm ${a.alarmId} was raised at ${a.raisedAt}, not after ${at}`, { alarmId: a.alarmId, at });
  return ok(undefined);
}

// ---- escalation ----

export interface EscalationLevel {
  level: number;
  /** Minutes after the alarm was raised. */
  afterMinutes: number;
  /** Who is told at this level (hub roles; the notification rules pick the channels). */
  roles: readonly string[];
}

/** The default: the shop floor and QA after 30 minutes, QA and the QP after four hours. */
export const DEFAULT_ALARM_ESCALATION: readonly EscalationLevel[] = [
  { level: 1, afterMinutes: 30, roles: ['operator', 'qa'] },
  { level: 2, afterMinutes: 240, roles: ['qa', 'qp'] },
];

/** The levels due now and not yet written (`done`), lowest first; none once acknowledged. */
export function escalationsDue(a: Pick<Alarm, 'raisedAt' | 'acknowledgement'>, now: Date, levels: readonly EscalationLevel[], done: ReadonlySet<number>): EscalationLevel[] {
  if (a.acknowledgement) return [];
  const age = now.getTime() - Date.parse(a.raisedAt);
  return levels.filter((l) => !done.has(l.level) && age >= l.afterMinutes * 60_000).sort((x, y) => x.level - y.level);
}

// ---- the fold over recorded facts (station ledger entries, in order) ----

export type AlarmFact =
  | { type: 'alarm.raised'; seq: number; time: string; batchRef: string | null; payload: AlarmRaised }
  | { type: 'alarm.acknowledged'; seq: number; time: string; by: string; payload: { alarmId: string; comment: string } }
  | { type: 'alarm.cleared'; seq: number; time: string; payload: { alarmId: string } }
  | { type: 'alarm.acknowledged_at_hub'; seq: number; time: string; payload: { alarmId: string; by: string; at: string; comment: string } };

/** The hub's acknowledgement taken down: the acknowledgement if there is none, else the other one. */
export function takeOtherAcknowledgement(a: Alarm, ack: { by: string; at: string; comment: string }, where: 'station' | 'hub'): Alarm {
  if (a.otherAcknowledgement || (a.acknowledgement && a.acknowledgedWhere === where)) return a;
  if (!a.acknowledgement) return { ...a, acknowledgement: { ...ack }, acknowledgedWhere: where, state: alarmState(a.clearedAt !== null, true) };
  return { ...a, otherAcknowledgement: { ...ack, where } };
}

/**
 * Alarms by id with the seq of their raise. A fact the lifecycle refuses (a second raise of an
 * id, a second acknowledgement) changes nothing: the first one counts, as it did when written.
 */
export function foldAlarms(facts: Iterable<AlarmFact>): Map<string, Alarm & { seq: number }> {
  const byId = new Map<string, Alarm & { seq: number }>();
  for (const f of facts) {
    if (f.type === 'alarm.raised') {
      if (!byId.has(f.payload.alarmId)) byId.set(f.payload.alarmId, { ...raiseAlarm(f.payload, f.time, f.batchRef), seq: f.seq });
      continue;
    }
    const a = byId.get(f.payload.alarmId);
    if (!a) continue;
    if (f.type === 'alarm.acknowledged_at_hub') {
      byId.set(a.alarmId, { ...takeOtherAcknowledgement(a, f.payload, 'hub'), seq: a.seq });
      continue;
    }
    const next = f.type === 'alarm.acknowledged' ? acknowledgeAlarm(a, f.by, f.payload.comment, f.time) : clearAlarm(a, f.time);
    if (next.ok) byId.set(a.alarmId, { ...next.value, ...(f.type === 'alarm.acknowledged' ? { acknowledgedWhere: 'station' as const } : {}), seq: a.seq });
  }
  return byId;
}
