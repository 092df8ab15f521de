import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EnvironmentReading } from '../../src-shared/environment/environment-reading.ts';
import { parseReading } from '../../src-shared/environment/environment-reading.ts';
import { QuantityLimitsSchema } from '../../src-shared/master-data/room.ts';
import { acknowledge, initialState, observe, type ExcursionEvent, type QuantityState } from './excursion-machine.ts';

const T0 = Date.parse('2026-12-05T08:00:00.000Z');
const LIMITS = QuantityLimitsSchema.parse({ quantity: 'temperature', alert: { low: 18, high: 23 }, action: { low: 15, high: 25 }, hysteresis: 0.5, debounceReadings: 2 });

function feed(values: number[], limits = LIMITS): { state: QuantityState; events: ExcursionEvent[] } {
  let state = initialState('B1.04', 'temperature');
  const events: ExcursionEvent[] = [];
  values.forEach((value, i) => {
    const r: EnvironmentReading = { room: 'B1.04', quantity: 'temperature', value, unit: '°C', time: new Date(T0 + i * 60_000).toISOString() };
    const o = observe(state, r, limits);
    if (!o.ok) throw new Error(o.error.message);
    state = o.value.state;
    events.push(...o.value.events);
  });
  return { state, events };
}
const minute = (i: number) => new Date(T0 + i * 60_000).toISOString();

describe('excursion state machine', () => {
  it('FR-60 an excursion starts after the debounce, escalates, keeps its peak and ends inside the hysteresis', () => {
    //              0   1   2     3   4   5     6     7     8     9   10
    const { events, state } = feed([21, 24, 26.0, 27, 26, 24.8, 24.7, 22.4, 22.6, 22, 22]);
    expect(events.map((e) => e.kind)).toEqual(['started', 'escalated', 'ended']);
    const started = events[0]!.excursion;
    // 24 at minute 1 alone calls for alert; 26 at minute 2 confirms it (2 readings): start = minute 1.
    expect(started).toMatchObject({ excursionId: `B1.04/temperature/${minute(1)}`, side: 'high', level: 'alert', startedAt: minute(1), alertLimit: 23, actionLimit: 25 });
    // 26 (minute 2) and 27 (minute 3) are two action readings: action from minute 2.
    expect(events[1]!.excursion).toMatchObject({ level: 'action', actionStartedAt: minute(2) });
    // 24.8 and 24.7 are below 25 but not by the 0.5 hysteresis: still action; 22.4 ≤ 22.5 once,
    // 22.6 is not ≤ 22.5 (run broken), 22 and 22 end it at minute 9.
    const ended = events[2]!.excursion;
    expect(ended).toMatchObject({ endedAt: minute(9), peak: { value: 27, at: minute(3) }, level: 'action' });
    expect(state.level).toBe('normal');
    expect(state.excursion).toBeNull();
  });

  it('FR-60 one spike shorter than the debounce starts nothing; a value equal to a limit is within it', () => {
    expect(feed([21, 30, 21, 23, 23, 21]).events).toEqual([]);
    expect(feed([21, 30, 21], { ...LIMITS, debounceReadings: 1 }).events.map((e) => e.kind)).toEqual(['started', 'ended']);
  });

  it('FR-60 a low excursion keeps the smallest value as its peak', () => {
    const { events } = feed([20, 17, 14, 13.5, 16, 19, 19]);
    expect(events[0]!.excursion).toMatchObject({ side: 'low', alertLimit: 18, actionLimit: 15 });
    expect(events.at(-1)!.excursion).toMatchObject({ peak: { value: 13.5 }, endedAt: minute(5) });
  });

  it('FR-60 a repeated or older reading is refused as stale and changes nothing', () => {
    const { state } = feed([21, 26]);
    const again = observe(state, { room: 'B1.04', quantity: 'temperature', value: 40, unit: '°C', time: minute(1) }, LIMITS);
    expect(again.ok ? 'accepted' : again.error.code).toBe('ENV_READING_STALE');
  });

  it('FR-60 an acknowledgement names the person and a comment, once', () => {
    const x = feed([21, 26, 26]).events[0]!.excursion;
    expect(acknowledge(x, 'sup.wang', '  ', new Date(T0)).ok).toBe(false);
    const acked = acknowledge(x, 'sup.wang', 'HVAC filter change, room checked', new Date(T0));
    expect(acked.ok && acked.value.acknowledgement).toEqual({ by: 'sup.wang', at: new Date(T0).toISOString(), comment: 'HVAC filter change, room checked' });
    const twice = acked.ok ? acknowledge(acked.value, 'qa.zhao', 'again', new Date(T0)) : acked;
    expect(twice.ok ? 'accepted' : twice.error.code).toBe('ENV_EXCURSION_ACKNOWLEDGED');
  });

  it('FR-60 property: an open excursion exists exactly when the level is not normal, and its peak is the extreme of its readings', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 100, max: 300 }), { minLength: 1, maxLength: 60 }), (tenths) => {
        const values = tenths.map((t) => t / 10);
        const { state, events } = feed(values);
        expect(state.excursion !== null).toBe(state.level !== 'normal');
        for (const e of events.filter((x) => x.kind === 'ended')) {
          const from = (Date.parse(e.excursion.startedAt) - T0) / 60_000;
          const to = (Date.parse(e.excursion.endedAt!) - T0) / 60_000;
          const span = values.slice(from, to);
          expect(e.excursion.peak.value).toBe(e.excursion.side === 'high' ? Math.max(...span) : Math.min(...span));
        }
      }),
    );
  });
});

describe('reading payloads', () => {
  const good = { room: 'B1.04', quantity: 'humidity', value: 45.2, unit: '%RH', time: '2026-12-05T08:00:00Z' };
  it('FR-60 a good payload parses; the time is normalised to milliseconds', () => {
    const r = parseReading(JSON.stringify(good), { room: 'B1.04', quantity: 'humidity' });
    expect(r.ok && r.value.time).toBe('2026-12-05T08:00:00.000Z');
  });
  it.each([
    ['not JSON', '{"room":', 'not-json'],
    ['a missing value', JSON.stringify({ ...good, value: undefined }), 'invalid-field'],
    ['a value that is a string', JSON.stringify({ ...good, value: '45' }), 'invalid-field'],
    ['a local time', JSON.stringify({ ...good, time: '2026-12-05 08:00' }), 'invalid-field'],
    ['an unknown quantity', JSON.stringify({ ...good, quantity: 'noise' }), 'invalid-field'],
    ['the wrong unit', JSON.stringify({ ...good, unit: '%' }), 'unit-mismatch'],
  ])('FR-60 %s is refused with a typed reason', (_name, payload, reason) => {
    const r = parseReading(payload);
    expect(r.ok ? null : [r.error.code, r.error.details?.reason]).toEqual(['ENV_READING_INVALID', reason]);
  });
  it('FR-60 a payload naming another room than its topic is refused', () => {
    const r = parseReading(JSON.stringify(good), { room: 'B1.05', quantity: 'humidity' });
    expect(r.ok ? null : r.error.details?.reason).toBe('topic-mismatch');
  });
});
