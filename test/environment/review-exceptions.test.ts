/** Excursions during a batch in review by exception at the hub (issue 13 item 1). */
import { describe, expect, it } from 'vitest';
import { findExceptions, type ReviewEntry } from '../../src-server/quality/review/batch-exceptions.ts';

const T0 = Date.parse('2026-12-05T08:00:00.000Z');
const excursion = (level: 'alert' | 'action', endedAt: string | null) => ({
  excursionId: 'B1.04/temperature/2026-12-05T08:01:00.000Z', room: 'B1.04', quantity: 'temperature', unit: '°C', side: 'high', level,
  startedAt: '2026-12-05T08:01:00.000Z', actionStartedAt: level === 'action' ? '2026-12-05T08:02:00.000Z' : null, endedAt,
  peak: { value: 26.4, at: '2026-12-05T08:02:00.000Z' }, alertLimit: 23, actionLimit: 25, acknowledgement: null,
});

function entries(payloads: Record<string, unknown>[]): ReviewEntry[] {
  const specs = [{ type: 'order.imported', payload: { order: { batchNumber: 'B-1' } } }, ...payloads.map((payload) => ({ type: 'environment.excursion_recorded', payload }))];
  return specs.map((s, i) => ({ seq: i + 1, stationId: 'ST-1', time: new Date(T0 + i * 60_000).toISOString(), tzOffset: '+08:00', type: s.type, actor: null, batchRef: 'B-1', payload: s.payload, prevHash: '0'.repeat(64), hash: String(i + 1).padStart(64, '0'), receivedAt: new Date(T0 + i * 60_000) }));
}

describe('environmental excursions in review by exception', () => {
  it('FR-63 an alert is minor, its escalation to the action level major, each naming room, quantity, peak and limit; the end adds none', () => {
    const found = findExceptions(
      entries([
        { event: 'started', source: 'broker', boothId: 'BOOTH-1', excursion: excursion('alert', null) },
        { event: 'escalated', source: 'broker', boothId: 'BOOTH-1', excursion: excursion('action', null) },
        { event: 'ended', source: 'broker', boothId: 'BOOTH-1', excursion: excursion('action', '2026-12-05T08:09:00.000Z') },
      ]),
      new Map(),
      { lateSyncHours: 24 },
      new Date(T0 + 3_600_000),
    ).exceptions.filter((e) => e.kind === 'environment-excursion');
    expect(found.map((e) => [e.severity, e.params])).toEqual([
      ['minor', { room: 'B1.04', quantity: 'temperature', level: 'alert', peak: '26.4 °C', limit: '23 °C', startedAt: '2026-12-05T08:01:00.000Z' }],
      ['major', { room: 'B1.04', quantity: 'temperature', level: 'action', peak: '26.4 °C', limit: '25 °C', startedAt: '2026-12-05T08:01:00.000Z' }],
    ]);
  });
});
