import { describe, expect, it } from 'vitest';
import type { StationAlarmView } from '../../src-shared/alarm/alarm-contract.ts';
import { mostSevere } from './alarm-bar.tsx';

/** An alarm as alarms.list returns it (the list comes newest first). */
function alarm(id: string, severity: 'warning' | 'critical', state: StationAlarmView['state']): StationAlarmView {
  return { alarmId: id, source: 'environment', kind: 'action-excursion', severity, subject: id, messageKey: 'environment-action', params: {}, condition: 'state', raisedAt: '2026-12-06T07:00:00.000Z', batchNumber: null, clearedAt: state === 'cleared-unacknowledged' ? '2026-12-06T07:01:00.000Z' : null, acknowledgement: null, state, seq: 1, atHub: false };
}
const ids = (a: StationAlarmView | null) => a?.alarmId ?? null;

describe('the alarm the bar names', () => {
  it('critical before warning; within a severity, one still active (acknowledged or not) before one already cleared; then the newest', () => {
    expect(ids(mostSevere([]))).toBeNull();
    expect(ids(mostSevere([alarm('w-new', 'warning', 'active'), alarm('c-old', 'critical', 'active')]))).toBe('c-old');
    // A cleared critical still outranks an active warning: severity first.
    expect(ids(mostSevere([alarm('w', 'warning', 'active'), alarm('c', 'critical', 'cleared-unacknowledged')]))).toBe('c');
    expect(ids(mostSevere([alarm('c-cleared', 'critical', 'cleared-unacknowledged'), alarm('c-active', 'critical', 'active')]))).toBe('c-active');
    expect(ids(mostSevere([alarm('w-cleared', 'warning', 'cleared-unacknowledged'), alarm('w-acked', 'warning', 'acknowledged'), alarm('w-active', 'warning', 'active')]))).toBe('w-acked');
    expect(ids(mostSevere([alarm('w-cleared-new', 'warning', 'cleared-unacknowledged'), alarm('w-cleared-old', 'warning', 'cleared-unacknowledged')]))).toBe('w-cleared-new');
  });
});
