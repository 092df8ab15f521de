/**
 * Stronger authentication at signing (2025 Annex 11 draft, Electronic Signatures; COMPLIANCE.md
 * D25-03) and the e-signature acknowledgement at first login (21 CFR 11.100(c), 11.10(j);
 * P11-13). signing.mfa is a setting under change control; a TOTP secret is enrolled per user and
 * shown once; with MFA on, the password alone is refused; the manifestation names the offset and
 * that a second factor was used; refusals are typed and recorded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestStation, reopen, DEMO_PASSWORD, type TestStation } from '../fakes/test-station.ts';
import { makeTestApi, type TestApi } from '../fakes/test-api.ts';
import { changeSetting } from '../fakes/change-setting.ts';
import { totpCode } from '../../src-core/auth/totp.ts';
import { manifestation } from '../../src-core/record/batch-record.ts';
import { ESIG_STATEMENT, statementSha256, verifyAcknowledgement } from '../../src-core/signatures/esig-acknowledgement.ts';
import { unwrap } from '../../src-shared/result.ts';

let t: TestStation | undefined;
let api: TestApi | undefined;
afterEach(() => {
  t?.cleanup();
  api?.station.cleanup();
  t = undefined;
  api = undefined;
});

/** Enrols op.li's authenticator through the station API and returns its secret. */
async function enrol(a: TestApi, username: string): Promise<string> {
  const session = await a.login(username);
  const started = unwrap(await a.call('auth.mfaStart', {}, session));
  expect(started.uri).toMatch(new RegExp(`^otpauth://totp/.*${username.replace('.', '\\.')}\\?secret=${started.secret}`));
  expect(started.qrSvg).toMatch(/^<svg/);
  const wrong = await a.call('auth.mfaConfirm', { secret: started.secret, code: '000000' === totpCode(started.secret, a.station.clock.now()) ? '111111' : '000000', password: DEMO_PASSWORD }, session);
  expect(!wrong.ok && wrong.error.code).toBe('SIGNATURE_MFA_INVALID');
  unwrap(await a.call('auth.mfaConfirm', { secret: started.secret, code: totpCode(started.secret, a.station.clock.now()), password: DEMO_PASSWORD }, session));
  return started.secret;
}

describe('second factor at signing', () => {
  it('D25-03 enrolment shows the secret once as an otpauth URI and QR code, records the enrolment and keeps the secret out of the ledger', async () => {
    api = makeTestApi();
    const secret = await enrol(api, 'op.li');
    const enrolled = api.station.ledger.query({ types: ['user.mfa_enrolled'] });
    expect(enrolled).toHaveLength(1);
    expect(enrolled[0]!).toMatchObject({ actor: api.station.userId('op.li'), payload: { method: 'totp' } });
    const whole = JSON.stringify(api.station.ledger.query({ limit: 1_000_000 }));
    expect(whole).not.toContain(secret);
    const session = await api.login('op.li');
    const state = unwrap(await api.call('auth.session', {}, session));
    expect(state).toMatchObject({ mfaEnrolled: true, mfaRequired: false, esigAcknowledged: true });
  });

  it('D25-03 with signing.mfa=totp the password alone is refused; password + valid TOTP is accepted and the manifestation shows offset and factor', async () => {
    api = makeTestApi();
    const secret = await enrol(api, 'op.li');
    const s = api.station;
    changeSetting(s, 'signing', { mfa: 'totp' }, 'SOP-201: two factors at every signature');
    const session = unwrap(s.auth.login('op.li', DEMO_PASSWORD)).sessionId;

    const passwordOnly = s.signatures.sign({ sessionId: session, targetSeq: 1, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li' });
    expect(!passwordOnly.ok && passwordOnly.error.code).toBe('SIGNATURE_MFA_REQUIRED');
    expect(s.ledger.query({ types: ['session.login_failed'] }).at(-1)!).toMatchObject({ actor: s.userId('op.li'), payload: { code: 'SIGNATURE_MFA_REQUIRED', attempt: 'signature', targetSeq: 1 } });

    const wrongCode = s.signatures.sign({ sessionId: session, targetSeq: 1, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li', otp: totpCode(secret, new Date(s.clock.now().getTime() - 10 * 60_000)) });
    expect(!wrongCode.ok && wrongCode.error.code).toBe('SIGNATURE_MFA_INVALID');
    expect(s.ledger.query({ types: ['session.login_failed'] }).at(-1)!.payload).toMatchObject({ code: 'SIGNATURE_MFA_INVALID', failedAttempts: 1 });
    expect(s.users.byUsername('op.li')!.failedAttempts).toBe(1);

    // The enrolment used this time step's code: the same code cannot sign (a code is good once).
    const replayed = s.signatures.sign({ sessionId: session, targetSeq: 1, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li', otp: totpCode(secret, s.clock.now()) });
    expect(!replayed.ok && replayed.error.code).toBe('SIGNATURE_MFA_REUSED');
    s.clock.advance(30_000);
    const signed = unwrap(s.signatures.sign({ sessionId: session, targetSeq: 1, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li', otp: totpCode(secret, s.clock.now()) }));
    const p = signed.payload as { mfa?: string; tzOffset: string; timeZone?: string; printedName: string; username: string; meaning: string; signedAt: string };
    expect(p.mfa).toBe('totp');
    expect(p.tzOffset).toBe('+08:00');
    expect(p.timeZone).toBe('Asia/Shanghai');
    const shown = manifestation(p);
    expect(shown).toMatch(/^Li Wei \(李伟\) \(op\.li\) — performed — \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00 — password \+ TOTP$/);
  });

  it('D25-03 a one-time code is good once: seen over a shoulder and typed again, in the same or the next 30 s, it is refused and counts toward lockout', async () => {
    api = makeTestApi();
    const secret = await enrol(api, 'op.li');
    const s = api.station;
    changeSetting(s, 'signing', { mfa: 'totp' }, 'SOP-201: two factors at every signature');
    s.clock.advance(60_000);
    const session = unwrap(s.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const code = totpCode(secret, s.clock.now());
    const sign = (otp: string, targetSeq = 1) => s.signatures.sign({ sessionId: session, targetSeq, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li', otp });
    unwrap(sign(code));
    const again = sign(code);
    expect(!again.ok && again.error.code).toBe('SIGNATURE_MFA_REUSED');
    // still inside the one-step skew window: the code would match, and is still refused
    s.clock.advance(25_000);
    const later = sign(code);
    expect(!later.ok && later.error.code).toBe('SIGNATURE_MFA_REUSED');
    expect(s.ledger.query({ types: ['session.login_failed'] }).at(-1)!.payload).toMatchObject({ code: 'SIGNATURE_MFA_REUSED', failedAttempts: 2 });
    // the previous step's code (the phone a little behind) is older than the used one: refused too
    const earlier = sign(totpCode(secret, new Date(s.clock.now().getTime() - 30_000)));
    expect(!earlier.ok && earlier.error.code).toBe('SIGNATURE_MFA_REUSED');
    // the next code works
    s.clock.advance(35_000);
    unwrap(sign(totpCode(secret, s.clock.now()), s.ledger.query({ types: ['user.mfa_enrolled'] })[0]!.seq));
    expect(s.ledger.query({ types: ['signature.applied'] }).filter((e) => e.payload.mfa === 'totp')).toHaveLength(2);
  });

  it('D25-03 a signer who never enrolled is refused while MFA is on, and the refusal is recorded', () => {
    t = makeTestStation();
    changeSetting(t, 'signing', { mfa: 'totp' }, 'SOP-201');
    const session = unwrap(t.auth.login('sup.wang', DEMO_PASSWORD)).sessionId;
    const r = t.signatures.sign({ sessionId: session, targetSeq: 1, meaning: 'verified', password: DEMO_PASSWORD, username: 'sup.wang', otp: '123456' });
    expect(!r.ok && r.error.code).toBe('SIGNATURE_MFA_NOT_ENROLLED');
    expect(t.ledger.query({ types: ['session.login_failed'] }).at(-1)!.payload).toMatchObject({ username: 'sup.wang', code: 'SIGNATURE_MFA_NOT_ENROLLED' });
  });

  it('D25-03 the TOTP seed is sealed under the station secret: the database alone does not hold it, a seed edited or copied to another user fails closed, and a plaintext seed from an older station is sealed at start', async () => {
    api = makeTestApi();
    const liSecret = await enrol(api, 'op.li');
    await enrol(api, 'sup.wang');
    const s = api.station;
    const raw = (u: string) => (s.db.sqlite.prepare('select secret from user_mfa where user_id = ?').get(s.userId(u)) as { secret: string }).secret;
    expect(raw('op.li')).toMatch(/^sealed:v1:/);
    expect(raw('op.li')).not.toContain(liSecret);
    changeSetting(s, 'signing', { mfa: 'totp' }, 'SOP-201: two factors at every signature');
    s.clock.advance(60_000);

    // Someone with the database file copies op.li's sealed seed over sup.wang's, to sign as sup.wang with op.li's phone.
    s.db.sqlite.prepare('update user_mfa set secret = ? where user_id = ?').run(raw('op.li'), s.userId('sup.wang'));
    const session = unwrap(s.auth.login('sup.wang', DEMO_PASSWORD)).sessionId;
    const copied = s.signatures.sign({ sessionId: session, targetSeq: 1, meaning: 'verified', password: DEMO_PASSWORD, username: 'sup.wang', otp: totpCode(liSecret, s.clock.now()) });
    expect(!copied.ok && copied.error.code).toBe('SIGNATURE_MFA_UNREADABLE');
    expect(s.ledger.query({ types: ['session.login_failed'] }).at(-1)!.payload).toMatchObject({ username: 'sup.wang', code: 'SIGNATURE_MFA_UNREADABLE' });
    // One flipped character in op.li's own sealed seed: refused the same way, never accepted.
    const sealed = raw('op.li');
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
    s.db.sqlite.prepare('update user_mfa set secret = ? where user_id = ?').run(flipped, s.userId('op.li'));
    const liSession = unwrap(s.auth.login('op.li', DEMO_PASSWORD)).sessionId;
    const edited = s.signatures.sign({ sessionId: liSession, targetSeq: 1, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li', otp: totpCode(liSecret, s.clock.now()) });
    expect(!edited.ok && edited.error.code).toBe('SIGNATURE_MFA_UNREADABLE');

    // A station database from before sealing kept the seed in plaintext: the next start seals it, and it still signs.
    const liId = s.userId('op.li');
    s.db.sqlite.prepare('update user_mfa set secret = ? where user_id = ?').run(liSecret, liId);
    s.close();
    const again = reopen(s);
    try {
      expect((again.db.sqlite.prepare('select secret from user_mfa where user_id = ?').get(liId) as { secret: string }).secret).toMatch(/^sealed:v1:/);
      s.clock.advance(30_000);
      const next = unwrap(again.auth.login('op.li', DEMO_PASSWORD)).sessionId;
      const signed = unwrap(again.signatures.sign({ sessionId: next, targetSeq: 1, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li', otp: totpCode(liSecret, s.clock.now()) }));
      expect(signed.payload).toMatchObject({ mfa: 'totp' });
    } finally {
      again.close();
    }
  });

  it('D25-03 switching MFA on is itself a configuration change that needs a second person', () => {
    t = makeTestStation();
    unwrap(t.settings.propose(t.userId('admin'), 'signing', { mfa: 'totp' }, 'SOP-201'));
    expect(t.settings.current().signing.mfa).toBe('off');
  });
});

describe('e-signature acknowledgement', () => {
  it('P11-13 a new user signs the acknowledgement before any other signature works; it is a signed ledger record with date', () => {
    t = makeTestStation();
    const admin = t.userId('admin');
    const created = unwrap(t.userAdmin.createUser(admin, { username: 'li.na', printedName: 'Li Na (李娜)', roles: ['operator'], initialPassword: 'First-pass-2026', mustChangePassword: false }));
    unwrap(t.userAdmin.verifyIdentity(t.userId('qa.chen'), created.userId, 'badge and ID checked'));
    const session = unwrap(t.auth.login('li.na', 'First-pass-2026')).sessionId;

    const before = t.signatures.sign({ sessionId: session, targetSeq: 1, meaning: 'performed', password: 'First-pass-2026', username: 'li.na' });
    expect(!before.ok && before.error.code).toBe('SIGNATURE_ACK_REQUIRED');
    expect(t.signatures.hasAcknowledged(created.userId)).toBe(false);

    const wrong = t.signatures.acknowledge(session, 'Wrong-pass-2026');
    expect(!wrong.ok && wrong.error.code).toBe('SIGNATURE_PASSWORD_INVALID');

    const ack = unwrap(t.signatures.acknowledge(session, 'First-pass-2026'));
    expect(ack).toMatchObject({ type: 'user.esig_acknowledged', actor: created.userId, time: t.clock.now().toISOString() });
    const p = ack.payload as { statementEn: string; statementZh: string; statementSha256: string; signedAt: string; tzOffset: string; signature: string; certFingerprint: string };
    expect(p.statementEn).toBe('I accept that my electronic signature is the legally binding equivalent of my handwritten signature.');
    expect(p.statementZh).toBe(ESIG_STATEMENT.zh);
    expect(p.statementSha256).toBe(statementSha256());
    const cert = t.users.certificatePem(p.certFingerprint)!;
    const fields = { stationId: ack.stationId, userId: created.userId, statementSha256: p.statementSha256, signedAt: p.signedAt, tzOffset: p.tzOffset };
    expect(verifyAcknowledgement(cert, fields, p.signature)).toBe(true);
    expect(verifyAcknowledgement(cert, { ...fields, userId: 'someone-else' }, p.signature)).toBe(false);

    const again = t.signatures.acknowledge(session, 'First-pass-2026');
    expect(!again.ok && again.error.code).toBe('CONFLICT');
    unwrap(t.signatures.sign({ sessionId: session, targetSeq: 1, meaning: 'performed', password: 'First-pass-2026', username: 'li.na' }));
  });

  it('P11-13 the station API shows the statement in both languages and records the acknowledgement', async () => {
    api = makeTestApi();
    const s = api.station;
    const created = unwrap(s.userAdmin.createUser(s.userId('admin'), { username: 'zhang.min', printedName: 'Zhang Min (张敏)', roles: ['operator'], initialPassword: 'First-pass-2026', mustChangePassword: false }));
    unwrap(s.userAdmin.verifyIdentity(s.userId('qa.chen'), created.userId, 'badge and ID checked'));
    const session = await api.login('zhang.min', 'First-pass-2026');
    expect(unwrap(await api.call('auth.session', {}, session)).esigAcknowledged).toBe(false);
    const statement = unwrap(await api.call('auth.esigStatement', {}, session));
    expect(statement).toEqual({ en: ESIG_STATEMENT.en, zh: ESIG_STATEMENT.zh, acknowledged: false });
    const recorded = unwrap(await api.call('auth.acknowledgeEsig', { password: 'First-pass-2026' }, session));
    expect(s.ledger.bySeq(recorded.seq)!.type).toBe('user.esig_acknowledged');
    expect(unwrap(await api.call('auth.session', {}, session)).esigAcknowledged).toBe(true);
  });
});
