export const LEDGER_ERROR_CODES = [
  'ENTRY_TYPE_UNKNOWN',
  'ENTRY_PAYLOAD_INVALID',
  'CORRECTION_REASON_MISSING',
  'CORRECTION_TARGET_UNKNOWN',
  'CHAIN_BROKEN',
  'HASH_MISMATCH',
  'SEQ_GAP',
  'SIGNATURE_INVALID',
  'SIGNATURE_TARGET_MISMATCH',
  'CERTIFICATE_INVALID',
  'CERTIFICATE_REQUEST_INVALID',
  'CHECKPOINT_INVALID',
  // A ledger (or part of one) without the signed checkpoints its recorded interval demands.
  'CHECKPOINT_MISSING',
  // An entry whose time is earlier than the entry before it (a clock set back; DI-07).
  'LEDGER_TIME_BACKWARDS',
  // Station trust at start and at run time: GMP work is refused while any of these holds.
  'STATION_INTEGRITY_FAILED',
  'STATION_TIME_UNTRUSTED',
  // Production or training is fixed in the genesis; a production station has no simulators or demo.
  'STATION_PRODUCTION_ONLY',
  'STATION_TRAINING_ONLY',
  // First run: a new database needs an identity (provisioning) and a first admin.
  'STATION_NOT_PROVISIONED',
  // FR-155: an existing station whose secret (env, <db>.secret, <db>.secret.enc) is gone; a new one is never made for it.
  'STATION_SECRET_MISSING',
  'STATION_ALREADY_INITIALISED',
] as const;
