import { describe, expect, it } from 'vitest';
import { TEST_SCRYPT_PARAMS } from '../../test/fakes/test-scrypt-params.ts';
import { hashPassword } from './password-hash.ts';
import {
  DEFAULT_PASSWORD_POLICY,
  checkNewPassword,
  isPasswordExpired,
  isSessionIdle,
  lockoutDecision,
  type PasswordPolicy,
} from './password-policy.ts';

const policy = DEFAULT_PASSWORD_POLICY;
const user = { username: 'jdoe', printedName: 'Jane Doe', previousHashes: [], policy };

function failure(pw: string, ctx: Partial<Parameters<typeof checkNewPassword>[1]> = {}) {
  const r = checkNewPassword(pw, { ...user, ...ctx });
  return r.ok ? null : r.error;
}

describe('password policy', () => {
  it('documents its defaults (min 10, 3 classes, history 5, 90 days, lockout 5, idle 10 min)', () => {
    expect(policy).toEqual({
      minLength: 10,
      maxLength: 128,
      requireCharacterClasses: 3,
      historyCount: 5,
      maxAgeDays: 90,
      lockoutThreshold: 5,
      inactivityLockMinutes: 10,
    });
  });

  it('P11-29: accepts a password that keeps every rule', () => {
    expect(checkNewPassword('Tablet-Press-7', user)).toEqual({ ok: true, value: undefined });
    expect(checkNewPassword('granulat-ion-42', user).ok).toBe(true); // lower + symbol + digit
  });

  it('P11-29: refuses a short password and names the rule', () => {
    const e = failure('Ab1-xyz');
    expect(e?.code).toBe('AUTH_PASSWORD_POLICY');
    expect(e?.details?.rule).toBe('minLength');
    expect(e?.message).toContain('at least 10 characters');
  });

  it('P11-29: "Password1" below complexity is refused (length and common-password rules)', () => {
    const e = failure('Password1');
    expect(e?.code).toBe('AUTH_PASSWORD_POLICY');
    const rules = (e?.details?.violations as { rule: string }[]).map((v) => v.rule);
    expect(rules).toEqual(['minLength', 'commonPassword']);
    expect(failure('P@ssw0rd-2025!')?.details?.rule).toBe('commonPassword');
    expect(failure('Welcome2025!!')?.details?.rule).toBe('commonPassword');
  });

  it('P11-29: counts character classes, Unicode-aware', () => {
    expect(failure('alllowercaseletters')?.details?.rule).toBe('characterClasses');
    expect(failure('lowercase-and-symbols')?.details?.rule).toBe('characterClasses');
    expect(failure('ÄÖÜäöüßéèà')?.details?.rule).toBe('characterClasses'); // two classes
    expect(checkNewPassword('ÄÖÜäöüßéè1', user).ok).toBe(true);
    const two: PasswordPolicy = { ...policy, requireCharacterClasses: 2 };
    expect(checkNewPassword('lowercase-and-symbols', { ...user, policy: two }).ok).toBe(true);
  });

  it('counts length in code points after NFKC, not UTF-16 units', () => {
    // 9 astral characters are 18 UTF-16 units but only 9 characters.
    expect(failure('😀😀😀😀😀😀aA1')?.details?.rule).toBe('minLength');
    expect(failure('x'.repeat(120) + 'Ab1-defgh')?.details?.rule).toBe('maxLength');
  });

  it('P11-29: refuses a password containing the username or a part of the printed name', () => {
    expect(failure('my-JDOE-pass-1')?.details?.rule).toBe('containsUsername');
    expect(failure('Doe-Family-2024')?.details?.rule).toBe('containsName');
    expect(failure('Jane!Tablets9')?.details?.rule).toBe('containsName');
    // Two-letter name parts are not rules (they would forbid half the alphabet).
    expect(checkNewPassword('Tablet-Press-7', { ...user, username: 'jd', printedName: 'Li Wu' }).ok).toBe(true);
  });

  it('reports every broken rule at once, first rule in details.rule', () => {
    const e = failure('jdoe');
    expect(e?.details?.rule).toBe('minLength');
    expect((e?.details?.violations as { rule: string }[]).map((v) => v.rule)).toEqual([
      'minLength',
      'characterClasses',
      'containsUsername',
      'containsName', // "doe"
    ]);
  });

  it('P11-29: refuses reuse of any of the last 5 passwords, allows the 6th-oldest', () => {
    const history = ['Old-Pass-0001', 'Old-Pass-0002', 'Old-Pass-0003', 'Old-Pass-0004', 'Old-Pass-0005', 'Old-Pass-0006'];
    const previousHashes = history.map((pw) => hashPassword(pw, TEST_SCRYPT_PARAMS));
    for (const pw of history.slice(0, 5)) {
      expect(failure(pw, { previousHashes })?.code).toBe('AUTH_PASSWORD_REUSED');
    }
    expect(checkNewPassword('Old-Pass-0006', { ...user, previousHashes }).ok).toBe(true);
    expect(checkNewPassword('Old-Pass-0007', { ...user, previousHashes }).ok).toBe(true);
  });

  it('P11-29: a password expires after maxAgeDays (90 d: day 89 fine, day 90 and 91 expired)', () => {
    const changed = new Date('2025-01-01T08:00:00Z');
    const day = (n: number) => new Date(changed.getTime() + n * 86_400_000);
    expect(isPasswordExpired(changed, day(89), policy)).toBe(false);
    expect(isPasswordExpired(changed, new Date(day(90).getTime() - 1), policy)).toBe(false);
    expect(isPasswordExpired(changed, day(90), policy)).toBe(true);
    expect(isPasswordExpired(changed, day(91), policy)).toBe(true);
    expect(isPasswordExpired(changed, day(10_000), { ...policy, maxAgeDays: null })).toBe(false);
  });

  it('P11-31: locks on the 5th consecutive failure, not before', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => lockoutDecision(n, policy))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'lock', 'lock']);
    expect(lockoutDecision(3, { ...policy, lockoutThreshold: 3 })).toBe('lock');
  });

  it('P11-23: a session is idle after inactivityLockMinutes', () => {
    const last = new Date('2025-01-01T08:00:00Z');
    expect(isSessionIdle(last, new Date(last.getTime() + 10 * 60_000 - 1), policy)).toBe(false);
    expect(isSessionIdle(last, new Date(last.getTime() + 10 * 60_000), policy)).toBe(true);
  });
});
