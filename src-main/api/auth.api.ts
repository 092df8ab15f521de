/** Login, session state, activity, lock/unlock, logout and password change, over AuthService. */
import type { authContract } from '../../src-shared/api/auth.contract.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { ApiDeps } from './api-deps.ts';
import { caller, sessionOf, type Handlers } from './handler-map.ts';

const done = (r: Result<void>): Result<null> => (r.ok ? ok(null) : r);

export function authApi({ station }: ApiDeps): Handlers<typeof authContract> {
  const { auth } = station;
  return {
    'auth.login': ({ username, password }) => auth.login(username, password),
    'auth.session': (_input, ctx) => {
      const s = auth.sessions.get(sessionOf(ctx));
      if (!s) return err('AUTH_SESSION_INVALID', 'not logged in');
      const user = caller(ctx);
      return ok({
        user: { userId: user.userId, username: user.username, printedName: user.printedName, roles: user.roles },
        locked: s.locked,
        passwordChangeRequired: auth.passwordChangeRequired(user),
        hasSigned: s.hasSigned,
      });
    },
    // The dispatcher's session check already moved the session's last-activity time.
    'auth.activity': () => ok(null),
    'auth.lock': (_input, ctx) => done(auth.lock(sessionOf(ctx))),
    'auth.unlock': ({ password }, ctx) => done(auth.unlock(sessionOf(ctx), password)),
    'auth.logout': (_input, ctx) => done(auth.logout(sessionOf(ctx))),
    'auth.changePassword': ({ oldPassword, newPassword }, ctx) => {
      const s = auth.sessions.get(sessionOf(ctx));
      if (s?.locked) return err('AUTH_SESSION_LOCKED', 'unlock the station first');
      return done(auth.changePassword(sessionOf(ctx), oldPassword, newPassword));
    },
  };
}
