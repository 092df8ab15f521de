/**
 * User administration (21 CFR 11.10(g), 11.300(a),(b)). Usernames are unique forever: a
 * disabled user keeps theirs and it is never reassigned. An admin account holds no GMP role
 * (segregation of duties: whoever manages accounts cannot sign batch records).
 */
import { Role } from '../../../src-shared/ledger/entry-types/users.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { Clock, IdSource } from '../../../src-core/clock.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import { hashPassword, verifyPassword, type ScryptParams } from '../../../src-core/auth/password-hash.ts';
import { checkNewPassword, type PasswordPolicy } from '../../../src-core/auth/password-policy.ts';
import { wrapPrivateKey } from '../../../src-core/pki/signing-keys.ts';
import { genericAccountName } from '../../../src-core/auth/account-policy.ts';
import type { KeySource } from '../../../src-core/pki/key-source.ts';
import type { SiteCaAccess } from '../station/site-ca-access.ts';
import type { UserDirectory, UserRecord } from './user-directory.ts';

export interface NewUser {
  username: string;
  printedName: string;
  roles: Role[];
  initialPassword: string;
  /**
   * True (the default, and always through the API): the administrator's password is one-time
   * only, exactly like a reset (P11-26). No signing key is made for it and the account stays
   * pending until the holder, in front of a second person, types it and chooses their own
   * (completePasswordReset), so the administrator never holds a password that logs in or signs.
   * False only from code (the demo's and the tests' people): the key is made at once.
   */
  mustChangePassword?: boolean;
}

export interface UserAdminDeps {
  ledger: Ledger;
  users: UserDirectory;
  clock: Clock;
  ids: IdSource;
  policy: PasswordPolicy;
  ca: SiteCaAccess;
  keys: KeySource;
  scrypt?: ScryptParams;
  /** The revocation of a certificate as this station knows it (hub CA list, by sync), or null. */
  revocation?: (fingerprint: string) => { revokedAt: string } | null;
}

const GMP_ROLES: readonly Role[] = ['operator', 'supervisor', 'qa', 'qp'];

export class UserAdmin {
  constructor(private readonly deps: UserAdminDeps) {}

  /**
   * `actorId` is the admin's user id. Null means installation: allowed only until the first
   * account is made by a person, and such accounts are active at once (their holders were
   * identified by the installation qualification). All others start pending (11.100(b)).
   */
  createUser(actorId: string | null, input: NewUser): Result<UserRecord> {
    if (actorId === null && this.deps.ledger.query({ types: ['user.created'], limit: 1_000_000 }).some((e) => e.actor !== null)) {
      return err('FORBIDDEN', 'installation accounts can only be made before the first account is made by an administrator');
    }
    const username = input.username.trim().toLowerCase();
    if (!/^[a-z0-9._-]{2,32}$/.test(username)) return err('INPUT_INVALID', 'user names are 2–32 characters: a–z, 0–9, dot, dash, underscore');
    // DI-11: an admin makes accounts for named people only. Installation accounts (no actor,
    // made before any person-made account, e.g. the first "admin") are exempt and listed as
    // generic by the account review, so the periodic review sees them.
    const generic = actorId === null ? null : genericAccountName(username);
    if (generic) return err('ACCOUNT_NAME_GENERIC', generic, { username });
    if (this.deps.users.byUsername(username)) return err('AUTH_USERNAME_TAKEN', `user name "${username}" has been used before and is never reassigned`);
    const roles = Role.array().min(1).safeParse(input.roles);
    if (!roles.success) return err('INPUT_INVALID', 'at least one valid role is required');
    const segregation = this.checkSegregation(roles.data);
    if (!segregation.ok) return segregation;
    const pw = checkNewPassword(input.initialPassword, { username, printedName: input.printedName, previousHashes: [], policy: this.deps.policy });
    if (!pw.ok) return pw;
    const userId = this.deps.ids.next('user');
    const mustChangePassword = input.mustChangePassword ?? true;
    // An administrator's password for someone else is one-time (P11-26): no key is wrapped
    // with it; the holder's key is made when they choose their own (completePasswordReset).
    const oneTime = actorId !== null && mustChangePassword;
    const keys = oneTime ? null : this.deps.keys.next();
    const cert = keys ? this.deps.ca.issue('user-signing', userId, input.printedName, keys.publicKeyPem, this.deps.clock.now()) : null;
    const credentials = {
      passwordHash: hashPassword(input.initialPassword, this.deps.scrypt),
      passwordHistory: [],
      wrappedKey: keys ? wrapPrivateKey(keys.privateKeyPem, input.initialPassword, this.deps.scrypt) : null,
    };
    const appended = this.deps.ledger.append(
      [
        {
          type: 'user.created',
          actor: actorId,
          payload: { userId, username, printedName: input.printedName, roles: roles.data, mustChangePassword, identityVerification: actorId === null ? 'installation' : 'pending' },
        },
        ...(cert ? [{ type: 'certificate.issued', actor: actorId, payload: cert }] : []),
      ],
      (tx) => this.deps.users.setCredentials(tx, userId, credentials),
    );
    if (!appended.ok) return appended;
    return ok(this.deps.users.byId(userId)!);
  }

  /**
   * 11.100(b): a second person (an administrator or QA, never the account's creator) records
   * how the holder's identity was verified; only then can the account log in and sign.
   */
  verifyIdentity(actorId: string, userId: string, method: string): Result<void> {
    const checked = this.checkVerifier(actorId, userId);
    if (!checked.ok) return checked;
    if (checked.value.type === 'user.password_changed') {
      return err('FORBIDDEN', 'after a password reset the holder sets their own password in front of the verifier (complete the reset)');
    }
    if (checked.value.oneTimePassword) {
      return err('FORBIDDEN', "the administrator's password is one-time: the holder sets their own password in front of the verifier");
    }
    return this.append(actorId, 'user.identity_verified', { userId, method });
  }

  /**
   * Finishes a password reset (21 CFR 11.200(a)(3), COMPLIANCE.md P11-26). A second person
   * (admin or QA, not the admin who reset) verifies the holder, who types the temporary
   * password and chooses their own in that act; only then is a new signing key made, wrapped
   * with the holder's password. The admin who reset never holds a password that signs: using
   * the temporary password themselves would need the verifier to accept them as the holder.
   */
  completePasswordReset(actorId: string, userId: string, input: { temporaryPassword: string; newPassword: string; method: string }): Result<void> {
    const checked = this.checkVerifier(actorId, userId);
    if (!checked.ok) return checked;
    // A new account made with a one-time password is completed the same way (P11-26).
    if (checked.value.type !== 'user.password_changed' && !checked.value.oneTimePassword) {
      return err('CONFLICT', 'this account waits for its first identity verification, not for a reset');
    }
    const user = this.deps.users.byId(userId)!;
    const creds = this.deps.users.credentials(userId);
    if (!creds || !verifyPassword(input.temporaryPassword, creds.passwordHash)) return err('AUTH_INVALID_CREDENTIALS', 'the temporary password is wrong');
    const previous = [creds.passwordHash, ...creds.passwordHistory];
    const pw = checkNewPassword(input.newPassword, { username: user.username, printedName: user.printedName, previousHashes: previous, policy: this.deps.policy });
    if (!pw.ok) return pw;
    if (input.method.trim().length < 3) return err('INPUT_INVALID', 'say how the holder was identified');
    const keys = this.deps.keys.next();
    // A certificate the hub revoked is not replaced by a reset (issue 10 item 7): the holder
    // gets their password back, and signing stays refused until an administrator asks for a
    // re-issue and QA approves it (requestCertificateReissue / approveCertificateReissue).
    const revoked = this.revokedCertificate(user);
    const cert = revoked ? null : this.deps.ca.issue('user-signing', userId, user.printedName, keys.publicKeyPem, this.deps.clock.now());
    const next = {
      passwordHash: hashPassword(input.newPassword, this.deps.scrypt),
      passwordHistory: previous.slice(0, Math.max(0, this.deps.policy.historyCount - 1)),
      wrappedKey: revoked ? (creds.wrappedKey ?? null) : wrapPrivateKey(keys.privateKeyPem, input.newPassword, this.deps.scrypt),
    };
    const appended = this.deps.ledger.append(
      [
        { type: 'user.password_changed', actor: userId, payload: { userId, byAdmin: false, mustChangePassword: false } },
        ...(cert ? [{ type: 'certificate.issued', actor: actorId, payload: cert }] : []),
        { type: 'user.identity_verified', actor: actorId, payload: { userId, method: input.method.trim() } },
      ],
      (tx) => this.deps.users.setCredentials(tx, userId, next),
    );
    return appended.ok ? ok(undefined) : appended;
  }

  /**
   * Re-issue after revocation, step 1 of 2 (issue 10 item 7): an administrator asks, with a
   * reason, for the holder of a certificate the hub revoked. Nothing is issued yet.
   */
  requestCertificateReissue(actorId: string, userId: string, reason: string): Result<{ requestSeq: number }> {
    const user = this.deps.users.byId(userId);
    const actor = this.deps.users.byId(actorId);
    if (!user || !actor) return err('NOT_FOUND', `no user ${user ? actorId : userId}`);
    if (!actor.roles.includes('admin')) return err('AUTH_ROLE_REQUIRED', 'an administrator asks for a re-issue');
    if (actorId === userId) return err('FORBIDDEN', 'nobody asks for their own certificate to be re-issued');
    const revoked = this.revokedCertificate(user);
    if (!revoked) return err('CONFLICT', `the signing certificate of ${user.username} is not revoked: there is nothing to re-issue`);
    if (reason.trim().length < 3) return err('INPUT_INVALID', 'give the reason for the re-issue');
    const r = this.deps.ledger.append([{ type: 'certificate.reissue_requested', actor: actorId, payload: { userId, reason: reason.trim(), revokedFingerprint: revoked } }]);
    return r.ok ? ok({ requestSeq: r.value[0]!.seq }) : r;
  }

  /**
   * Step 2 of 2: QA — not the administrator who asked, not the holder — approves with the
   * holder present, who types their own password; only then is a new key made, wrapped with
   * that password, and certified. One request re-issues once: a later revocation needs a new
   * request and a new approval.
   */
  approveCertificateReissue(actorId: string, requestSeq: number, input: { holderPassword: string; method: string }): Result<{ fingerprint: string }> {
    const request = this.deps.ledger.bySeq(requestSeq);
    if (!request || request.type !== 'certificate.reissue_requested') return err('NOT_FOUND', `entry ${requestSeq} is not a re-issue request`);
    const userId = String(request.payload.userId);
    const user = this.deps.users.byId(userId);
    const actor = this.deps.users.byId(actorId);
    if (!user || !actor) return err('NOT_FOUND', `no user ${user ? actorId : userId}`);
    if (!actor.roles.includes('qa')) return err('AUTH_ROLE_REQUIRED', 'QA approves a re-issue');
    if (actorId === request.actor || actorId === userId) return err('FORBIDDEN', 'a re-issue is approved by a second person, never by who asked or the holder');
    const spent = this.deps.ledger.query({ types: ['certificate.reissue_approved'], limit: 1_000_000 }).some((e) => e.payload.requestSeq === requestSeq);
    if (spent || user.signingCertFingerprint !== request.payload.revokedFingerprint) return err('CONFLICT', `re-issue request ${requestSeq} was already used`);
    if (user.status !== 'active') return err('CONFLICT', `${user.username} is ${user.status}: the holder must be able to sign in before a re-issue`);
    if (input.method.trim().length < 3) return err('INPUT_INVALID', 'say how the holder was identified');
    const creds = this.deps.users.credentials(userId);
    if (!creds || !verifyPassword(input.holderPassword, creds.passwordHash)) return err('AUTH_INVALID_CREDENTIALS', "the holder's password is wrong");
    const keys = this.deps.keys.next();
    const cert = this.deps.ca.issue('user-signing', userId, user.printedName, keys.publicKeyPem, this.deps.clock.now());
    const appended = this.deps.ledger.append(
      [
        { type: 'certificate.reissue_approved', actor: actorId, payload: { userId, requestSeq, method: input.method.trim() } },
        { type: 'certificate.issued', actor: actorId, payload: cert },
      ],
      (tx) => this.deps.users.setCredentials(tx, userId, { ...creds, wrappedKey: wrapPrivateKey(keys.privateKeyPem, input.holderPassword, this.deps.scrypt) }),
    );
    return appended.ok ? ok({ fingerprint: cert.fingerprint }) : appended;
  }

  /** For the users screen: the revocation of the current certificate and an open re-issue request. */
  certificateState(user: UserRecord): { revokedAt: string | null; openRequestSeq: number | null } {
    const fp = user.signingCertFingerprint;
    const revokedAt = fp ? (this.deps.revocation?.(fp)?.revokedAt ?? null) : null;
    if (revokedAt === null) return { revokedAt, openRequestSeq: null };
    const entries = this.deps.ledger.query({ types: ['certificate.reissue_requested', 'certificate.reissue_approved'], limit: 1_000_000 });
    const approved = new Set(entries.filter((e) => e.type === 'certificate.reissue_approved').map((e) => e.payload.requestSeq));
    const open = entries.filter((e) => e.type === 'certificate.reissue_requested' && e.payload.userId === user.userId && e.payload.revokedFingerprint === fp && !approved.has(e.seq)).at(-1);
    return { revokedAt, openRequestSeq: open?.seq ?? null };
  }

  /** The fingerprint of the user's current signing certificate if the hub revoked it. */
  private revokedCertificate(user: UserRecord): string | null {
    const fp = user.signingCertFingerprint;
    return fp && this.deps.revocation?.(fp) ? fp : null;
  }

  /**
   * Who may verify this pending account's holder, and what put it in pending: its creation
   * (user.created) or a reset (user.password_changed). Never its maker or resetter, never
   * the holder; an administrator or QA.
   */
  private checkVerifier(actorId: string, userId: string): Result<{ type: string; oneTimePassword: boolean }> {
    const user = this.deps.users.byId(userId);
    const actor = this.deps.users.byId(actorId);
    if (!user || !actor) return err('NOT_FOUND', `no user ${user ? actorId : userId}`);
    if (user.status !== 'pending') return err('CONFLICT', 'this account is not waiting for identity verification');
    if (!actor.roles.some((r) => r === 'admin' || r === 'qa')) return err('AUTH_ROLE_REQUIRED', 'identity is verified by an administrator or QA');
    const cause = this.pendingCause(userId);
    if (!cause || cause.actor === actorId || actorId === userId) return err('FORBIDDEN', 'the person who created or reset an account cannot also verify its holder\'s identity');
    return ok({ type: cause.type, oneTimePassword: cause.type === 'user.created' && cause.mustChangePassword });
  }

  /** The entry that last made the account pending, or null when it is verified. */
  private pendingCause(userId: string): { type: string; actor: string | null; mustChangePassword: boolean } | null {
    const events = this.deps.ledger
      .query({ types: ['user.created', 'user.password_changed', 'user.identity_verified'], limit: 1_000_000 })
      .filter((e) => e.payload.userId === userId && (e.type !== 'user.password_changed' || e.payload.identityVerification === 'pending'));
    const last = events.at(-1);
    if (!last || last.type === 'user.identity_verified') return null;
    if (last.type === 'user.created' && last.payload.identityVerification !== 'pending') return null;
    return { type: last.type, actor: last.actor, mustChangePassword: last.payload.mustChangePassword === true };
  }

  setRoles(actorId: string, userId: string, roles: Role[], reason: string): Result<void> {
    const user = this.deps.users.byId(userId);
    if (!user) return err('NOT_FOUND', `no user ${userId}`);
    const parsed = Role.array().min(1).safeParse(roles);
    if (!parsed.success) return err('INPUT_INVALID', 'at least one valid role is required');
    const segregation = this.checkSegregation(parsed.data);
    if (!segregation.ok) return segregation;
    if (actorId === userId) return err('FORBIDDEN', 'nobody changes their own roles');
    return this.append(actorId, 'user.roles_changed', { userId, oldRoles: user.roles, newRoles: parsed.data, reason });
  }

  disable(actorId: string, userId: string, reason: string): Result<void> {
    if (!this.deps.users.byId(userId)) return err('NOT_FOUND', `no user ${userId}`);
    if (actorId === userId) return err('FORBIDDEN', 'nobody disables their own account');
    return this.append(actorId, 'user.disabled', { userId, reason });
  }

  /** Only a disabled account, and never one still waiting for its holder's verification. */
  enable(actorId: string, userId: string, reason: string): Result<void> {
    const user = this.deps.users.byId(userId);
    if (!user) return err('NOT_FOUND', `no user ${userId}`);
    if (user.status !== 'disabled') return err('CONFLICT', 'the account is not disabled');
    if (this.pendingCause(userId)) return err('FORBIDDEN', 'this account still waits for a second person to verify its holder; enabling it would skip that');
    return this.append(actorId, 'user.enabled', { userId, reason });
  }

  unlock(actorId: string, userId: string, reason: string): Result<void> {
    const user = this.deps.users.byId(userId);
    if (!user) return err('NOT_FOUND', `no user ${userId}`);
    if (user.status !== 'locked') return err('CONFLICT', 'the account is not locked');
    return this.append(actorId, 'user.unlocked', { userId, reason });
  }

  /**
   * An admin sets a temporary password, which is a one-time password only: the account goes
   * back to 'pending', every session of it ends at the next call (AuthService.require refuses
   * a non-active account), and no key is made for it. The old key stays wrapped with the old
   * password, which the admin does not know; the new key is made in completePasswordReset,
   * wrapped with the password the holder chooses there (11.200(a)(3), P11-26).
   */
  resetPassword(actorId: string, userId: string, temporaryPassword: string): Result<void> {
    const user = this.deps.users.byId(userId);
    if (!user) return err('NOT_FOUND', `no user ${userId}`);
    if (actorId === userId) return err('FORBIDDEN', 'nobody resets their own password; change it instead');
    if (user.status === 'disabled') return err('CONFLICT', 'enable the account before resetting its password');
    const creds = this.deps.users.credentials(userId);
    const previous = creds ? [creds.passwordHash, ...creds.passwordHistory] : [];
    const pw = checkNewPassword(temporaryPassword, { username: user.username, printedName: user.printedName, previousHashes: previous, policy: this.deps.policy });
    if (!pw.ok) return pw;
    const next = {
      passwordHash: hashPassword(temporaryPassword, this.deps.scrypt),
      passwordHistory: previous.slice(0, Math.max(0, this.deps.policy.historyCount - 1)),
      wrappedKey: creds?.wrappedKey ?? null,
    };
    const appended = this.deps.ledger.append(
      [{ type: 'user.password_changed', actor: actorId, payload: { userId, byAdmin: true, mustChangePassword: true, identityVerification: 'pending' } }],
      (tx) => this.deps.users.setCredentials(tx, userId, next),
    );
    return appended.ok ? ok(undefined) : appended;
  }

  private checkSegregation(roles: Role[]): Result<void> {
    if (roles.includes('admin') && roles.some((r) => GMP_ROLES.includes(r))) {
      return err('INPUT_INVALID', 'an administrator account holds no GMP role (segregation of duties)');
    }
    return ok(undefined);
  }

  private append(actorId: string, type: string, payload: Record<string, unknown>): Result<void> {
    const r = this.deps.ledger.append([{ type, actor: actorId, payload }]);
    return r.ok ? ok(undefined) : r;
  }
}
