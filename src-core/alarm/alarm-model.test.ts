import { describe, expect, it } from 'vitest';
import type { AlarmRaised } from '../../src-shared/alarm/alarm-contract.ts';
import { acknowledgeAlarm, clearAlarm, DEFAULT_ALARM_ESCALATION, escalationsDue, foldAlarms, raiseAlarm, type Alarm } from './alarm-model.ts';

const RAISED: AlarmRaised = { alarmId: 'ENV/B1.04/differential-pressure/2026-12-05T08:00:00.000Z', source: 'environment', kind: 'action-excursion', severity: 'critical', subject: 'B1.04', messageKey: 'environment-action', params: { room: 'B1.04', quantity: 'differential-pressure', value: '8.1', unit: 'Pa', limit: '10' }, condition: 'state' };
const T0 = '2026-12-05T08:00:00.000Z';
const at = (min: number) => new Date(Date.parse(T0) + min * 60_000).toISOString();
const value = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

describe('the alarm lifecycle', () => {
  it('FR-75 an alarm is raised active, acknowledged by a named person with a comment, then cleared to closed', () => {
    const a = raiseAlarm(RAISED, T0);
    expect(a).toMatchObject({ state: 'active', clearedAt: null, acknowledgement: null, raisedAt: T0 });
    const acked = value(acknowledgeAlarm(a, 'Wang Fang', '  doors closed, HVAC checked ', at(5)));
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgement: { by: 'Wang Fang', at: at(5), comment: 'doors closed, HVAC checked' } });
    expect(value(clearAlarm(acked, at(9)))).toMatchObject({ state: 'closed', clearedAt: at(9) });
  });

  it('FR-75 cleared before anyone acknowledged, the alarm stays cleared-unacknowledged until acknowledged', () => {
    const cleared = value(clearAlarm(raiseAlarm(RAISED, T0), at(2)));
    expect(cleared.state).toBe('cleared-unacknowledged');
    expect(value(acknowledgeAlarm(cleared, 'Li Na', 'seen afterwards, pressure back', at(30))).state).toBe('closed');
  });

  it('FR-75 a second acknowledgement, an empty comment, no name, a second clear and a time before the raise are refused with typed errors', () => {
    const a = raiseAlarm(RAISED, T0);
    const acked = value(acknowledgeAlarm(a, 'Wang Fang', 'ok', at(1)));
    expect(acknowledgeAlarm(acked, 'Li Na', 'again', at(2))).toMatchObject({ ok: false, error: { code: 'ALARM_ALREADY_ACKNOWLEDGED', details: { by: 'Wang Fang' } } });
    expect(acknowledgeAlarm(a, 'Wang Fang', '   ', at(1))).toMatchObject({ ok: false, error: { code: 'ALARM_COMMENT_REQUIRED' } });
    expect(acknowledgeAlarm(a, ' ', 'ok', at(1))).toMatchObject({ ok: false, error: { code: 'ALARM_INVALID' } });
    expect(acknowledgeAlarm(a, 'Wang Fang', 'ok', at(-1))).toMatchObject({ ok: false, error: { code: 'ALARM_INVALID' } });
    const cleared = value(clearAlarm(a, at(3)));
    expect(clearAlarm(cleared, at(4))).toMatchObject({ ok: false, error: { code: 'ALARM_ALREADY_CLEARED' } });
    expect(clearAlarm(a, at(-2))).toMatchObject({ ok: false, error: { code: 'ALARM_INVALID' } });
  });

  it('FR-75 an event alarm (an OOS result) is cleared as it is raised and waits for its acknowledgement', () => {
    const a = raiseAlarm({ ...RAISED, alarmId: 'IPQC/IPQC-B1-12', source: 'ipqc', kind: 'oos', messageKey: 'ipqc-oos', condition: 'event' }, T0, 'B1');
    expect(a).toMatchObject({ state: 'cleared-unacknowledged', clearedAt: T0, batchNumber: 'B1' });
    expect(clearAlarm(a, at(1))).toMatchObject({ ok: false, error: { code: 'ALARM_ALREADY_CLEARED' } });
  });

  it('FR-75 the fold keeps the first raise and the first acknowledgement of an id, whatever follows', () => {
    const folded = foldAlarms([
      { type: 'alarm.raised', seq: 7, time: T0, batchRef: null, payload: RAISED },
      { type: 'alarm.raised', seq: 8, time: at(1), batchRef: null, payload: { ...RAISED, severity: 'warning' } },
      { type: 'alarm.cleared', seq: 9, time: at(2), payload: { alarmId: RAISED.alarmId } },
      { type: 'alarm.acknowledged', seq: 10, time: at(3), by: 'Wang Fang', payload: { alarmId: RAISED.alarmId, comment: 'first' } },
      { type: 'alarm.acknowledged', seq: 11, time: at(4), by: 'Li Na', payload: { alarmId: RAISED.alarmId, comment: 'second' } },
      { type: 'alarm.acknowledged', seq: 12, time: at(4), by: 'Li Na', payload: { alarmId: 'UNKNOWN', comment: 'x' } },
    ]);
    expect([...folded.values()]).toEqual([expect.objectContaining({ seq: 7, severity: 'critical', state: 'closed', clearedAt: at(2), acknowledgement: { by: 'Wang Fang', at: at(3), comment: 'first' } })]);
  });
});

describe('alarm escalation', () => {
  it('FR-78 an unacknowledged alarm is due at each level once its age reaches the delay, once per level; an acknowledged one never', () => {
    const a: Alarm = raiseAlarm(RAISED, T0);
    const now = (min: number) => new Date(Date.parse(T0) + min * 60_000);
    expect(escalationsDue(a, now(29), DEFAULT_ALARM_ESCALATION, new Set())).toEqual([]);
    expect(escalationsDue(a, now(30), DEFAULT_ALARM_ESCALATION, new Set()).map((l) => l.level)).toEqual([1]);
    expect(escalationsDue(a, now(300), DEFAULT_ALARM_ESCALATION, new Set()).map((l) => l.level)).toEqual([1, 2]);
    expect(escalationsDue(a, now(300), DEFAULT_ALARM_ESCALATION, new Set([1])).map((l) => l.level)).toEqual([2]);
    expect(escalationsDue(a, now(300), DEFAULT_ALARM_ESCALATION, new Set([1, 2]))).toEqual([]);
    const acked = value(acknowledgeAlarm(a, 'Wang Fang', 'ok', at(10)));
    expect(escalationsDue(acked, now(300), DEFAULT_ALARM_ESCALATION, new Set())).toEqual([]);
  });
});
