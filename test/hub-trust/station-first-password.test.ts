/**
 * A new account at the station (issue 10 item 5, quick list "an admin resets a user's password
 * to sign as them", for a NEW account): the password the admin types at creation is one-time,
 * like a reset. Today's attack — create a QA account, have it verified, log in with the initial
 * password, change it and hold a full session that signs — must fail at every step.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestStation, DEMO_PASSWORD, type TestStation } from '../fakes/test-station.ts';
import { makeTestApi, type TestApi } from '../fakes/test-api.ts';
import { unwrap } from '../../src-shared/result.ts';

let t: TestStation;
beforeEach(() => {
  t = makeTestStation();
});
afterEach(() => t.cleanup());

const FIRST = 'Kestrel-Harbour-77';

describe('the first password of a new account is one-time', () => {
  it('P11-26 A11-03 the admin who creates an account never holds a password that logs in or signs as its holder', () => {
    const admin = t.userId('admin');
    const created = unwrap(t.userAdmin.createUser(admin, { username: 'sup.new', printedName: 'New Supervisor', roles: ['supervisor'], initialPassword: FIRST, mustChangePassword: true }));
    // no signing key is made under the admin's password
    expect(created.signingCertFingerprint).toBeNull();
    expect(t.users.credentials(created.userId)!.wrappedKey).toBeNull();
    expect(t.ledger.query({ types: ['certificate.issued'], limit: 1000 }).filter((e) => e.payload.subjectId === created.userId)).toHaveLength(0);

    const login = t.auth.login('sup.new', FIRST);
    expect(!login.ok && login.error.code).toBe('AUTH_ACCOUNT_PENDING');
    const op = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const seq = unwrap(t.ledger.append([{ type: 'comment.recorded', actor: t.userId('op.li'), batchRef: 'B-001', payload: { text: 'blend 12 min' } }]))[0]!.seq;
    expect(t.signatures.sign({ sessionId: op, targetSeq: seq, meaning: 'verified', password: FIRST, username: 'sup.new' }).ok).toBe(false);

    // a plain "identity verified" would let the admin's password in: refused, even for QA
    const plain = t.userAdmin.verifyIdentity(t.userId('qa.chen'), created.userId, 'badge checked');
    expect(!plain.ok && plain.error.code).toBe('FORBIDDEN');
    // the creating admin cannot complete it as the holder
    const own = t.userAdmin.completePasswordReset(admin, created.userId, { temporaryPassword: FIRST, newPassword: 'Admin-chosen-2026', method: 'it is me' });
    expect(!own.ok && own.error.code).toBe('FORBIDDEN');
    expect(t.auth.login('sup.new', FIRST).ok).toBe(false);
  });

  it('P11-26 P11-20 the holder chooses their own password in front of a second person; only then is the account active with its own key', () => {
    const admin = t.userId('admin');
    const created = unwrap(t.userAdmin.createUser(admin, { username: 'sup.new', printedName: 'New Supervisor', roles: ['supervisor'], initialPassword: FIRST }));
    const wrong = t.userAdmin.completePasswordReset(t.userId('qa.chen'), created.userId, { temporaryPassword: 'Not-the-first-1', newPassword: 'Own-choice-2026', method: 'badge checked' });
    expect(!wrong.ok && wrong.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    const reused = t.userAdmin.completePasswordReset(t.userId('qa.chen'), created.userId, { temporaryPassword: FIRST, newPassword: FIRST, method: 'badge checked' });
    expect(reused.ok).toBe(false);
    unwrap(t.userAdmin.completePasswordReset(t.userId('qa.chen'), created.userId, { temporaryPassword: FIRST, newPassword: 'Own-choice-2026', method: 'badge and face checked' }));
    const user = t.users.byId(created.userId)!;
    expect(user.status).toBe('active');
    expect(user.signingCertFingerprint).not.toBeNull();
    expect(t.auth.login('sup.new', FIRST).ok).toBe(false);
    // straight to work: no password-change screen, the password is the holder's own
    const session = unwrap(t.auth.login('sup.new', 'Own-choice-2026'));
    expect(t.auth.require(session.sessionId).ok).toBe(true);
    const op = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const seq = unwrap(t.ledger.append([{ type: 'comment.recorded', actor: t.userId('op.li'), batchRef: 'B-001', payload: { text: 'blend 12 min' } }]))[0]!.seq;
    // their first signature waits for the e-signature acknowledgement they sign themselves (P11-13)
    expect(t.signatures.sign({ sessionId: op, targetSeq: seq, meaning: 'verified', password: 'Own-choice-2026', username: 'sup.new' })).toMatchObject({ ok: false, error: { code: 'SIGNATURE_ACK_REQUIRED' } });
    unwrap(t.signatures.acknowledge(session.sessionId, 'Own-choice-2026'));
    expect(t.signatures.sign({ sessionId: op, targetSeq: seq, meaning: 'verified', password: 'Own-choice-2026', username: 'sup.new' }).ok).toBe(true);
    const trail = t.ledger.query({ types: ['user.created', 'user.password_changed', 'certificate.issued', 'user.identity_verified'], limit: 1000 }).filter((e) => e.payload.userId === created.userId || e.payload.subjectId === created.userId);
    expect(trail.map((e) => [e.type, e.actor])).toEqual([
      ['user.created', admin],
      ['user.password_changed', created.userId],
      ['certificate.issued', t.userId('qa.chen')],
      ['user.identity_verified', t.userId('qa.chen')],
    ]);
  });

  it('P11-26 through the station API the first password is always one-time', async () => {
    let api: TestApi | null = null;
    try {
      api = makeTestApi();
      const admin = await api.login('admin');
      const created = await api.call('users.create', { username: 'qa.new', printedName: 'New QA', roles: ['qa'], initialPassword: FIRST }, admin);
      expect(created.ok && created.value.status).toBe('pending');
      const userId = created.ok ? created.value.userId : '';
      const qa = await api.login('qa.chen');
      const plain = await api.call('users.verifyIdentity', { userId, method: 'ID card checked' }, qa);
      expect(!plain.ok && plain.error.code).toBe('FORBIDDEN');
      expect((await api.call('users.completePasswordReset', { userId, temporaryPassword: FIRST, newPassword: 'Cleanroom-Ready-7', method: 'ID card checked' }, qa)).ok).toBe(true);
      const own = await api.login('qa.new', 'Cleanroom-Ready-7');
      expect((await api.call('settings.get', {}, own)).ok).toBe(true);
    } finally {
      api?.station.cleanup();
    }
  });
});
