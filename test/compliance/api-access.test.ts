/**
 * Access to the station API, generated from the contract itself so that a method added
 * tomorrow is covered without anyone remembering this test (COMPLIANCE P11-05, DI-06).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { stationApiContract } from '../../src-shared/api/index.ts';
import { makeTestApi, type TestApi } from '../fakes/test-api.ts';

let api: TestApi;
afterEach(() => api?.station.cleanup());

const methods = Object.entries(stationApiContract);
const gmp = methods.filter(([, e]) => e.access !== 'public').map(([m]) => m);
const lockedOk = methods.filter(([, e]) => e.access === 'session-or-locked').map(([m]) => m);

describe('station API access', () => {
  it('P11-05 every method but login, station info and the first-run admin refuses a caller without a session, and a locked session may only see, unlock or leave', async () => {
    expect(methods.filter(([, e]) => e.access === 'public').map(([m]) => m).sort()).toEqual(['auth.login', 'station.info', 'station.initAdmin']);
    api = makeTestApi();
    // The first-run admin is public only while the station has no account (issue 10 item 2).
    const second = await api.raw('station.initAdmin', { username: 'it.intruder', printedName: 'Intruder', password: 'Intruder-pass-2026' }, { sessionId: null });
    expect(second.ok).toBe(false);
    const none: string[] = [];
    for (const m of gmp) {
      const r = await api.raw(m, {}, { sessionId: null });
      if (r.ok || r.error.code !== 'AUTH_SESSION_INVALID') none.push(`${m}: ${r.ok ? 'ANSWERED' : r.error.code}`);
    }
    expect(none).toEqual([]);
    const sid = await api.login('sup.wang');
    expect((await api.call('auth.lock', {}, sid)).ok).toBe(true);
    const locked: string[] = [];
    for (const m of gmp.filter((x) => !lockedOk.includes(x))) {
      const r = await api.raw(m, {}, { sessionId: sid });
      if (r.ok || r.error.code !== 'AUTH_SESSION_LOCKED') locked.push(`${m}: ${r.ok ? 'ANSWERED' : r.error.code}`);
    }
    expect(locked).toEqual([]);
    expect(lockedOk.sort()).toEqual(['auth.changePassword', 'auth.lock', 'auth.logout', 'auth.session', 'auth.unlock']);
  });

  it('DI-06 no method deletes, purges or overwrites GMP data: corrections, voids and disables are new entries', () => {
    expect(methods.map(([m]) => m).filter((m) => /delete|remove|purge|drop|truncate|erase|overwrite/i.test(m))).toEqual([]);
  });
});
