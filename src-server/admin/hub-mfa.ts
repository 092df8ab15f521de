/**
 * Enrolment of a hub user's second factor at signing (COMPLIANCE.md D25-03, FR-101), the hub's
 * twin of the station's src-main/core/auth/mfa-enrolment.ts. The logged-in user asks for a new
 * TOTP secret (shown once, as an otpauth:// URI); it is kept nowhere until they prove their
 * authenticator holds it, with a current code AND their password (signer-credentials.ts: a
 * wrong password counts toward the lockout). A user already enrolled must also give a code of
 * the factor they have (header `x-batchline-otp`), so a stolen session and password cannot
 * move the second factor to the thief's phone. The seed is sealed under the hub secret
 * (ctx.sealing, bound to the user id); the code's step is spent, so the same code cannot then
 * sign. Audited as `user.mfa_enrolled`; a password reset removes the factor (account-admin.ts).
 */
import { eq } from 'drizzle-orm';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { matchTotp, newTotpSecret, totpUri } from '../../src-core/auth/totp.ts';
import { sealField } from '../../src-core/crypto/sealed-field.ts';
import { hubUserMfa, hubUsers } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import type { HubPrincipal } from './admin-auth.ts';
import { audit } from './hub-audit.ts';
import { checkSignerCredentials, HUB_MFA_SEAL, secondFactorRequired } from '../quality/signing/signer-credentials.ts';

export interface HubMfaStatus {
  enrolled: boolean;
  /** Whether this user's e-signatures need a code (enrolled, or the site policy names a role of theirs). */
  required: boolean;
  enrolledAt: string | null;
}

export class HubMfa {
  constructor(private readonly ctx: HubContext) {}

  async status(p: HubPrincipal): Promise<HubMfaStatus> {
    const [row] = await this.ctx.db.select({ enrolledAt: hubUserMfa.enrolledAt }).from(hubUserMfa).where(eq(hubUserMfa.userId, p.userId));
    const [user] = await this.ctx.db.select({ roles: hubUsers.roles }).from(hubUsers).where(eq(hubUsers.userId, p.userId));
    return { enrolled: row !== undefined, required: secondFactorRequired(this.ctx, user?.roles ?? [], row !== undefined), enrolledAt: row?.enrolledAt.toISOString() ?? null };
  }

  /** A fresh secret, its URI and the URI as a QR code (SVG) an authenticator app scans; nothing is stored. */
  async start(p: HubPrincipal): Promise<{ secret: string; uri: string; qrSvg: string }> {
    const secret = newTotpSecret();
    const uri = totpUri(secret, p.username, 'Batchline hub');
    // bwip-js is loaded at the first enrolment, not at every start (as at the station).
    const { default: bwipjs } = await import('bwip-js');
    return { secret, uri, qrSvg: bwipjs.toSVG({ bcid: 'qrcode', text: uri, scale: 3, eclevel: 'M' } as Parameters<typeof bwipjs.toSVG>[0]) };
  }

  async confirm(p: HubPrincipal, input: { secret: string; code: string; password: string }): Promise<Result<HubMfaStatus>> {
    if (!/^[A-Z2-7]{16,64}=*$/.test(input.secret)) return err('INPUT_INVALID', 'the secret is not a base32 TOTP secret');
    const r = await this.ctx.db.transaction(async (tx): Promise<Result<null>> => {
      // The password (and the current factor's code, when one is enrolled), each refusal counted and audited.
      const checked = await checkSignerCredentials(tx, this.ctx, p, input.password, { action: 'user.mfa_refused', subject: p.userId }, { enrolling: true });
      if (!checked.ok) return checked;
      const now = this.ctx.clock.now();
      const step = matchTotp(input.secret, input.code, now);
      if (step === null) {
        await audit(tx, now, { actor: p.username, action: 'user.mfa_refused', subject: p.userId, ok: false, details: { code: 'SIGNATURE_MFA_INVALID', enrolment: true } });
        return err('SIGNATURE_MFA_INVALID', 'the code does not match the new secret: check the authenticator app and the time on the phone');
      }
      const values = { sealedSecret: sealField(this.ctx.sealing(HUB_MFA_SEAL), input.secret, p.userId), lastStep: step, enrolledAt: now };
      const [had] = await tx.select({ userId: hubUserMfa.userId }).from(hubUserMfa).where(eq(hubUserMfa.userId, p.userId));
      if (had) await tx.update(hubUserMfa).set(values).where(eq(hubUserMfa.userId, p.userId));
      else await tx.insert(hubUserMfa).values({ userId: p.userId, ...values });
      await tx.update(hubUsers).set({ failedAttempts: 0 }).where(eq(hubUsers.userId, p.userId));
      await audit(tx, now, { actor: p.username, action: 'user.mfa_enrolled', subject: p.userId, details: { method: 'totp', replaced: had !== undefined } });
      return ok(null);
    });
    return r.ok ? ok(await this.status(p)) : r;
  }
}
