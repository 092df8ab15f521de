/**
 * Refusals of the command line's own checks (FR-155), before a command opens anything: a file it
 * was told to read that is not there, a file it would overwrite, a password or setting it needs
 * from the environment that is missing or not valid.
 */
export const CLI_ERROR_CODES = [
  // A database, backup, key or input file named on the command line does not exist.
  'FILE_NOT_FOUND',
  // A file the command would create already exists: it is never overwritten.
  'FILE_EXISTS',
  // A command that signs in or creates an account needs BATCHLINE_PASSWORD (never on the command line).
  'PASSWORD_NOT_GIVEN',
  // An environment setting (BATCHLINE_DORMANT_DAYS, …) is set but not valid: refused at start, not ignored.
  'SETTING_INVALID',
] as const;
