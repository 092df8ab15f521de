/**
 * Logins, sessions, lockout, inactivity lock and password changes (21 CFR 11.10(d) limited
 * access, 11.300 controls for identification codes/passwords). Every outcome, failed ones
 * included, is a ledger entry: who tried, when, and what happened.
 */
import { sessionRef } from './session-ref.ts';
import type { Role } from '../../../src-shared/ledger/entry-types/users.ts';
import type { NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { Clock, IdSource } from '../../../src-core/clock.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import { hashPassword, verifyPassword, type ScryptParams } from '../../../src-core/auth/password-hash.ts';
import { checkNewPassword, isPasswordExpired, lockoutDecision, type PasswordPolicy } from '../../../src-core/auth/password-policy.ts';
import { rewrapPrivateKey } from '../../../src-core/pki/signing-keys.ts';
import type { UserDirectory, UserRecord } from './user-directory.ts';
import { SessionStore, type Session } from './session-store.ts';

export interface AuthDeps {
  ledger: Ledger;
  users: UserDirectory;
  clock: Clock;
  ids: IdSource;
  policy: PasswordPolicy;
  scrypt?: ScryptParams;
  /** Accounts without a login for this many days are disabled at their next login attempt (accounts.dormantDays). */
  dormantDays?: () => number;
}

export interface SessionView {
  sessionId: string;
  user: Pick<UserRecord, 'userId' | 'username' | 'printedName' | 'roles'>;
  passwordChangeRequired: boolean;
}

/** What the failed password check was for, recorded with the failure. */
export interface AuthAttempt {
  attempt: 'login' | 'unlock' | 'password-change' | 'signature';
  sessionId?: string;
  /** For a signature: the record and meaning, and who was logged in at the station. */
  targetSeq?: number;
  meaning?: string;
  sessionUserId?: string;
}

/** The attempt as recorded: the session by its one-way reference, never its token (issue 10 item 6). */
function recordedAttempt({ sessionId, ...rest }: AuthAttempt): Omit<AuthAttempt, 'sessionId'> & { sessionRef?: string } {
  return sessionId ? { ...rest, sessionRef: sessionRef(sessionId) } : rest;
}

export interface ActiveSession {
  session: Session;
  user: UserRecord;
}

export class AuthService {
  readonly sessions = new SessionStore((e) => this.deps.ledger.holds(e));

  constructor(private readonly deps: AuthDeps) {}

  login(username: string, password: string): Result<SessionView> {
    const { users, ledger } = this.deps;
    const user = users.byUsername(username.trim().toLowerCase());
    if (!user) {
      const recorded = this.recordUnknownUser(username, { attempt: 'login' });
      if (!recorded.ok) return recorded;
      return err('AUTH_INVALID_CREDENTIALS', 'user name or password is wrong');
    }
    const dormant = this.disableIfDormant(user);
    if (!dormant.ok) return dormant;
    const checked = this.checkPassword(user, password, 'AUTH_INVALID_CREDENTIALS', { attempt: 'login' });
    if (!checked.ok) return checked;
    const now = this.deps.clock.now();
    const sessionId = this.deps.ids.next('session');
    // DI-11: one account, one live session. A second login (another kiosk client, or a shared
    // password) ends the earlier session, and both facts are recorded.
    const earlier = this.sessions.forUser(user.userId);
    const ended: NewEntry[] = earlier.map((s) => ({ type: 'session.logout', actor: user.userId, payload: { userId: user.userId, sessionRef: sessionRef(s.sessionId), reason: 'concurrent' } }));
    const logged = ledger.append([...ended, { type: 'session.login', actor: user.userId, payload: { userId: user.userId, sessionRef: sessionRef(sessionId) } }]);
    if (!logged.ok) return logged;
    for (const s of earlier) this.sessions.remove(s.sessionId);
    const login = logged.value.at(-1)!;
    this.sessions.add({ sessionId, userId: user.userId, startedAt: now.getTime(), lastActivityAt: now.getTime(), locked: false, hasSigned: false, basis: { seq: login.seq, hash: login.hash } });
    return ok({ sessionId, user: pickUser(user), passwordChangeRequired: this.passwordChangeRequired(user) });
  }

  /**
   * DI-11 / Annex 11 §12: an active account whose last login (or creation) is older than
   * accounts.dormantDays is disabled, by the station (no actor), before the password is looked at.
   */
  private disableIfDormant(user: UserRecord): Result<void> {
    const days = this.deps.dormantDays?.();
    if (days === undefined || user.status !== 'active') return ok(undefined);
    const last = this.deps.ledger.query({ types: ['session.login'], limit: 1_000_000 }).filter((e) => e.payload.userId === user.userId).at(-1)?.time;
    const since = last ?? this.deps.ledger.query({ types: ['user.created'], limit: 1_000_000 }).find((e) => e.payload.userId === user.userId)?.time ?? user.passwordChangedAt;
    const idle = Math.floor((this.deps.clock.now().getTime() - Date.parse(since)) / 86_400_000);
    if (idle < days) return ok(undefined);
    // Never the last active administrator: nobody could enable anyone again.
    if (user.roles.includes('admin') && !this.deps.users.list().some((u) => u.userId !== user.userId && u.status === 'active' && u.roles.includes('admin'))) return ok(undefined);
    const recorded = this.recordResult([{ type: 'user.disabled', actor: null, payload: { userId: user.userId, reason: `dormant: no login for ${idle} days (limit ${days})`, dormantDays: days, ...(last ? { lastLoginAt: last } : {}) } }]);
    if (!recorded.ok) return recorded;
    return err('AUTH_ACCOUNT_DISABLED', `this account was disabled after ${idle} days without a login; an administrator can enable it again`, { attemptedBy: user.userId });
  }

  /**
   * Verifies a user's password and counts a failure toward lockout (11.300(d): attempts at
   * unauthorised use are detected and reported). Used by login, unlock, password change and
   * signing. Every failure, a locked, pending or disabled account included, is recorded with
   * the attempted account as the actor, so `audit --user` for that account finds it (the
   * session's own user, e.g. the operator beside a co-signing supervisor, is named apart).
   */
  checkPassword(user: UserRecord, password: string, failureCode: 'AUTH_INVALID_CREDENTIALS' | 'SIGNATURE_PASSWORD_INVALID', attempt: AuthAttempt): Result<void> {
    const about = { username: user.username, userId: user.userId, ...recordedAttempt(attempt) };
    if (user.status !== 'active') {
      const code = user.status === 'locked' ? 'AUTH_ACCOUNT_LOCKED' : user.status === 'pending' ? 'AUTH_ACCOUNT_PENDING' : 'AUTH_ACCOUNT_DISABLED';
      const recorded = this.recordResult([{ type: 'session.login_failed', actor: user.userId, payload: { ...about, code, failedAttempts: user.failedAttempts } }]);
      if (!recorded.ok) return recorded;
      const message =
        user.status === 'locked'
          ? 'this account is locked after too many failed attempts; an administrator must unlock it'
          : user.status === 'pending'
            ? 'this account waits for a second person to verify the holder\'s identity'
            : 'this account is disabled';
      return err(code, message, { attemptedBy: user.userId });
    }
    const creds = this.deps.users.credentials(user.userId);
    if (creds && verifyPassword(password, creds.passwordHash)) return ok(undefined);
    const failedAttempts = user.failedAttempts + 1;
    const entries: NewEntry[] = [{ type: 'session.login_failed', actor: user.userId, payload: { ...about, code: failureCode, failedAttempts } }];
    const lock = lockoutDecision(failedAttempts, this.deps.policy) === 'lock';
    if (lock) entries.push({ type: 'user.locked', actor: null, payload: { userId: user.userId, reason: 'failed_attempts', failedAttempts } });
    // FR-137: the failure (and the account's lock) recorded first; when the ledger refuses it the
    // attempt is refused with the ledger's error, the count and the sessions left as they were.
    const recorded = this.recordResult(entries);
    if (!recorded.ok) return { ok: false, error: recorded.error };
    if (lock) {
      for (const s of this.sessions.forUser(user.userId)) this.sessions.remove(s.sessionId);
      return err('AUTH_ACCOUNT_LOCKED', `account locked after ${failedAttempts} failed attempts`, { failedAttempts, attemptedBy: user.userId });
    }
    return err(failureCode, failureCode === 'SIGNATURE_PASSWORD_INVALID' ? 'the password for this signature is wrong' : 'user name or password is wrong', { failedAttempts, attemptedBy: user.userId });
  }

  /**
   * D25-03: the second factor at signing was missing, not enrolled or wrong. Recorded like a
   * failed password against the signer; a wrong code counts toward lockout, a missing one
   * (nothing was guessed) does not.
   */
  recordSecondFactorFailure(user: UserRecord, code: 'SIGNATURE_MFA_REQUIRED' | 'SIGNATURE_MFA_INVALID' | 'SIGNATURE_MFA_REUSED' | 'SIGNATURE_MFA_NOT_ENROLLED' | 'SIGNATURE_MFA_UNREADABLE', attempt: AuthAttempt): Result<never> {
    const counts = code === 'SIGNATURE_MFA_INVALID' || code === 'SIGNATURE_MFA_REUSED';
    const failedAttempts = counts ? user.failedAttempts + 1 : user.failedAttempts;
    const about = { username: user.username, userId: user.userId, ...recordedAttempt(attempt) };
    const entries: NewEntry[] = [{ type: 'session.login_failed', actor: user.userId, payload: { ...about, code, failedAttempts } }];
    const lock = counts && lockoutDecision(failedAttempts, this.deps.policy) === 'lock';
    if (lock) entries.push({ type: 'user.locked', actor: null, payload: { userId: user.userId, reason: 'failed_attempts', failedAttempts } });
    // FR-137: the failure (and the account's lock) recorded first; when the ledger refuses it the
    // attempt is refused with the ledger's error, the count and the sessions left as they were.
    const recorded = this.recordResult(entries);
    if (!recorded.ok) return { ok: false, error: recorded.error };
    if (lock) {
      for (const s of this.sessions.forUser(user.userId)) this.sessions.remove(s.sessionId);
      return err('AUTH_ACCOUNT_LOCKED', `account locked after ${failedAttempts} failed attempts`, { failedAttempts, attemptedBy: user.userId });
    }
    const message =
      code === 'SIGNATURE_MFA_REQUIRED'
        ? 'signing needs the one-time code from your authenticator as well as the password'
        : code === 'SIGNATURE_MFA_NOT_ENROLLED'
          ? `${user.username} has not enrolled a second factor; enrol it under "My account" first`
          : 'the one-time code is wrong or has expired';
    return err(code, message, { failedAttempts, attemptedBy: user.userId });
  }

  /** No account to attribute the attempt to: the typed name is kept, the actor stays empty. */
  recordUnknownUser(username: string, attempt: AuthAttempt): Result<void> {
    const code = attempt.attempt === 'signature' ? 'SIGNATURE_PASSWORD_INVALID' : 'AUTH_INVALID_CREDENTIALS';
    return this.recordResult([{ type: 'session.login_failed', actor: null, payload: { username, userId: null, code, failedAttempts: 0, ...recordedAttempt(attempt) } }]);
  }

  /**
   * Resolves a session for an API call: refuses unknown, locked (inactivity, 11.10(d)) and
   * password-change-pending sessions, and checks the role (11.10(g) authority checks).
   */
  require(sessionId: string, roles?: readonly Role[], opts: { allowPasswordChange?: boolean } = {}): Result<ActiveSession> {
    const session = this.sessions.get(sessionId);
    if (!session) return err('AUTH_SESSION_INVALID', 'not logged in (or the session ended)');
    const user = this.deps.users.byId(session.userId);
    if (!user || user.status !== 'active') {
      this.sessions.remove(sessionId);
      return err('AUTH_SESSION_INVALID', 'the account is no longer active');
    }
    const now = this.deps.clock.now().getTime();
    if (!session.locked && now - session.lastActivityAt > this.deps.policy.inactivityLockMinutes * 60_000) {
      // 11.200(a)(1)(ii): a lock ends the continuous period of controlled access. FR-137: the
      // record first, then the lock; when the ledger refuses it (a clock set back, a gate), the
      // call is refused with that error and the session is left as it was, its inactivity
      // unchanged, so every later call tries the lock again and none goes through meanwhile.
      const recorded = this.recordResult([{ type: 'session.locked', actor: user.userId, payload: { userId: user.userId, sessionRef: sessionRef(sessionId), reason: 'inactivity' } }]);
      if (!recorded.ok) return recorded;
      session.locked = true;
      session.hasSigned = false;
    }
    if (session.locked) return err('AUTH_SESSION_LOCKED', 'the station is locked: enter your password to continue');
    if (!opts.allowPasswordChange && this.passwordChangeRequired(user)) {
      return err('AUTH_PASSWORD_CHANGE_REQUIRED', 'the password must be changed before anything else');
    }
    if (roles && roles.length > 0 && !roles.some((r) => user.roles.includes(r))) {
      return err('AUTH_ROLE_REQUIRED', `needs one of the roles: ${roles.join(', ')}`, { roles: [...roles] });
    }
    session.lastActivityAt = now;
    return ok({ session, user });
  }

  lock(sessionId: string): Result<void> {
    const s = this.sessions.get(sessionId);
    if (!s) return err('AUTH_SESSION_INVALID', 'not logged in');
    if (s.locked) return ok(undefined);
    // FR-137: the record first. A lock only takes access away, so it fails closed: when the
    // ledger refuses the entry (a clock set back, the GMP gate, a full disk) the session is
    // locked all the same and the caller gets the ledger's typed error, so the screen says the
    // lock is not recorded; an operator who locks and walks away never leaves an open session.
    const recorded = this.recordResult([{ type: 'session.locked', actor: s.userId, payload: { userId: s.userId, sessionRef: sessionRef(sessionId), reason: 'user' } }]);
    s.locked = true;
    s.hasSigned = false;
    return recorded;
  }

  unlock(sessionId: string, password: string): Result<void> {
    const s = this.sessions.get(sessionId);
    if (!s) return err('AUTH_SESSION_INVALID', 'not logged in');
    const user = this.deps.users.byId(s.userId);
    if (!user) return err('AUTH_SESSION_INVALID', 'unknown user');
    const checked = this.checkPassword(user, password, 'AUTH_INVALID_CREDENTIALS', { attempt: 'unlock', sessionId });
    if (!checked.ok) return checked;
    // FR-137: the record first, then the unlock; a refused append (a clock set back, a gate, a
    // full disk) leaves the session locked and returns the ledger's error.
    const unlocked = this.deps.ledger.append([{ type: 'session.unlocked', actor: user.userId, payload: { userId: user.userId, sessionRef: sessionRef(sessionId) } }]);
    if (!unlocked.ok) return unlocked;
    s.locked = false;
    s.lastActivityAt = this.deps.clock.now().getTime();
    this.sessions.restsOn(s, unlocked.value[0]!);
    return ok(undefined);
  }

  logout(sessionId: string, reason: 'user' | 'inactivity' | 'shutdown' = 'user'): Result<void> {
    const s = this.sessions.get(sessionId);
    if (!s) return err('AUTH_SESSION_INVALID', 'not logged in');
    // FR-137: the record first. A logout only takes access away, so it fails closed: when the
    // ledger refuses the entry the session ends all the same (as it does when the station is
    // killed) and the caller gets the ledger's typed error.
    const recorded = this.recordResult([{ type: 'session.logout', actor: s.userId, payload: { userId: s.userId, sessionRef: sessionRef(sessionId), reason } }]);
    this.sessions.remove(sessionId);
    return recorded;
  }

  /** 11.300(b): the user changes their own password; the signing key is re-wrapped, not replaced. */
  changePassword(sessionId: string, oldPassword: string, newPassword: string): Result<void> {
    const active = this.require(sessionId, undefined, { allowPasswordChange: true });
    if (!active.ok) return active;
    const { user } = active.value;
    const checked = this.checkPassword(user, oldPassword, 'AUTH_INVALID_CREDENTIALS', { attempt: 'password-change', sessionId });
    if (!checked.ok) return checked;
    const creds = this.deps.users.credentials(user.userId)!;
    const previous = [creds.passwordHash, ...creds.passwordHistory];
    const allowed = checkNewPassword(newPassword, { username: user.username, printedName: user.printedName, previousHashes: previous, policy: this.deps.policy });
    if (!allowed.ok) return allowed;
    const rewrapped = rewrapPrivateKey(creds.wrappedKey, oldPassword, newPassword, this.deps.scrypt);
    if (!rewrapped.ok) return rewrapped;
    const next = {
      passwordHash: hashPassword(newPassword, this.deps.scrypt),
      passwordHistory: previous.slice(0, Math.max(0, this.deps.policy.historyCount - 1)),
      wrappedKey: rewrapped.value,
    };
    const appended = this.deps.ledger.append(
      [{ type: 'user.password_changed', actor: user.userId, payload: { userId: user.userId, byAdmin: false, mustChangePassword: false } }],
      (tx) => this.deps.users.setCredentials(tx, user.userId, next),
    );
    return appended.ok ? ok(undefined) : appended;
  }

  passwordChangeRequired(user: UserRecord): boolean {
    return user.mustChangePassword || isPasswordExpired(new Date(user.passwordChangedAt), this.deps.clock.now(), this.deps.policy);
  }

  private recordResult(entries: NewEntry[]): Result<void> {
    const r = this.deps.ledger.append(entries);
    return r.ok ? ok(undefined) : r;
  }
}

export function pickUser(u: UserRecord): SessionView['user'] {
  return { userId: u.userId, username: u.username, printedName: u.printedName, roles: u.roles };
}
