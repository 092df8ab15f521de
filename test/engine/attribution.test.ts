/**
 * Attribution of failed signing and authentication attempts (issue 18 item 7): a failed
 * signature or co-signature, login, unlock or password change is recorded against the account
 * that attempted it, so the audit trail filtered by that user (`batchline audit --user`, the
 * station's audit view) finds it; the operator at whose station it happened is named beside it.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { auditView } from '../../src-core/ledger/audit-view.ts';
import { runCli } from '../fakes/cli-runner.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, OPERATOR, runTo, signAs } from './engine-test-kit.ts';

const B = 'B-ATTR-1';
let d: DispensingStation;
afterEach(() => d?.close());

const userId = (username: string) => d.station.users.byUsername(username)!.userId;
const byUser = (username: string) => auditView(d.station.ledger, { actor: userId(username), limit: 10_000 });

/** Line clearance S01 recorded and signed "performed" by op.li: it awaits a supervisor's "verified". */
async function awaitingCoSign(): Promise<string> {
  d = await makeDispensingStation();
  d.importOrder(B);
  await runTo(d, B, at('S01'));
  const s = d.login('op.li');
  const answers = ['C1', 'C2', 'C3'].map((itemId) => ({ itemId, confirmed: true }));
  expect((await exec(d, s, B, { type: 'checklist', stepId: 'S01', answers })).ok).toBe(true);
  expect((await exec(d, s, B, signAs('performed', OPERATOR))).ok).toBe(true);
  return s;
}

describe('failed signatures are the attempt of the person who typed their name', () => {
  test('P11-31 a locked supervisor\'s co-sign attempt is recorded under the supervisor, not the operator', async () => {
    const s = await awaitingCoSign();
    for (let i = 0; i < 4; i++) expectRefused(await exec(d, s, B, signAs('verified', { username: 'sup.wang', password: 'wrong-password-1' })), 'SIGNATURE_PASSWORD_INVALID');
    expectRefused(await exec(d, s, B, signAs('verified', { username: 'sup.wang', password: 'wrong-password-1' })), 'AUTH_ACCOUNT_LOCKED');
    // Now locked: even the right password is refused, and that attempt is his too.
    expectRefused(await exec(d, s, B, signAs('verified', { username: 'sup.wang', password: 'Batchline-demo-1' })), 'AUTH_ACCOUNT_LOCKED');

    const sup = byUser('sup.wang');
    const refusals = sup.filter((r) => r.type === 'engine.command_refused');
    expect(refusals.map((r) => r.payload.code)).toEqual([...Array(4).fill('SIGNATURE_PASSWORD_INVALID'), 'AUTH_ACCOUNT_LOCKED', 'AUTH_ACCOUNT_LOCKED']);
    expect(refusals.every((r) => r.payload.sessionUserId === userId('op.li') && r.batchRef === B)).toBe(true);
    const failed = sup.filter((r) => r.type === 'session.login_failed');
    expect(failed.map((r) => r.payload.code)).toEqual([...Array(5).fill('SIGNATURE_PASSWORD_INVALID'), 'AUTH_ACCOUNT_LOCKED']);
    expect(failed.at(-1)!.payload).toMatchObject({ attempt: 'signature', meaning: 'verified', sessionUserId: userId('op.li') });
    // Nothing about the supervisor's account is recorded as the operator's.
    const op = byUser('op.li').filter((r) => r.type === 'engine.command_refused' || r.type === 'session.login_failed');
    expect(op).toEqual([]);

    // `batchline audit --user sup.wang` (by user name, or by user id) finds every attempt.
    d.station.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    for (const user of ['sup.wang', userId('sup.wang')]) {
      const r = await runCli(['audit', '--db', d.dbPath, '--user', user, '--type', 'engine.command_refused', 'session.login_failed']);
      expect(r.code).toBe(0);
      const rows = r.json<{ type: string; actor: { username: string } }[]>();
      expect(rows).toHaveLength(12);
      expect(rows.every((r) => r.actor.username === 'sup.wang')).toBe(true);
    }
  });

  test('P11-10 a co-sign attempt by someone without the role is recorded under that person', async () => {
    const s = await awaitingCoSign();
    expectRefused(await exec(d, s, B, signAs('verified', { username: 'op.smith', password: 'Batchline-demo-1' })), 'SIGNATURE_ROLE_REQUIRED');
    expect(byUser('op.smith').filter((r) => r.type === 'engine.command_refused').map((r) => r.payload)).toEqual([
      expect.objectContaining({ command: 'sign', code: 'SIGNATURE_ROLE_REQUIRED', attemptedUsername: 'op.smith', sessionUserId: userId('op.li') }),
    ]);
  });

  test('P11-08 a co-signature the engine does not expect is refused as the co-signer\'s attempt', async () => {
    const s = await awaitingCoSign();
    expectRefused(await exec(d, s, B, signAs('verified', { username: 'sup.wang', password: 'Batchline-demo-1' }, 1)), 'SIGNATURE_NOT_EXPECTED');
    const refused = byUser('sup.wang').filter((r) => r.type === 'engine.command_refused');
    expect(refused.map((r) => r.payload.code)).toEqual(['SIGNATURE_NOT_EXPECTED']);
  });

  test('P11-31 an unknown user name typed for a co-signature is logged with the name, under no account', async () => {
    const s = await awaitingCoSign();
    expectRefused(await exec(d, s, B, signAs('verified', { username: 'nobody.here', password: 'whatever-12' })), 'SIGNATURE_PASSWORD_INVALID');
    const failed = d.station.ledger.query({ types: ['session.login_failed'] }).at(-1)!;
    expect(failed.actor).toBeNull();
    expect(failed.payload).toMatchObject({ username: 'nobody.here', userId: null, attempt: 'signature' });
    const refused = d.station.ledger.query({ types: ['engine.command_refused'] }).at(-1)!;
    expect(refused.actor).toBe(userId('op.li'));
    expect(refused.payload).toMatchObject({ attemptedUsername: 'nobody.here' });
  });
});

describe('failed logins, unlocks and password changes name the account', () => {
  test('P11-31 wrong passwords at login and unlock, and a locked account\'s login, are found by user', async () => {
    d = await makeDispensingStation();
    const { auth } = d.station;
    expect(auth.login('sup.wang', 'wrong-password-1').ok).toBe(false);
    const s = d.login('sup.wang');
    expect(auth.lock(s).ok).toBe(true);
    expect(auth.unlock(s, 'wrong-password-2').ok).toBe(false);
    expect(auth.changePassword(d.login('sup.wang'), 'wrong-password-3', 'Another-pass-77').ok).toBe(false);
    // The logins above reset the count; four more wrong ones reach the limit of five.
    for (let i = 0; i < 4; i++) auth.login('sup.wang', 'wrong-password-4');
    const locked = auth.login('sup.wang', 'Batchline-demo-1');
    expect(!locked.ok && locked.error.code).toBe('AUTH_ACCOUNT_LOCKED');
    const again = auth.login('sup.wang', 'Batchline-demo-1');
    expect(!again.ok && again.error.code).toBe('AUTH_ACCOUNT_LOCKED');
    const failed = byUser('sup.wang').filter((r) => r.type === 'session.login_failed');
    expect(failed.map((r) => [r.payload.attempt, r.payload.code])).toEqual([
      ['login', 'AUTH_INVALID_CREDENTIALS'],
      ['unlock', 'AUTH_INVALID_CREDENTIALS'],
      ['password-change', 'AUTH_INVALID_CREDENTIALS'],
      ...Array(4).fill(['login', 'AUTH_INVALID_CREDENTIALS']),
      ['login', 'AUTH_ACCOUNT_LOCKED'],
      ['login', 'AUTH_ACCOUNT_LOCKED'],
    ]);
  });
});
