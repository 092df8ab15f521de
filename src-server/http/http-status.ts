/**
 * HTTP status for each refusal. The body always carries the stable code
 * (`{ error: { code, message, details } }`); the status only helps proxies, load balancers
 * and generic HTTP clients do the right thing (retry a 503, never a 409).
 */
import type { ErrorCode } from '../../src-shared/errors.ts';

const BY_CODE: Partial<Record<ErrorCode, number>> = {
  INPUT_INVALID: 400,
  INPUT_TOO_LARGE: 413,
  INPUT_MEDIA_TYPE: 415,
  SYNC_PAGE_INVALID: 400,
  CERTIFICATE_REQUEST_INVALID: 400,
  AUTH_PASSWORD_POLICY: 400,
  REQUEST_UNSIGNED: 401,
  REQUEST_SIGNATURE_INVALID: 401,
  REQUEST_REPLAYED: 401,
  REQUEST_CLOCK_SKEW: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_SESSION_INVALID: 401,
  FORBIDDEN: 403,
  AUTH_ROLE_REQUIRED: 403,
  AUTH_ACCOUNT_LOCKED: 403,
  AUTH_ACCOUNT_DISABLED: 403,
  AUTH_ACCOUNT_PENDING: 403,
  AUTH_LAST_ADMIN: 409,
  AUTH_RATE_LIMITED: 429,
  ENROLMENT_CODE_INVALID: 403,
  SIGNER_CERTIFICATE_REVOKED: 403,
  STATION_NOT_ENROLLED: 403,
  STATION_REVOKED: 403,
  STATION_QUARANTINED: 403,
  NOT_FOUND: 404,
  ENROLMENT_UNKNOWN: 404,
  CONFLICT: 409,
  STATION_FORKED: 409,
  STATION_ALREADY_ENROLLED: 409,
  STATION_IDENTITY_INCIDENT: 409,
  MASTER_DATA_VERSION_CONFLICT: 409,
  AUTH_USERNAME_TAKEN: 409,
  HUB_ADMIN_EXISTS: 409,
  IQC_RESULT_CONFLICT: 409,
  IQC_RECEIPT_INVALID: 400,
  SPEC_UNKNOWN: 404,
  IQC_TASK_UNKNOWN: 404,
};

/** Ledger verification failures (HASH_MISMATCH, SIGNATURE_INVALID…) are 422: well-formed, not acceptable. */
export function httpStatusFor(code: ErrorCode): number {
  return BY_CODE[code] ?? (code === 'IO_ERROR' || code === 'HUB_ERROR' ? 500 : 422);
}
