import { describe, expect, it } from 'vitest';
import { noticeOf, type AuditRow } from './notify-events.ts';

const row = (action: string, details: Record<string, unknown>, ok = true): AuditRow => ({ id: 1, at: new Date('2026-12-05T08:00:00Z'), actor: 'environment', action, subject: 'EXC-R101-dp-1', details, ok });

describe('which hub audit entries raise notices', () => {
  it('FR-65 an excursion starting or escalating is an excursion notice naming room, quantity, level and peak; its end, acknowledgements and refusals are not pushed', () => {
    const started = noticeOf(row('environment.excursion_started', { room: 'R-101', quantity: 'differential-pressure', level: 'alert', peak: '8.1', unit: 'Pa' }));
    expect(started).toEqual({ event: 'excursion', facts: [['room', 'R-101'], ['summary', 'differential-pressure · alert'], ['value', '8.1 Pa']] });
    expect(noticeOf(row('environment.excursion_escalated', { room: 'R-101', quantity: 'differential-pressure', level: 'action', peak: '4.0', unit: 'Pa' }))?.event).toBe('excursion');
    expect(noticeOf(row('environment.excursion_ended', { room: 'R-101' }))).toBeNull();
    expect(noticeOf(row('environment.excursion_acknowledged', { room: 'R-101' }))).toBeNull();
    expect(noticeOf(row('environment.excursion_started', { room: 'R-101' }, false))).toBeNull();
  });

  it('FR-66 an overdue record names its due date and the roles of its escalation level; an OOS raise is an oos notice', () => {
    expect(noticeOf(row('deviation.overdue', { level: 2, escalateTo: ['qp'], dueAt: '2026-12-01T00:00:00.000Z', title: 'Torn glove', classification: 'major' }))).toEqual({
      event: 'overdue',
      roles: ['qp'],
      facts: [['summary', 'Torn glove'], ['due', '2026-12-01'], ['classification', 'major']],
    });
    expect(noticeOf(row('deviation.raise', { data: { kind: 'oos', title: 'Assay low', batchNumber: 'B-1' } }))).toEqual({ event: 'oos', facts: [['summary', 'Assay low'], ['batch', 'B-1']] });
    expect(noticeOf(row('deviation.raise', { data: { kind: 'deviation', title: 'Glove' } }))?.event).toBe('deviation-raised');
  });

  it('FR-93 an IPQC alert is an oos notice naming check, batch and value; an overdue IPQC check an overdue notice for every role on call, due by time or units; an OOS record the hub opened an oos notice', () => {
    expect(noticeOf(row('ipqc.alert_received', { kind: 'oot', checkName: 'Hardness', batchNumber: 'B-7', value: '121', unit: 'N' }))).toEqual({ event: 'oos', facts: [['summary', 'OOT: Hardness'], ['batch', 'B-7'], ['value', '121 N']] });
    expect(noticeOf(row('ipqc.check_overdue', { checkName: 'Hardness', occurrence: 3, batchNumber: 'B-7', dueAt: null, dueAtUnits: 30000 }))).toEqual({ event: 'overdue', facts: [['summary', 'IPQC Hardness #3'], ['batch', 'B-7'], ['due', '30000 units']] });
    expect(noticeOf(row('ipqc.check_overdue', { checkName: 'Tablet weight', occurrence: 1, batchNumber: 'B-7', dueAt: '2026-12-05T08:30:00.000Z' }))?.roles).toBeUndefined();
    expect(noticeOf(row('deviation.opened', { data: { kind: 'oos', title: 'OOS: FG-1 APPEAR', batchNumber: 'B-7' } }))).toEqual({ event: 'oos', facts: [['summary', 'OOS: FG-1 APPEAR'], ['batch', 'B-7']] });
    expect(noticeOf(row('ipqc.alert_received', { kind: 'oos' }, false))).toBeNull();
  });
});
