/** User administration (21 CFR 11.10(g), 11.300(a),(b)); admins only, every change with a reason. */
import { z } from 'zod';
import { Role } from '../ledger/entry-types/users.ts';
import { Done, endpoint, NoInput } from './contract.ts';

const ADMIN = ['admin'] as const;
const Reason = z.string().trim().min(3).max(500);
const UserId = z.string().min(1).max(100);

export const UserSummary = z.object({
  userId: z.string(),
  username: z.string(),
  printedName: z.string(),
  roles: z.array(Role),
  status: z.enum(['pending', 'active', 'locked', 'disabled']),
  failedAttempts: z.number().int(),
  mustChangePassword: z.boolean(),
  passwordChangedAt: z.string(),
  /** When the hub revoked the user's current signing certificate (issue 10 item 7), else null. */
  certificateRevokedAt: z.string().nullable().optional(),
  /** An administrator's re-issue request waiting for QA's approval (its ledger entry), else null. */
  reissueRequestSeq: z.number().int().positive().nullable().optional(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const usersContract = {
  // QA sees the accounts too: it verifies new holders' identity (11.100(b)).
  'users.list': endpoint(['admin', 'qa'], NoInput, z.array(UserSummary)),
  'users.create': endpoint(
    ADMIN,
    z.object({
      username: z.string().trim().min(2).max(32),
      printedName: z.string().trim().min(1).max(100),
      roles: z.array(Role).min(1),
      initialPassword: z.string().min(1).max(256),
    }),
    UserSummary,
  ),
  /** 11.100(b): a second person (admin or QA, not the creator) records the identity check. */
  'users.verifyIdentity': endpoint(['admin', 'qa'] as const, z.object({ userId: UserId, method: z.string().trim().min(3).max(200) }), Done),
  'users.setRoles': endpoint(ADMIN, z.object({ userId: UserId, roles: z.array(Role).min(1), reason: Reason }), Done),
  'users.disable': endpoint(ADMIN, z.object({ userId: UserId, reason: Reason }), Done),
  'users.enable': endpoint(ADMIN, z.object({ userId: UserId, reason: Reason }), Done),
  'users.unlock': endpoint(ADMIN, z.object({ userId: UserId, reason: Reason }), Done),
  'users.resetPassword': endpoint(ADMIN, z.object({ userId: UserId, temporaryPassword: z.string().min(1).max(256) }), Done),
  /** 11.200(a)(3): a second person verifies the holder, who sets their own password (P11-26). */
  'users.completePasswordReset': endpoint(
    ['admin', 'qa'] as const,
    z.object({ userId: UserId, temporaryPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256), method: z.string().trim().min(3).max(200) }),
    Done,
  ),
  /** Issue 10 item 7: re-issue of a certificate the hub revoked — an administrator asks… */
  'users.requestCertificateReissue': endpoint(ADMIN, z.object({ userId: UserId, reason: Reason }), z.object({ requestSeq: z.number().int().positive() })),
  /** …and QA approves with the holder present, who types their own password. */
  'users.approveCertificateReissue': endpoint(
    ['qa'] as const,
    z.object({ requestSeq: z.number().int().positive(), holderPassword: z.string().min(1).max(256), method: z.string().trim().min(3).max(200) }),
    z.object({ fingerprint: z.string() }),
  ),
};
