import { describe, expect, it } from 'vitest';
import { loggedInElsewhere, sessionOverlaps, sessionWindows, type SessionFoldEntry } from './session-windows.ts';

let seq = 0;
const e = (stationId: string, time: string, type: string, payload: Record<string, unknown> = {}): SessionFoldEntry => ({ stationId, seq: ++seq, time: `2026-04-06T${time}:00.000Z`, type, actor: null, payload });
const users = (s: string) => e(s, '00:00', 'user.created', { userId: 'u-1', username: 'li.wei' });

describe('the session fold (FR-140, DI-11)', () => {
  it('FR-140 DI-11 a lock or a logout ends a window, an unlock opens one; two stations overlapping by more than the tolerance are one overlap, named by both windows', () => {
    const w = sessionWindows([
      users('S1'),
      users('S2'),
      e('S1', '08:00', 'session.login', { userId: 'u-1', sessionRef: 'a' }),
      e('S1', '08:30', 'session.locked', { userId: 'u-1', sessionRef: 'a', reason: 'user' }),
      e('S2', '08:45', 'session.login', { userId: 'u-1', sessionRef: 'b' }),
      e('S1', '09:00', 'session.unlocked', { userId: 'u-1', sessionRef: 'a' }),
      e('S2', '09:30', 'session.logout', { userId: 'u-1', sessionRef: 'b', reason: 'user' }),
      e('S1', '10:00', 'session.logout', { userId: 'u-1', sessionRef: 'a', reason: 'inactivity' }),
    ]);
    expect(w.map((x) => [x.stationId, x.from.slice(11, 16), x.to.slice(11, 16), x.endedBy])).toEqual([
      ['S1', '08:00', '08:30', 'session.locked:user'],
      ['S2', '08:45', '09:30', 'session.logout:user'],
      ['S1', '09:00', '10:00', 'session.logout:inactivity'],
    ]);
    const o = sessionOverlaps(w);
    expect(o).toHaveLength(1);
    expect([o[0]!.username, new Date(o[0]!.fromMs).toISOString(), new Date(o[0]!.toMs).toISOString()]).toEqual(['li.wei', '2026-04-06T09:00:00.000Z', '2026-04-06T09:30:00.000Z']);
    expect(loggedInElsewhere(w, 'li.wei', 'S1', Date.parse('2026-04-06T09:10:00.000Z'))).toHaveLength(1);
    expect(loggedInElsewhere(w, 'li.wei', 'S1', Date.parse('2026-04-06T08:20:00.000Z'))).toHaveLength(0);
  });

  it('FR-140 a station clock ahead by 5 min (its recorded drift) is corrected; an overlap within the tolerance is not one; a restart ends what was open', () => {
    const entries = [
      users('S1'),
      users('S2'),
      // S2 is 300 s ahead of the hub: its 09:06 logout is 09:01 on the hub's clock.
      e('S2', '07:00', 'station.time_untrusted', { driftSeconds: 300 }),
      e('S2', '08:05', 'session.login', { userId: 'u-1' }),
      e('S2', '09:06', 'session.logout', { userId: 'u-1', reason: 'user' }),
      e('S1', '09:00', 'session.login', { userId: 'u-1' }),
      e('S1', '09:30', 'station.started_with_flags', {}),
    ];
    const w = sessionWindows(entries);
    expect(w.find((x) => x.stationId === 'S2')!.endMs).toBe(Date.parse('2026-04-06T09:01:00.000Z'));
    expect(w.find((x) => x.stationId === 'S1')!.endedBy).toBe('station.started_with_flags');
    // 60 s of overlap on the hub's clock: within the default tolerance, not counted; with 30 s it is.
    expect(sessionOverlaps(w)).toHaveLength(0);
    expect(sessionOverlaps(w, 30)).toHaveLength(1);
    const uncorrected = sessionWindows(entries.filter((x) => x.type !== 'station.time_untrusted'));
    expect(sessionOverlaps(uncorrected)).toHaveLength(1);
  });
});
