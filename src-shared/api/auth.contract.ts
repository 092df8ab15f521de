/** Logins, sessions, the inactivity lock and password changes (21 CFR 11.10(d), 11.300). */
import { z } from 'zod';
import { Role } from '../ledger/entry-types/users.ts';
import { Done, endpoint, NoInput } from './contract.ts';

// Bounded so that no request can make the station hash megabytes of "password" (scrypt cost).
const Password = z.string().min(1).max(256);
const Username = z.string().trim().min(1).max(64);

export const SessionUser = z.object({
  userId: z.string(),
  username: z.string(),
  printedName: z.string(),
  roles: z.array(Role),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionView = z.object({
  sessionId: z.string(),
  user: SessionUser,
  passwordChangeRequired: z.boolean(),
});
export type SessionView = z.infer<typeof SessionView>;

export const SessionState = z.object({
  user: SessionUser,
  locked: z.boolean(),
  passwordChangeRequired: z.boolean(),
  /** P11-13: false until the user signed the e-signature acknowledgement (absent from older stations). */
  esigAcknowledged: z.boolean().optional(),
  /** D25-03: whether the user enrolled a second factor, and whether signing needs one. */
  mfaEnrolled: z.boolean().optional(),
  mfaRequired: z.boolean().optional(),
  /**
   * The session's user has signed once in this continuous session: later signatures need the
   * password only (21 CFR 11.200(a)(1)(i)); a lock or a new login ends it.
   */
  hasSigned: z.boolean(),
});
export type SessionState = z.infer<typeof SessionState>;

export const authContract = {
  'auth.login': endpoint('public', z.object({ username: Username, password: Password }), SessionView),
  /** The state of the caller's session (after a reload, or to decide which screen to show). */
  'auth.session': endpoint('session-or-locked', NoInput, SessionState),
  /** Operator activity seen by the UI (touch, keys, scans) keeps the session from idling out. */
  'auth.activity': endpoint('session', NoInput, Done),
  'auth.lock': endpoint('session-or-locked', NoInput, Done),
  'auth.unlock': endpoint('session-or-locked', z.object({ password: Password }), Done),
  'auth.logout': endpoint('session-or-locked', NoInput, Done),
  'auth.changePassword': endpoint('session-or-locked', z.object({ oldPassword: Password, newPassword: Password }), Done),
  /** P11-13: the statement, in both languages, that the user signs before any other signature. */
  'auth.esigStatement': endpoint('session', NoInput, z.object({ en: z.string(), zh: z.string(), acknowledged: z.boolean() })),
  'auth.acknowledgeEsig': endpoint('session', z.object({ password: Password }), z.object({ seq: z.number().int() })),
  /** D25-03: a new TOTP secret, shown once (URI and QR code as SVG); nothing is stored yet. */
  'auth.mfaStart': endpoint('session', NoInput, z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string(), enrolled: z.boolean() })),
  /** Stores the secret once a current code and the password prove the authenticator has it. */
  'auth.mfaConfirm': endpoint('session', z.object({ secret: z.string().max(128), code: z.string().trim().max(12), password: Password }), z.object({ seq: z.number().int() })),
};
