/**
 * A password reset at the station (issue 10 item 5): the admin who resets never gets a working
 * identity of the user. Today's attack — reset a supervisor, log in with the temporary
 * password, change it, hold a full session and sign — must fail at every step.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestStation, DEMO_PASSWORD, type TestStation } from '../fakes/test-station.ts';
import { unwrap } from '../../src-shared/result.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';

let t: TestStation;
beforeEach(() => {
  t = makeTestStation();
});
afterEach(() => t.cleanup());

const TEMP = 'Temporary-pass-9';

describe('password reset at the station', () => {
  it('P11-26 an admin who resets a supervisor\'s password cannot log in, sign or finish the reset as that supervisor', () => {
    const admin = t.userId('admin');
    const sup = t.userId('sup.wang');
    const supSession = unwrap(t.auth.login('sup.wang', DEMO_PASSWORD)).sessionId;
    unwrap(t.userAdmin.resetPassword(admin, sup, TEMP));

    // the supervisor's running session ends; the temporary password opens nothing
    expect(t.auth.require(supSession).ok).toBe(false);
    const asSup = t.auth.login('sup.wang', TEMP);
    expect(!asSup.ok && asSup.error.code).toBe('AUTH_ACCOUNT_PENDING');
    const op = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const seq = unwrap(t.ledger.append([{ type: 'comment.recorded', actor: t.userId('op.li'), batchRef: 'B-001', payload: { text: 'blend 12 min' } }]))[0]!.seq;
    const cosign = t.signatures.sign({ sessionId: op, targetSeq: seq, meaning: 'verified', password: TEMP, username: 'sup.wang' });
    expect(cosign.ok).toBe(false);

    // the resetting admin can neither verify nor complete the reset, nor enable it past the check
    const own = t.userAdmin.completePasswordReset(admin, sup, { temporaryPassword: TEMP, newPassword: 'Admin-chosen-2026', method: 'it is me' });
    expect(!own.ok && own.error.code).toBe('FORBIDDEN');
    const plainVerify = t.userAdmin.verifyIdentity(t.userId('qa.chen'), sup, 'badge checked');
    expect(!plainVerify.ok && plainVerify.error.code).toBe('FORBIDDEN');
    unwrap(t.userAdmin.disable(admin, sup, 'on leave'));
    const enabled = t.userAdmin.enable(admin, sup, 'back');
    expect(!enabled.ok && enabled.error.code).toBe('FORBIDDEN');
  });

  it('P11-26 the holder sets their own password in front of a second person; only then is a new signing key made', () => {
    const admin = t.userId('admin');
    const sup = t.userId('sup.wang');
    const oldCert = t.users.byId(sup)!.signingCertFingerprint;
    unwrap(t.userAdmin.resetPassword(admin, sup, TEMP));
    // no key is made under the password the admin chose
    expect(t.users.byId(sup)!.signingCertFingerprint).toBe(oldCert);
    const wrongTemp = t.userAdmin.completePasswordReset(t.userId('qa.chen'), sup, { temporaryPassword: 'Not-the-temp-1', newPassword: 'Own-choice-2026', method: 'badge checked' });
    expect(!wrongTemp.ok && wrongTemp.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    unwrap(t.userAdmin.completePasswordReset(t.userId('qa.chen'), sup, { temporaryPassword: TEMP, newPassword: 'Own-choice-2026', method: 'badge and face checked' }));
    expect(t.users.byId(sup)!.status).toBe('active');
    expect(t.users.byId(sup)!.signingCertFingerprint).not.toBe(oldCert);
    expect(t.auth.login('sup.wang', TEMP).ok).toBe(false);

    const op = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const seq = unwrap(t.ledger.append([{ type: 'comment.recorded', actor: t.userId('op.li'), batchRef: 'B-001', payload: { text: 'blend 12 min' } }]))[0]!.seq;
    unwrap(t.signatures.sign({ sessionId: op, targetSeq: seq, meaning: 'verified', password: 'Own-choice-2026', username: 'sup.wang' }));
    const trail = t.ledger.query({ types: ['user.password_changed', 'user.identity_verified'] }).filter((e) => e.payload.userId === sup).slice(-3);
    expect(trail.map((e) => [e.type, e.actor])).toEqual([
      ['user.password_changed', admin],
      ['user.password_changed', sup],
      ['user.identity_verified', t.userId('qa.chen')],
    ]);
    const verified = verifyLedger({ entries: t.ledger.iterate(), checkpoints: t.ledger.checkpoints() });
    expect(verified.ok).toBe(true);
  });
});
