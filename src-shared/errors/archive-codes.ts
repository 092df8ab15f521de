// Owned by the archive area (src-core/archive, evidence packets, retention and purge at the hub,
// replay). Add codes here, never rename shipped ones: verify-packet reports and purge records name them.
export const ARCHIVE_ERROR_CODES = [
  // The file is not a zip, or its manifest cannot be read.
  'PACKET_UNREADABLE',
  // A packet format version this verifier does not know (newer software wrote it).
  'PACKET_FORMAT_UNSUPPORTED',
  // A file the manifest lists is missing, or a file is present that the manifest does not list.
  'PACKET_FILE_MISSING',
  'PACKET_FILE_UNLISTED',
  // A file's SHA-256 differs from the manifest: its bytes were changed.
  'PACKET_FILE_CHANGED',
  // The seal over the manifest does not verify, or its certificate is not the station's or hub's.
  'PACKET_SEAL_INVALID',
  // An entry of the batch listed in the manifest is not in the packet (or one is there unlisted).
  'PACKET_ENTRY_MISSING',
  'PACKET_ENTRY_UNLISTED',
  // An entry's Merkle inclusion proof does not lead to the signed checkpoint it names.
  'PACKET_PROOF_INVALID',
  // The batch-record hash of the listed entries is not the one the manifest states.
  'PACKET_RECORD_HASH_MISMATCH',
  // A signature by a signer whose certificate was revoked before the signature was made.
  'SIGNER_REVOKED',
  // The batch has entries no signed checkpoint covers yet (checkpoint, or sync, first).
  'PACKET_UNCOVERED',
  // verify-packet was given no site CA to trust (--ca, --ca-fingerprint) and no explicit --no-pin.
  'TRUST_ANCHOR_NOT_PINNED',
  // Retention (P11-04): a purge before the retention period of the record type has run out.
  'RETENTION_NOT_EXPIRED',
  // A purge needs QA approval by e-signature from a second person, and only at the hub.
  'PURGE_APPROVAL_REQUIRED',
] as const;
