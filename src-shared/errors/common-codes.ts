export const COMMON_ERROR_CODES = [
  'INPUT_INVALID',
  // A request body larger than the server accepts (HTTP 413).
  'INPUT_TOO_LARGE',
  // A request body in a content type the route does not read (HTTP 415).
  'INPUT_MEDIA_TYPE',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'DATABASE_NEWER_THAN_CODE',
  'IO_ERROR',
  // A secret sealed in a database column (TOTP seed, webhook secret) does not open: edited, moved
  // from another row, or the database sits beside another station/hub secret.
  'FIELD_SEAL_BROKEN',
] as const;
