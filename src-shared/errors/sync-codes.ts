// Owned by the hub (src-server) and station sync (src-main/sync). Add codes here, never rename
// shipped ones: the hub's refusal log and the station's sync status record them.
export const SYNC_ERROR_CODES = [
  // Station identity at the hub.
  'STATION_NOT_ENROLLED',
  'STATION_REVOKED',
  'STATION_QUARANTINED',
  'STATION_ALREADY_ENROLLED',
  // A fresh ledger (another genesis) offered under a station id the hub knows: refused and
  // recorded as an identity incident for IT and QA (issue 10 item 2).
  'STATION_IDENTITY_INCIDENT',
  // A different hash for a sequence number the hub already acknowledged (the station is
  // quarantined in the same breath, and the fork is shown to IT).
  'STATION_FORKED',
  // The hub holds less of this station's ledger than it once acknowledged (it was restored
  // from an older backup): the station says so, records it and sends the history again.
  'HUB_HISTORY_LOST',
  // Enrolment.
  'ENROLMENT_PENDING',
  'ENROLMENT_REJECTED',
  'ENROLMENT_UNKNOWN',
  // Missing, wrong, used or expired one-time enrolment code (issued by IT at the hub).
  'ENROLMENT_CODE_INVALID',
  // Signed requests (request-signature.ts).
  'REQUEST_UNSIGNED',
  'REQUEST_SIGNATURE_INVALID',
  'REQUEST_REPLAYED',
  'REQUEST_CLOCK_SKEW',
  // A page that is not a contiguous run of entries after the acknowledged head.
  'SYNC_PAGE_INVALID',
  // The station's entry 1 differs from the genesis the hub trusted at enrolment.
  'SYNC_GENESIS_MISMATCH',
  // A training station's ledger: never GMP data at the hub.
  'SYNC_TRAINING_LEDGER',
  // The hub cannot be reached, or answered something the station cannot trust.
  'HUB_UNREACHABLE',
  'HUB_RESPONSE_INVALID',
  'HUB_ERROR',
  // Hub configuration and administration.
  'HUB_SECRET_MISSING',
  'HUB_SECRET_INVALID',
  'HUB_ADMIN_EXISTS',
  'MASTER_DATA_VERSION_CONFLICT',
  // A signed master-data change over a last record today's schema does not read (FR-123): the steward writes a full record first.
  'MASTER_DATA_RECORD_UNREADABLE',
] as const;
