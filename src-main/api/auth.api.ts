/** Login, session state, activity, lock/unlock, logout and password change, over AuthService. */
import type { authContract } from '../../src-shared/api/auth.contract.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { ApiDeps } from './api-deps.ts';
import { ESIG_STATEMENT } from '../../src-core/signatures/esig-acknowledgement.ts';
import { caller, sessionOf, type Handlers } from './handler-map.ts';

const done = (r: Result<void>): Result<null> => (r.ok ? ok(null) : r);
const seqOf = (r: Result<{ seq: number }>): Result<{ seq: number }> => (r.ok ? ok({ seq: r.value.seq }) : r);

/**
 * The enrolment URI as a QR code an authenticator app scans (bwip-js, SVG: no canvas needed).
 * bwip-js is loaded here, at the first enrolment, not at every start (issue 16 item 2).
 */
async function qrSvg(text: string): Promise<string> {
  const { default: bwipjs } = await import('bwip-js');
  return bwipjs.toSVG({ bcid: 'qrcode', text, scale: 3, eclevel: 'M' } as Parameters<typeof bwipjs.toSVG>[0]);
}

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
        esigAcknowledged: station.signatures.hasAcknowledged(user.userId),
        mfaEnrolled: station.mfa.enrolled(user.userId),
        mfaRequired: station.settings.current().signing.mfa === 'totp',
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
    'auth.esigStatement': (_input, ctx) => ok({ en: ESIG_STATEMENT.en, zh: ESIG_STATEMENT.zh, acknowledged: station.signatures.hasAcknowledged(caller(ctx).userId) }),
    'auth.acknowledgeEsig': ({ password }, ctx) => seqOf(station.signatures.acknowledge(sessionOf(ctx), password)),
    'auth.mfaStart': async (_input, ctx) => {
      const started = station.mfa.start(sessionOf(ctx));
      return started.ok ? ok({ ...started.value, qrSvg: await qrSvg(started.value.uri) }) : started;
    },
    'auth.mfaConfirm': ({ secret, code, password }, ctx) => seqOf(station.mfa.confirm(sessionOf(ctx), secret, code, password)),
  };
}
