import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { endpoint, NoInput, combineContracts } from '../../src-shared/api/contract.ts';
import { stationApiContract } from '../../src-shared/api/index.ts';
import { ok } from '../../src-shared/result.ts';
import { makeTestApi, type TestApi } from '../../test/fakes/test-api.ts';
import { checkComplete, combine } from './handler-map.ts';
import { createDispatcher } from './dispatch.ts';

let api: TestApi;
afterEach(() => api?.station.cleanup());

describe('Station API dispatcher', () => {
  it('refuses an unknown method and malformed input with typed codes', async () => {
    api = makeTestApi();
    expect((await api.raw('auth.nope', {}, { sessionId: null })).ok).toBe(false);
    const unknown = await api.raw('__proto__', {}, { sessionId: null });
    expect(!unknown.ok && unknown.error.code).toBe('API_METHOD_UNKNOWN');
    const bad = await api.raw('auth.login', { username: 'op.li' }, { sessionId: null });
    expect(!bad.ok && bad.error.code).toBe('INPUT_INVALID');
    expect(!bad.ok && bad.error.details?.issues).toEqual([{ path: 'password', message: expect.any(String) }]);
    const extra = await api.raw('station.info', { sneaky: 1 }, { sessionId: null });
    expect(!extra.ok && extra.error.code).toBe('INPUT_INVALID');
  });

  it('checks the session and role the contract names before the handler runs', async () => {
    api = makeTestApi();
    const none = await api.call('users.list', {});
    expect(!none.ok && none.error.code).toBe('AUTH_SESSION_INVALID');
    const op = await api.login('op.li');
    const refused = await api.call('users.list', {}, op);
    expect(!refused.ok && refused.error.code).toBe('AUTH_ROLE_REQUIRED');
    const admin = await api.login('admin');
    const list = await api.call('users.list', {}, admin);
    expect(list.ok && list.value.map((u) => u.username)).toContain('sup.wang');
    // The contract strips what it does not name: no credential ever leaves the station.
    expect(JSON.stringify(list)).not.toMatch(/hash|wrapped/i);
  });

  it('lets a locked session see its state and unlock, but nothing else', async () => {
    api = makeTestApi();
    const sid = await api.login('sup.wang');
    expect((await api.call('auth.lock', {}, sid)).ok).toBe(true);
    const state = await api.call('auth.session', {}, sid);
    expect(state.ok && state.value.locked).toBe(true);
    const audit = await api.call('audit.query', {}, sid);
    expect(!audit.ok && audit.error.code).toBe('AUTH_SESSION_LOCKED');
    const wrong = await api.call('auth.unlock', { password: 'wrong-password-1' }, sid);
    expect(!wrong.ok && wrong.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect((await api.call('auth.unlock', { password: 'Batchline-demo-1' }, sid)).ok).toBe(true);
    expect((await api.call('audit.query', { typePrefix: 'session.' }, sid)).ok).toBe(true);
  });

  it('locks a session that idled past the policy, on the next call', async () => {
    api = makeTestApi();
    const sid = await api.login('op.li');
    api.station.clock.advance(11 * 60_000);
    const r = await api.call('settings.get', {}, sid);
    expect(!r.ok && r.error.code).toBe('AUTH_SESSION_LOCKED');
    const types = api.station.ledger.query({ typePrefix: 'session.' }).map((e) => e.type);
    expect(types.at(-1)).toBe('session.locked');
  });

  it('answers a throwing handler with API_INTERNAL_ERROR and logs it', async () => {
    api = makeTestApi({ syncStatus: () => { throw new Error('boom'); } });
    const sid = await api.login('op.li');
    const r = await api.call('sync.status', {}, sid);
    expect(!r.ok && r.error.code).toBe('API_INTERNAL_ERROR');
    expect(String(api.logged[0])).toContain('boom');
  });

  it('answers a handler value outside the contract with API_INTERNAL_ERROR', async () => {
    api = makeTestApi({ syncStatus: () => ({ phase: 'sideways' }) as never });
    const sid = await api.login('op.li');
    const r = await api.call('sync.status', {}, sid);
    expect(!r.ok && r.error.code).toBe('API_INTERNAL_ERROR');
  });
});

describe('handler maps', () => {
  it('refuse a method defined or handled twice, and a contract without handlers', () => {
    const a = { 'x.one': endpoint('public', NoInput, z.null()) };
    expect(() => combineContracts(a, a)).toThrow(/defined twice/);
    expect(() => combineContracts({ Bad: a['x.one'] })).toThrow(/area\.verb/);
    expect(() => combine({ 'x.one': () => ok(null) }, { 'x.one': () => ok(null) })).toThrow(/two handlers/);
    expect(() => checkComplete(a, {})).toThrow(/missing \[x\.one\]/);
    expect(() => checkComplete(a, { 'x.one': () => ok(null), 'x.two': () => ok(null) })).toThrow(/without contract \[x\.two\]/);
  });

  it('cover every method of the station contract', () => {
    api = makeTestApi();
    // makeTestApi would have thrown otherwise; check the other way round too.
    expect(() => createDispatcher({ contract: stationApiContract, handlers: {}, auth: api.station.auth, users: api.station.users })).toThrow(/missing/);
  });
});
