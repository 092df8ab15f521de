/**
 * The one check of a hub signer's credentials at the moment of signing (21 CFR 11.200(a);
 * COMPLIANCE.md D25-03, P11-31; FR-101). Every hub e-signature goes through it: quality record
 * steps (record-step.ts: deviations, CAPA, change control, IQC, recipe flow, equipment
 * logbook), review, deviation close and QP decision (release-service.ts), purge request and
 * approval (archive-service.ts), ERP requeue (erp-routes.ts), and the enrolment of the second
 * factor itself.
 *
 * - the password, every time; a wrong one counts toward the lockout;
 * - a one-time code (TOTP, src-core/auth/totp.ts) when the signer enrolled one, or when the site
 *   policy (HubConfig.signingMfaRoles) requires a second factor for one of the signer's roles.
 *   The code travels with the principal (header `x-batchline-otp`, read by the role guard), so a
 *   route cannot forget to pass it on. A missing code is refused before the password is even
 *   looked at (no password oracle without the second factor); a wrong or replayed code counts
 *   toward the lockout like a wrong password; the step a code was used for is stored, so it is
 *   good once.
 *
 * Refusals are audited as `<area>.refused` with the code, in the caller's transaction: callers
 * that roll back on refusal keep SIGNATURE_REFUSALS (iqc/all-or-nothing.ts) so they commit.
 */
import { eq } from 'drizzle-orm';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { ErrorCode } from '../../../src-shared/errors.ts';
import { verifyPassword } from '../../../src-core/auth/password-hash.ts';
import { lockoutDecision } from '../../../src-core/auth/password-policy.ts';
import { matchTotp } from '../../../src-core/auth/totp.ts';
import { openField } from '../../../src-core/crypto/sealed-field.ts';
import { hubUserMfa, hubUsers } from '../../db/schema.ts';
import type { HubTx } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import type { HubPrincipal } from '../../admin/admin-auth.ts';
import { audit } from '../../admin/hub-audit.ts';

/** The sealing purpose of hub users' TOTP seeds (ctx.sealing). */
export const HUB_MFA_SEAL = 'user-mfa';

export type SignerRow = typeof hubUsers.$inferSelect;

export interface SigningRefusal {
  /** Audit action of a refusal, e.g. `release.refused`. */
  action: string;
  /** Audit subject (batch, record id). */
  subject: string;
  details?: Record<string, unknown>;
}

type SecondFactorCode = 'SIGNATURE_MFA_REQUIRED' | 'SIGNATURE_MFA_INVALID' | 'SIGNATURE_MFA_REUSED' | 'SIGNATURE_MFA_NOT_ENROLLED' | 'SIGNATURE_MFA_UNREADABLE';

const MESSAGES: Record<SecondFactorCode | 'SIGNATURE_PASSWORD_INVALID', string> = {
  SIGNATURE_PASSWORD_INVALID: 'the password is wrong; nothing was signed',
  SIGNATURE_MFA_REQUIRED: 'signing needs the one-time code from your authenticator as well as the password; nothing was signed',
  SIGNATURE_MFA_INVALID: 'the one-time code is wrong or has expired; nothing was signed',
  SIGNATURE_MFA_REUSED: 'this one-time code was already used; wait for the next one',
  SIGNATURE_MFA_NOT_ENROLLED: 'the site policy requires a second factor for your role and you have not enrolled one (My account → Second factor)',
  SIGNATURE_MFA_UNREADABLE: 'your second-factor secret cannot be opened (edited, moved, or the hub secret changed); enrol again and tell IT',
};

/** The refusals checkSignerCredentials audits itself, and which must commit (lockout count, audit). */
export const SIGNATURE_REFUSALS: ReadonlySet<string> = new Set(['SIGNATURE_PASSWORD_INVALID', 'AUTH_ACCOUNT_LOCKED', 'SIGNATURE_MFA_REQUIRED', 'SIGNATURE_MFA_INVALID', 'SIGNATURE_MFA_REUSED', 'SIGNATURE_MFA_NOT_ENROLLED', 'SIGNATURE_MFA_UNREADABLE']);

/** Whether this signer must give a one-time code: enrolled, or the policy names one of their roles. */
export function secondFactorRequired(ctx: Pick<HubContext, 'signingMfaRoles'>, roles: readonly string[], enrolled: boolean): boolean {
  return enrolled || (ctx.signingMfaRoles ?? []).some((r) => roles.includes(r));
}

/**
 * The signer's row (locked for update) when password and, where required, one-time code are
 * right; the code's step is spent. `enrolling`: the enrolment of a first factor, where "not
 * enrolled" is the point rather than a refusal.
 */
export async function checkSignerCredentials(tx: HubTx, ctx: HubContext, signer: HubPrincipal, password: string, refusal: SigningRefusal, opts: { enrolling?: boolean } = {}): Promise<Result<SignerRow>> {
  const [user] = await tx.select().from(hubUsers).where(eq(hubUsers.userId, signer.userId)).for('update');
  if (!user || user.status !== 'active') {
    await audit(tx, ctx.clock.now(), { actor: signer.username, action: refusal.action, subject: refusal.subject, ok: false, details: { ...refusal.details, code: 'AUTH_ACCOUNT_LOCKED', status: user?.status ?? null } });
    return err('AUTH_ACCOUNT_LOCKED', 'the account is not active');
  }
  const [mfa] = await tx.select().from(hubUserMfa).where(eq(hubUserMfa.userId, user.userId)).for('update');
  const required = secondFactorRequired(ctx, user.roles, mfa !== undefined);
  const code = (signer.otp ?? '').trim();
  if (required && code === '' && !(opts.enrolling && !mfa)) return refuse(tx, ctx, user, 'SIGNATURE_MFA_REQUIRED', refusal);
  if (!verifyPassword(password, user.passwordHash)) return refuse(tx, ctx, user, 'SIGNATURE_PASSWORD_INVALID', refusal);
  if (!required || (opts.enrolling && !mfa)) return ok(user);
  if (!mfa) return refuse(tx, ctx, user, 'SIGNATURE_MFA_NOT_ENROLLED', refusal);
  const secret = openField(ctx.sealing(HUB_MFA_SEAL), mfa.sealedSecret, user.userId);
  if (!secret.ok) return refuse(tx, ctx, user, 'SIGNATURE_MFA_UNREADABLE', refusal);
  const step = matchTotp(secret.value.value, code, ctx.clock.now());
  if (step === null) return refuse(tx, ctx, user, 'SIGNATURE_MFA_INVALID', refusal);
  if (step <= mfa.lastStep) return refuse(tx, ctx, user, 'SIGNATURE_MFA_REUSED', refusal);
  await tx.update(hubUserMfa).set({ lastStep: step }).where(eq(hubUserMfa.userId, user.userId));
  return ok(user);
}

async function refuse(tx: HubTx, ctx: HubContext, user: SignerRow, code: SecondFactorCode | 'SIGNATURE_PASSWORD_INVALID', refusal: SigningRefusal): Promise<Result<never>> {
  // A wrong secret counts toward the lockout, whichever factor it was; a missing or unreadable one does not.
  const counts = code === 'SIGNATURE_PASSWORD_INVALID' || code === 'SIGNATURE_MFA_INVALID' || code === 'SIGNATURE_MFA_REUSED';
  const failed = counts ? user.failedAttempts + 1 : user.failedAttempts;
  const lock = counts && lockoutDecision(failed, ctx.policy) === 'lock';
  if (counts) await tx.update(hubUsers).set({ failedAttempts: failed, ...(lock ? { status: 'locked' as const } : {}) }).where(eq(hubUsers.userId, user.userId));
  const now = ctx.clock.now();
  await audit(tx, now, { actor: user.username, action: refusal.action, subject: refusal.subject, ok: false, details: { ...refusal.details, code, failedAttempts: failed, locked: lock } });
  if (lock) await audit(tx, now, { actor: user.username, action: 'user.locked', subject: user.userId, details: { failedAttempts: failed, at: 'signing' } });
  const finalCode: ErrorCode = lock ? 'AUTH_ACCOUNT_LOCKED' : code;
  return err(finalCode, lock ? `${MESSAGES[code]}: the account is now locked` : MESSAGES[code], { failedAttempts: failed });
}
