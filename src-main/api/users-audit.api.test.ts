import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApi, type TestApi } from '../../test/fakes/test-api.ts';

let api: TestApi;
afterEach(() => api?.station.cleanup());

describe('users and audit API', () => {
  it('creates a user whose one-time password only lets them choose their own in front of a second person (P11-26)', async () => {
    api = makeTestApi();
    const admin = await api.login('admin');
    const created = await api.call('users.create', { username: 'op.zhao', printedName: 'Zhao Min', roles: ['operator'], initialPassword: 'Temporary-Pass-42' }, admin);
    expect(created.ok && created.value.mustChangePassword).toBe(true);
    // P11-20: pending until a second person (not the creating admin) verifies the holder
    expect(created.ok && created.value.status).toBe('pending');
    const userId = created.ok ? created.value.userId : '';
    expect((await api.call('users.verifyIdentity', { userId, method: 'ID card checked' }, admin)).ok).toBe(false);
    const qa = await api.login('qa.chen');
    const plain = await api.call('users.verifyIdentity', { userId, method: 'ID card checked' }, qa);
    expect(!plain.ok && plain.error.code).toBe('FORBIDDEN');
    const weak = await api.call('users.completePasswordReset', { userId, temporaryPassword: 'Temporary-Pass-42', newPassword: 'short', method: 'ID card checked' }, qa);
    expect(!weak.ok && weak.error.code).toBe('AUTH_PASSWORD_POLICY');
    expect((await api.call('users.completePasswordReset', { userId, temporaryPassword: 'Temporary-Pass-42', newPassword: 'Cleanroom-Ready-7', method: 'ID card checked' }, qa)).ok).toBe(true);
    const sid = await api.login('op.zhao', 'Cleanroom-Ready-7');
    expect((await api.call('settings.get', {}, sid)).ok).toBe(true);
  });

  it('P11-26 refuses an admin holding a GMP role and changing their own roles', async () => {
    api = makeTestApi();
    const admin = await api.login('admin');
    const mixed = await api.call('users.create', { username: 'boss', printedName: 'Boss', roles: ['admin', 'qp'], initialPassword: 'Temporary-Pass-42' }, admin);
    expect(!mixed.ok && mixed.error.code).toBe('INPUT_INVALID');
    const self = await api.call('users.setRoles', { userId: api.station.userId('admin'), roles: ['admin'], reason: 'myself' }, admin);
    expect(!self.ok && self.error.code).toBe('FORBIDDEN');
  });

  it('A11-20 disables, unlocks and resets with reasons in the ledger', async () => {
    api = makeTestApi();
    const admin = await api.login('admin');
    const li = api.station.userId('op.li');
    for (let i = 0; i < 5; i++) await api.call('auth.login', { username: 'op.li', password: 'not-the-password-1' });
    const locked = await api.call('users.list', {}, admin);
    expect(locked.ok && locked.value.find((u) => u.userId === li)?.status).toBe('locked');
    expect((await api.call('users.unlock', { userId: li, reason: 'identity confirmed by phone' }, admin)).ok).toBe(true);
    expect((await api.call('users.disable', { userId: li, reason: 'left the company' }, admin)).ok).toBe(true);
    const login = await api.call('auth.login', { username: 'op.li', password: 'Batchline-demo-1' });
    expect(!login.ok && login.error.code).toBe('AUTH_ACCOUNT_DISABLED');
    const last = api.station.ledger.query({ typePrefix: 'user.' }).slice(-3);
    expect(last.map((e) => [e.type, e.actor, e.payload.reason])).toEqual([
      ['user.locked', null, 'failed_attempts'],
      ['user.unlocked', api.station.userId('admin'), 'identity confirmed by phone'],
      ['user.disabled', api.station.userId('admin'), 'left the company'],
    ]);
  });

  it('D25-01 filters the audit trail and records an export', async () => {
    api = makeTestApi();
    const qa = await api.login('qa.chen');
    await api.call('auth.login', { username: 'op.li', password: 'wrong-password-1' });
    const failed = await api.call('audit.query', { typePrefix: 'session.login_failed' }, qa);
    expect(failed.ok && failed.value.map((r) => r.payload.username)).toEqual(['op.li']);
    const page = await api.call('audit.query', { limit: 3 }, qa);
    expect(page.ok && page.value.map((r) => r.seq)).toEqual([1, 2, 3]);
    const next = await api.call('audit.query', { limit: 2, afterSeq: 3 }, qa);
    expect(next.ok && next.value.map((r) => r.seq)).toEqual([4, 5]);
    const logins = await api.call('audit.query', { typePrefix: 'session.login', actor: api.station.userId('qa.chen') }, qa);
    expect(logins.ok && logins.value[0]?.actor?.printedName).toBe('Chen Jing (陈静)');
    const byName = await api.call('audit.query', { username: 'QA.Chen', typePrefix: 'session.login' }, qa);
    expect(byName.ok && byName.value.length).toBe(1);
    const nobody = await api.call('audit.query', { username: 'ghost' }, qa);
    expect(nobody.ok && nobody.value).toEqual([]);
    const exported = await api.call('audit.export', { typePrefix: 'session.' }, qa);
    expect(exported.ok && api.station.ledger.bySeq(exported.value.exportedSeq)?.type).toBe('audit.exported');
    const op = await api.login('op.smith');
    const refused = await api.call('audit.query', {}, op);
    expect(!refused.ok && refused.error.code).toBe('AUTH_ROLE_REQUIRED');
  });
});
