/** User administration for admins; every change goes through UserAdmin and so into the ledger. */
import type { usersContract, UserSummary } from '../../src-shared/api/users.contract.ts';
import { ok, type Result } from '../../src-shared/result.ts';
import type { UserRecord } from '../core/auth/user-directory.ts';
import type { ApiDeps } from './api-deps.ts';
import { caller, type Handlers } from './handler-map.ts';

const done = (r: Result<void>): Result<null> => (r.ok ? ok(null) : r);

export function toUserSummary(u: UserRecord, certificate?: { revokedAt: string | null; openRequestSeq: number | null }): UserSummary {
  return {
    ...(certificate && { certificateRevokedAt: certificate.revokedAt, reissueRequestSeq: certificate.openRequestSeq }),
    userId: u.userId,
    username: u.username,
    printedName: u.printedName,
    roles: u.roles,
    status: u.status,
    failedAttempts: u.failedAttempts,
    mustChangePassword: u.mustChangePassword,
    passwordChangedAt: u.passwordChangedAt,
  };
}

export function usersApi({ station }: ApiDeps): Handlers<typeof usersContract> {
  const { userAdmin, users } = station;
  return {
    'users.list': () => ok(users.list().map((u) => toUserSummary(u, userAdmin.certificateState(u)))),
    'users.create': (input, ctx) => {
      // Accounts made by an admin always start with a one-time password (11.300(b)).
      const created = userAdmin.createUser(caller(ctx).userId, { ...input, mustChangePassword: true });
      return created.ok ? ok(toUserSummary(created.value)) : created;
    },
    'users.verifyIdentity': ({ userId, method }, ctx) => done(userAdmin.verifyIdentity(caller(ctx).userId, userId, method)),
    'users.setRoles': ({ userId, roles, reason }, ctx) => done(userAdmin.setRoles(caller(ctx).userId, userId, roles, reason)),
    'users.disable': ({ userId, reason }, ctx) => done(userAdmin.disable(caller(ctx).userId, userId, reason)),
    'users.enable': ({ userId, reason }, ctx) => done(userAdmin.enable(caller(ctx).userId, userId, reason)),
    'users.unlock': ({ userId, reason }, ctx) => done(userAdmin.unlock(caller(ctx).userId, userId, reason)),
    'users.resetPassword': ({ userId, temporaryPassword }, ctx) => done(userAdmin.resetPassword(caller(ctx).userId, userId, temporaryPassword)),
    'users.completePasswordReset': ({ userId, ...input }, ctx) => done(userAdmin.completePasswordReset(caller(ctx).userId, userId, input)),
    'users.requestCertificateReissue': ({ userId, reason }, ctx) => userAdmin.requestCertificateReissue(caller(ctx).userId, userId, reason),
    'users.approveCertificateReissue': ({ requestSeq, ...input }, ctx) => userAdmin.approveCertificateReissue(caller(ctx).userId, requestSeq, input),
  };
}
