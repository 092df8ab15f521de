export const AUTH_ERROR_CODES = [
  'AUTH_INVALID_CREDENTIALS',
  'AUTH_ACCOUNT_LOCKED',
  'AUTH_ACCOUNT_DISABLED',
  'AUTH_ACCOUNT_PENDING',
  // Too many failed attempts from one source address: wait and try again (progressive delay).
  'AUTH_RATE_LIMITED',
  // The last active administrator cannot be disabled, reset or locked for good.
  'AUTH_LAST_ADMIN',
  'AUTH_PASSWORD_EXPIRED',
  'AUTH_PASSWORD_CHANGE_REQUIRED',
  'AUTH_PASSWORD_POLICY',
  'AUTH_PASSWORD_REUSED',
  'AUTH_SESSION_INVALID',
  'AUTH_SESSION_LOCKED',
  'AUTH_USERNAME_TAKEN',
  'AUTH_ROLE_REQUIRED',
  'SIGNATURE_PASSWORD_INVALID',
  'SIGNATURE_MEANING_INVALID',
  'SIGNATURE_SAME_USER',
  'SIGNATURE_ROLE_REQUIRED',
  // The signer's certificate was revoked; only an admin + QA re-issue gives them a new one.
  'SIGNER_CERTIFICATE_REVOKED',
  // P11-30 / FR-102: the station's revocation list is older than its maximum age; a signature by a
  // certificate the hub CA issued (whose revocation only the hub's list tells) waits for a sync.
  'REVOCATION_LIST_STALE',
  // D25-03: signing.mfa is on and no one-time code came with the password.
  'SIGNATURE_MFA_REQUIRED',
  // D25-03: the one-time code is wrong or expired (counts toward lockout like a wrong password).
  'SIGNATURE_MFA_INVALID',
  // The code was right but already used (for a signature or the enrolment): a TOTP code is good once.
  'SIGNATURE_MFA_REUSED',
  // D25-03: signing.mfa is on and the signer has not enrolled a second factor.
  'SIGNATURE_MFA_NOT_ENROLLED',
  // D25-03: the signer's second-factor secret is stored but cannot be opened (edited row, wrong station secret).
  'SIGNATURE_MFA_UNREADABLE',
  // P11-13: the signer has not yet signed the e-signature acknowledgement.
  'SIGNATURE_ACK_REQUIRED',
  // DI-11: a generic or shared account name (operator, admin1, line1, test…) is refused.
  'ACCOUNT_NAME_GENERIC',
  // A11-17: a configuration change is approved by a second person, never its proposer.
  'CONFIG_APPROVER_SAME_PERSON',
  // A11-17: the proposal is not (or no longer) pending.
  'CONFIG_NOT_PENDING',
] as const;
