/**
 * Enrolment of the second factor at signing (COMPLIANCE.md D25-03). The user, logged in, asks
 * for a new TOTP secret: it is shown once (otpauth:// URI and QR code) and kept nowhere until the
 * user proves their authenticator has it, by typing a current code together with their password.
 * Then the secret is stored (user_mfa, never the ledger) in the same transaction as the
 * `user.mfa_enrolled` entry that records the enrolment. Enrolling again replaces the secret.
 */
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { Clock } from '../../../src-core/clock.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import { matchTotp, newTotpSecret, totpUri } from '../../../src-core/auth/totp.ts';
import type { AuthService } from './auth-service.ts';
import type { UserDirectory } from './user-directory.ts';

export interface MfaEnrolmentDeps {
  ledger: Ledger;
  users: UserDirectory;
  auth: AuthService;
  clock: Clock;
  /** Names the station in the authenticator app ("Batchline ST-01"). */
  issuer: string;
}

export class MfaEnrolment {
  constructor(private readonly deps: MfaEnrolmentDeps) {}

  /** A fresh secret and its URI for the session's user; nothing is stored yet. */
  start(sessionId: string): Result<{ secret: string; uri: string; enrolled: boolean }> {
    const active = this.deps.auth.require(sessionId);
    if (!active.ok) return active;
    const { user } = active.value;
    const secret = newTotpSecret();
    return ok({ secret, uri: totpUri(secret, user.username, this.deps.issuer), enrolled: this.enrolled(user.userId) });
  }

  /**
   * Stores the secret once the user typed a valid current code for it and their password. A wrong
   * password is recorded and counts toward lockout; a wrong code is refused (SIGNATURE_MFA_INVALID).
   */
  confirm(sessionId: string, secret: string, code: string, password: string): Result<LedgerEntry> {
    const active = this.deps.auth.require(sessionId);
    if (!active.ok) return active;
    const { user } = active.value;
    if (!/^[A-Z2-7]{16,64}=*$/.test(secret)) return err('INPUT_INVALID', 'the secret is not a base32 TOTP secret');
    const checked = this.deps.auth.checkPassword(user, password, 'SIGNATURE_PASSWORD_INVALID', { attempt: 'signature', sessionId });
    if (!checked.ok) return checked;
    const step = matchTotp(secret, code, this.deps.clock.now());
    if (step === null) return err('SIGNATURE_MFA_INVALID', 'the code does not match: check the authenticator app and the time on the phone');
    const appended = this.deps.ledger.append([{ type: 'user.mfa_enrolled', actor: user.userId, payload: { userId: user.userId, method: 'totp' } }], (tx, entries) =>
      this.deps.users.setMfaSecret(tx, user.userId, secret, entries[0]!.seq, step),
    );
    return appended.ok ? ok(appended.value[0]!) : appended;
  }

  enrolled(userId: string): boolean {
    return this.deps.users.mfaSecret(userId) !== undefined;
  }
}
