/**
 * What administrators do to hub accounts, built so that no one of them can end up holding
 * another person's identity (21 CFR 11.100(b), 11.200(a)(3); COMPLIANCE.md P11-20, P11-26):
 *
 *   - a new account (createUser) and a reset account (resetPassword) are PENDING: the password
 *     the admin handed over is a one-time password that logs nobody in;
 *   - verifyIdentity is done by a second person (admin or QA; never the one who made or reset
 *     the account, never the holder) with the holder in front of them: the holder types the
 *     one-time password and chooses their own password in that act. An admin who used the
 *     one-time password themselves would need the verifier to accept them as the holder, i.e.
 *     the collaboration of two people;
 *   - a reset revokes the holder's signing certificate and drops their signing key; the next
 *     key is made at their next signature, wrapped with the password only they know
 *     (quality/signing/signer-keys.ts);
 *   - disable, enable and unlock are audited; nobody acts on their own account, and the last
 *     active administrator cannot be disabled or reset.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { hashPassword, verifyPassword } from '../../src-core/auth/password-hash.ts';
import { checkNewPassword } from '../../src-core/auth/password-policy.ts';
import { hubSessions, hubUserMfa, hubUsers, issuedCertificates } from '../db/schema.ts';
import { qualitySigningKeys } from '../quality/db/quality-schema.ts';
import type { HubTx } from '../db/open-hub-db.ts';
import type { HubContext } from '../hub-context.ts';
import { activeAdminsExcept, type HubPrincipal } from './admin-auth.ts';
import { audit } from './hub-audit.ts';
import { signerKey } from '../quality/signing/signer-keys.ts';

/** Hub roles that sign (review, deviation closure, release): they get a certificate at activation. */
const HUB_SIGNER_ROLES: readonly string[] = ['qa', 'qp'];

type UserRow = typeof hubUsers.$inferSelect;

export interface IdentityVerification {
  /** How the holder was identified ("passport checked in person"). */
  method: string;
  /** Typed by the holder: the one-time password they were given… */
  oneTimePassword: string;
  /** …and the password only they will know from now on. */
  newPassword: string;
}

export interface AccountView {
  userId: string;
  username: string;
  status: UserRow['status'];
}

/** Lower, upper and symbol: every one-time password meets the three-class policy. */
export function oneTimePassword(): string {
  const groups = randomBytes(12)
    .toString('base64url')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, 'X')
    .match(/.{4}/g)!;
  return `otp-${groups.join('-')}`;
}

export class AccountAdmin {
  constructor(private readonly ctx: HubContext) {}

  async verifyIdentity(actor: HubPrincipal, userId: string, v: IdentityVerification): Promise<Result<AccountView>> {
    return this.change(actor, userId, 'user.identity_verified', async (tx, user, now) => {
      if (user.status !== 'pending') return err('CONFLICT', 'this account is not waiting for identity verification');
      if (!actor.roles.some((r) => r === 'admin' || r === 'qa')) return err('AUTH_ROLE_REQUIRED', "a holder's identity is verified by an administrator or QA");
      const cause = user.resetBy ?? user.createdBy;
      if (cause === actor.username) return err('FORBIDDEN', `${actor.username} ${user.resetBy ? 'reset' : 'made'} this account and cannot also verify its holder: a second person must`);
      if (v.method.trim().length < 3) return err('INPUT_INVALID', 'say how the holder was identified');
      if (!verifyPassword(v.oneTimePassword, user.passwordHash)) return err('AUTH_INVALID_CREDENTIALS', "the holder's one-time password is wrong");
      const chosen = checkNewPassword(v.newPassword, { username: user.username, printedName: user.printedName, previousHashes: [user.passwordHash], policy: this.ctx.policy });
      if (!chosen.ok) return chosen;
      await tx
        .update(hubUsers)
        .set({ status: 'active', passwordHash: hashPassword(v.newPassword, this.ctx.scrypt), identityVerifiedBy: actor.username, resetBy: null, failedAttempts: 0, lockedUntil: null })
        .where(eq(hubUsers.userId, userId));
      // The hub CA certifies a signer at activation (issue 10 item 7): the holder has just
      // chosen the password that wraps the key, in front of the verifier. A certificate IT
      // revoked is not replaced here without a re-issue (signer-keys.ts refuses; the account
      // is active and the next signature says why).
      let certificate: string | null = null;
      if ((user.roles as string[]).some((r) => HUB_SIGNER_ROLES.includes(r))) {
        const key = await signerKey(tx, this.ctx, { userId, username: user.username, printedName: user.printedName }, v.newPassword);
        certificate = key.ok ? key.value.fingerprint : null;
      }
      return ok({ method: v.method.trim(), after: user.resetBy ? 'reset' : 'creation', madeBy: cause, at: now.toISOString(), certificate });
    });
  }

  /**
   * A forgotten password: the account returns to PENDING with a one-time password (handed to
   * the holder, shown once), every session ends, the signing certificate is revoked, the second
   * factor at signing is removed.
   */
  async resetPassword(actor: HubPrincipal, userId: string, reason: string): Promise<Result<AccountView & { oneTimePassword: string }>> {
    const otp = oneTimePassword();
    const r = await this.change(actor, userId, 'user.password_reset', async (tx, user, now) => {
      if (user.status === 'disabled') return err('CONFLICT', 'enable the account before resetting its password');
      await tx.update(hubUsers).set({ status: 'pending', passwordHash: hashPassword(otp, this.ctx.scrypt), resetBy: actor.username, identityVerifiedBy: null, failedAttempts: 0, lockedUntil: null }).where(eq(hubUsers.userId, userId));
      await tx.delete(hubSessions).where(eq(hubSessions.userId, userId));
      const revoked = await tx
        .update(issuedCertificates)
        .set({ revokedAt: now, revocationReason: `password reset by ${actor.username}` })
        .where(and(eq(issuedCertificates.kind, 'user-signing'), eq(issuedCertificates.subjectId, userId), isNull(issuedCertificates.revokedAt)))
        .returning({ fingerprint: issuedCertificates.fingerprint });
      await tx.delete(qualitySigningKeys).where(eq(qualitySigningKeys.userId, userId));
      // A lost phone comes with a reset: the second factor goes too, and is enrolled again after the holder's identity is verified.
      const mfa = await tx.delete(hubUserMfa).where(eq(hubUserMfa.userId, userId)).returning({ userId: hubUserMfa.userId });
      return ok({ reason, revokedCertificates: revoked.map((c) => c.fingerprint), secondFactorRemoved: mfa.length > 0 });
    }, { lastAdminMatters: true });
    return r.ok ? ok({ ...r.value, oneTimePassword: otp }) : r;
  }

  disable(actor: HubPrincipal, userId: string, reason: string): Promise<Result<AccountView>> {
    return this.change(actor, userId, 'user.disabled', async (tx, user) => {
      if (user.status === 'disabled') return err('CONFLICT', 'the account is already disabled');
      await tx.update(hubUsers).set({ status: 'disabled' }).where(eq(hubUsers.userId, userId));
      await tx.delete(hubSessions).where(eq(hubSessions.userId, userId));
      return ok({ reason, previousStatus: user.status });
    }, { lastAdminMatters: true });
  }

  /** Back to where it was before: a disabled account never skips identity verification. */
  enable(actor: HubPrincipal, userId: string, reason: string): Promise<Result<AccountView>> {
    return this.change(actor, userId, 'user.enabled', async (tx, user) => {
      if (user.status !== 'disabled') return err('CONFLICT', 'the account is not disabled');
      // Accounts from before migration 0004 (no createdBy) and installation accounts were
      // verified; any other account needs its verification (or its reset finished) first.
      const verified = user.identityVerifiedBy !== null || user.createdBy === null || user.createdBy === 'init-admin';
      const next = verified && user.resetBy === null ? 'active' : 'pending';
      await tx.update(hubUsers).set({ status: next, failedAttempts: 0, lockedUntil: null }).where(eq(hubUsers.userId, userId));
      return ok({ reason, status: next });
    });
  }

  unlock(actor: HubPrincipal, userId: string, reason: string): Promise<Result<AccountView>> {
    return this.change(actor, userId, 'user.unlocked', async (tx, user) => {
      if (user.status !== 'locked') return err('CONFLICT', 'the account is not locked');
      await tx.update(hubUsers).set({ status: 'active', failedAttempts: 0, lockedUntil: null }).where(eq(hubUsers.userId, userId));
      return ok({ reason });
    });
  }

  /** One audited change of one account, under its row lock; never on the actor's own account. */
  private async change(
    actor: HubPrincipal,
    userId: string,
    action: string,
    apply: (tx: HubTx, user: UserRow, now: Date) => Promise<Result<Record<string, unknown>>>,
    options: { lastAdminMatters?: boolean } = {},
  ): Promise<Result<AccountView>> {
    return this.ctx.db.transaction(async (tx): Promise<Result<AccountView>> => {
      const [user] = await tx.select().from(hubUsers).where(eq(hubUsers.userId, userId)).for('update');
      if (!user) return err('NOT_FOUND', `no hub account ${userId}`);
      if (user.userId === actor.userId) return err('FORBIDDEN', 'nobody administers their own account');
      if (options.lastAdminMatters && (user.roles as string[]).includes('admin') && user.status === 'active' && (await activeAdminsExcept(tx, userId)) === 0) {
        return err('AUTH_LAST_ADMIN', `${user.username} is the last active administrator`);
      }
      const now = this.ctx.clock.now();
      const applied = await apply(tx, user, now);
      if (!applied.ok) {
        await audit(tx, now, { actor: actor.username, action, subject: userId, ok: false, details: { code: applied.error.code, message: applied.error.message } });
        return applied;
      }
      await audit(tx, now, { actor: actor.username, action, subject: userId, details: { username: user.username, ...applied.value } });
      const [after] = await tx.select({ status: hubUsers.status }).from(hubUsers).where(eq(hubUsers.userId, userId));
      return ok({ userId, username: user.username, status: after!.status });
    });
  }
}
