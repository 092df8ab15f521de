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
] as const;
