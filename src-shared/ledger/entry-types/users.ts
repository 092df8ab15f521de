/**
 * Users, sessions and certificates (21 CFR 11.10(d),(g), 11.100, 11.300). Secrets never enter
 * the ledger: password hashes and wrapped keys live in the credentials table; the ledger
 * records that they changed, by whom and why.
 */
import { z } from 'zod';
import { Sha256Hex, UtcTime } from '../ledger-entry.ts';

export const Role = z.enum(['operator', 'supervisor', 'qa', 'qp', 'admin']);
export type Role = z.infer<typeof Role>;

const userId = z.string().min(1);
/** A session named without its token: the first 16 hex of SHA-256(token). */
const SessionRef = z.string().regex(/^[0-9a-f]{16}$/, 'a session reference (16 hex)');

export const userEntryTypes = {
  'user.created': z.object({
    userId,
    username: z.string().regex(/^[a-z0-9._-]{2,32}$/),
    printedName: z.string().min(1).max(100),
    roles: z.array(Role).min(1),
    mustChangePassword: z.boolean(),
    /**
     * 11.100(b): identity is verified before signatures are established. Accounts made by an
     * admin start 'pending' until a different person records the verification; the accounts
     * made at installation (no actor) were verified by the installation qualification.
     */
    identityVerification: z.enum(['pending', 'installation']),
  }),
  'user.identity_verified': z.object({ userId, method: z.string().trim().min(3).max(200) }),
  'user.roles_changed': z.object({ userId, oldRoles: z.array(Role), newRoles: z.array(Role).min(1), reason: z.string().min(1) }),
  /**
   * `dormantDays` is set when the station disabled the account itself after that many days
   * without a login (accounts.dormantDays; the entry's actor is then null).
   */
  'user.disabled': z.object({ userId, reason: z.string().min(1), dormantDays: z.number().int().positive().optional(), lastLoginAt: z.string().optional() }),
  'user.enabled': z.object({ userId, reason: z.string().min(1) }),
  'user.password_changed': z.object({
    userId,
    byAdmin: z.boolean(),
    mustChangePassword: z.boolean(),
    /**
     * Issue 10 (11.200(a)(3)): a reset by an admin puts the account back to 'pending'; the
     * holder sets their own password in front of a second person (UserAdmin.completePasswordReset).
     * Absent on resets recorded before that rule.
     */
    identityVerification: z.enum(['pending']).optional(),
  }),
  'user.locked': z.object({ userId, reason: z.enum(['failed_attempts', 'admin']), failedAttempts: z.number().int().nonnegative() }),
  'user.unlocked': z.object({ userId, reason: z.string().min(1) }),
  'certificate.issued': z.object({
    kind: z.enum(['user-signing', 'station']),
    subjectId: z.string().min(1),
    fingerprint: Sha256Hex,
    serialNumber: z.string().min(1),
    certPem: z.string().includes('BEGIN CERTIFICATE'),
    notBefore: UtcTime,
    notAfter: UtcTime,
  }),
  /**
   * The hub CA's revocation list as received by sync (issue 10 item 7): the CRL itself, so
   * `batchline verify` checks its signature against the enrolled hub CA, and what it says.
   */
  'certificate.revocations_received': z.object({
    crlPem: z.string().includes('BEGIN X509 CRL'),
    fingerprint: Sha256Hex,
    crlNumber: z.string().regex(/^\d+$/),
    thisUpdate: UtcTime,
    nextUpdate: UtcTime.nullable(),
    revoked: z.array(z.object({ serialNumber: z.string().min(1), revokedAt: UtcTime, reason: z.string().optional() })),
  }),
  /** A signature refused because the signer's certificate is revoked (the attempt, named). */
  'certificate.revoked_use_refused': z.object({
    userId,
    certFingerprint: Sha256Hex,
    revokedAt: UtcTime,
    targetSeq: z.number().int().positive(),
    meaning: z.string().min(1),
    sessionUserId: z.string().min(1),
  }),
  /** Re-issue after revocation (issue 10 item 7): an administrator asks, with a reason... */
  'certificate.reissue_requested': z.object({ userId, reason: z.string().min(3), revokedFingerprint: Sha256Hex }),
  /** ...and QA (not the requester, not the holder) approves with the holder present. */
  'certificate.reissue_approved': z.object({ userId, requestSeq: z.number().int().positive(), method: z.string().min(3) }),
  // The session token is a bearer credential: entries name the session by `sessionRef`, a
  // one-way digest that ties login, lock and logout together and cannot be replayed (issue 10
  // item 6). `sessionId` stays readable in ledgers written before, and is never written again.
  'session.login': z.object({ userId, sessionRef: SessionRef.optional(), sessionId: z.string().min(1).optional() }),
  /**
   * A failed password or account check. Since issue 18 the entry's actor is the attempted
   * account (null only for an unknown user name) and `attempt` says what was tried; a
   * signature attempt also names the record, the meaning and who was logged in at the station.
   */
  'session.login_failed': z.object({
    username: z.string(),
    userId: z.string().nullable(),
    code: z.string(),
    failedAttempts: z.number().int().nonnegative(),
    attempt: z.enum(['login', 'unlock', 'password-change', 'signature']).optional(),
    /** The logged-in session's one-way reference (never its token: issue 10 item 6). */
    sessionRef: SessionRef.optional(),
    sessionId: z.string().min(1).optional(),
    targetSeq: z.number().int().positive().optional(),
    meaning: z.string().min(1).optional(),
    sessionUserId: z.string().min(1).optional(),
  }),
  /** `concurrent` (DI-11): the same account logged in again, and the earlier session was ended. */
  'session.logout': z.object({ userId, sessionRef: SessionRef.optional(), sessionId: z.string().min(1).optional(), reason: z.enum(['user', 'inactivity', 'shutdown', 'concurrent']) }),
  /**
   * P11-13 (21 CFR 11.100(c), 11.10(j)): the user signed, with their own key, that their
   * electronic signature is the legally binding equivalent of their handwritten signature.
   * Until this entry exists for a user, every signature of theirs is refused.
   */
  'user.esig_acknowledged': z.object({
    userId,
    statementEn: z.string().min(1),
    statementZh: z.string().min(1),
    statementSha256: Sha256Hex,
    signedAt: UtcTime,
    tzOffset: z.string(),
    certFingerprint: Sha256Hex,
    algorithm: z.literal('RSASSA-PKCS1-v1_5-SHA256'),
    signature: z.string().min(1),
  }),
  /** D25-03: the user enrolled a second factor for signing (the secret itself never enters the ledger). */
  'user.mfa_enrolled': z.object({ userId, method: z.enum(['totp']) }),
  'session.locked': z.object({ userId, sessionRef: SessionRef.optional(), sessionId: z.string().min(1).optional(), reason: z.enum(['inactivity', 'user']) }),
  'session.unlocked': z.object({ userId, sessionRef: SessionRef.optional(), sessionId: z.string().min(1).optional() }),
};
