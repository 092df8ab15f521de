/**
 * The hub's tables (PostgreSQL; the same schema on embedded PGlite and on a server). The hub
 * keeps no state outside them (ARCHITECTURE.md, "When one machine is not enough"): nonces,
 * sessions, enrolment requests and each station's verifier state live here, so any number of
 * hub processes can serve one database. Per-station work is serialised by locking the
 * station's row (SELECT … FOR UPDATE), never by process memory.
 *
 * Station ledgers are stored as received and verified, keyed (station_id, seq): the primary key
 * is what makes a push idempotent and a doubled row impossible whatever the hub processes do.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The hub's own keys (site CA, hub signing key), wrapped with the hub secret. */
export const hubKeys = pgTable('hub_keys', {
  name: text('name').primaryKey(),
  wrapped: jsonb('wrapped').notNull(),
  certPem: text('cert_pem').notNull(),
  createdAt: at('created_at').notNull(),
});

/** People and systems that administer the hub (IT, master-data stewards, LIMS/ERP accounts). */
export const hubUsers = pgTable('hub_users', {
  userId: text('user_id').primaryKey(),
  username: text('username').notNull().unique(),
  printedName: text('printed_name').notNull(),
  roles: jsonb('roles').$type<string[]>().notNull(),
  passwordHash: text('password_hash').notNull(),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  /**
   * 'pending': made or reset by an admin, waiting for a second person to verify the holder
   * (21 CFR 11.100(b), 11.200(a)(3)); the password it holds is a one-time password only.
   */
  status: text('status', { enum: ['pending', 'active', 'locked', 'disabled'] }).notNull(),
  createdAt: at('created_at').notNull(),
  /** Who made the account, or last reset its password: never the one who verifies its holder. */
  createdBy: text('created_by'),
  resetBy: text('reset_by'),
  identityVerifiedBy: text('identity_verified_by'),
  /** A lock that lifts by itself (the last active administrator is never locked for good). */
  lockedUntil: at('locked_until'),
  /** The last successful login (migration 0007): the account review's "dormant" is measured from it. */
  lastLoginAt: at('last_login_at'),
});

/**
 * A hub user's second factor at signing (migration 0037; COMPLIANCE.md D25-03): the TOTP seed
 * sealed under the hub secret (never plain in the database), and the last 30-second step a code
 * was spent on, so a code is good once.
 */
export const hubUserMfa = pgTable('hub_user_mfa', {
  userId: text('user_id').primaryKey(),
  sealedSecret: text('sealed_secret').notNull(),
  lastStep: bigint('last_step', { mode: 'number' }).notNull(),
  enrolledAt: at('enrolled_at').notNull(),
});

/**
 * Failed logins and enrolment attempts per source address (Annex 11 §12.1; 21 CFR 11.300(d)):
 * past a threshold each further failure doubles the wait, so guessing from one address gets
 * slow without anyone being able to lock an account out of reach by it.
 */
export const loginThrottle = pgTable('login_throttle', {
  scope: text('scope').notNull(),
  source: text('source').notNull(),
  failures: integer('failures').notNull(),
  lastFailureAt: at('last_failure_at').notNull(),
  blockedUntil: at('blocked_until'),
}, (t) => [primaryKey({ columns: [t.scope, t.source] })]);

/** One-time enrolment codes issued by IT; only the SHA-256 of a code is stored. */
export const enrolmentCodes = pgTable('enrolment_codes', {
  codeHash: text('code_hash').primaryKey(),
  issuedBy: text('issued_by').notNull(),
  issuedAt: at('issued_at').notNull(),
  expiresAt: at('expires_at').notNull(),
  usedAt: at('used_at'),
  usedBy: text('used_by'),
});

/**
 * Re-issue of a signer's certificate after revocation: an administrator asks, a QA person (a
 * different one) approves, and the next signature may make a new key once. Never silent.
 */
/**
 * A fresh ledger offered under a station id the hub knows (issue 10 item 2): refused at
 * enrolment and kept for IT and QA. One row per (station, offered genesis).
 */
export const identityIncidents = pgTable(
  'identity_incidents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    stationId: text('station_id').notNull(),
    detectedAt: at('detected_at').notNull(),
    lastSeenAt: at('last_seen_at').notNull(),
    attempts: integer('attempts').notNull().default(1),
    source: text('source').notNull(),
    knownGenesisHash: text('known_genesis_hash').notNull(),
    knownAckSeq: bigint('known_ack_seq', { mode: 'number' }).notNull(),
    offeredGenesisHash: text('offered_genesis_hash').notNull(),
    offeredGenesisTime: text('offered_genesis_time').notNull(),
    offeredKeyFingerprint: text('offered_key_fingerprint').notNull(),
    stationName: text('station_name').notNull(),
    site: text('site').notNull(),
    /** open until both an administrator and QA accepted; then 'accepted' with its ledger key. */
    status: text('status', { enum: ['open', 'accepted'] }).notNull().default('open'),
    adminAcceptedBy: text('admin_accepted_by'),
    adminAcceptedAt: at('admin_accepted_at'),
    adminReason: text('admin_reason'),
    qaAcceptedBy: text('qa_accepted_by'),
    qaAcceptedAt: at('qa_accepted_at'),
    qaReason: text('qa_reason'),
    /** The hub-side ledger key the accepted ledger enrols and syncs under (`<id>~<epoch>`). */
    ledgerKey: text('ledger_key'),
  },
  (t) => [uniqueIndex('identity_incidents_offer').on(t.stationId, t.offeredGenesisHash), uniqueIndex('identity_incidents_ledger_key').on(t.ledgerKey)],
);

export const signerReissues = pgTable('signer_reissues', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  userId: text('user_id').notNull(),
  requestedBy: text('requested_by').notNull(),
  requestedAt: at('requested_at').notNull(),
  reason: text('reason').notNull(),
  approvedBy: text('approved_by'),
  approvedAt: at('approved_at'),
  usedAt: at('used_at'),
}, (t) => [index('signer_reissues_user').on(t.userId)]);

/** Bearer sessions; only the SHA-256 of the token is stored. */
export const hubSessions = pgTable(
  'hub_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => hubUsers.userId),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    /** The client address the session was opened from (migration 0007; DI-11 concurrent use). */
    source: text('source'),
  },
  (t) => [index('hub_sessions_expires').on(t.expiresAt)],
);

export const enrolmentRequests = pgTable(
  'enrolment_requests',
  {
    requestId: text('request_id').primaryKey(),
    stationId: text('station_id').notNull(),
    stationName: text('station_name').notNull(),
    site: text('site').notNull(),
    csrPem: text('csr_pem').notNull(),
    publicKeyFingerprint: text('public_key_fingerprint').notNull(),
    /** The station's entry 1 (station.initialised): the history the hub will be asked to accept. */
    genesisEntry: jsonb('genesis_entry').notNull(),
    genesisHash: text('genesis_hash').notNull(),
    genesisCaFingerprint: text('genesis_ca_fingerprint').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull(),
    requestedAt: at('requested_at').notNull(),
    decidedAt: at('decided_at'),
    decidedBy: text('decided_by'),
    reason: text('reason'),
    certPem: text('cert_pem'),
    certFingerprint: text('cert_fingerprint'),
  },
  (t) => [
    index('enrolment_requests_status').on(t.status),
    // One open request per station: a second one is refused until the first is decided.
    uniqueIndex('enrolment_requests_one_pending').on(t.stationId).where(sql`status = 'pending'`),
  ],
);

export const stations = pgTable('stations', {
  stationId: text('station_id').primaryKey(),
  name: text('name').notNull(),
  site: text('site').notNull(),
  status: text('status', { enum: ['active', 'revoked', 'quarantined'] }).notNull(),
  statusReason: text('status_reason'),
  statusChangedAt: at('status_changed_at').notNull(),
  certFingerprint: text('cert_fingerprint').notNull(),
  enrolmentRequestId: text('enrolment_request_id').notNull(),
  /** The trust decision taken at approval: this genesis, verified against this CA. */
  genesisHash: text('genesis_hash').notNull(),
  genesisCaFingerprint: text('genesis_ca_fingerprint').notNull(),
  trustedBy: text('trusted_by').notNull(),
  trustedAt: at('trusted_at').notNull(),
  ackSeq: bigint('ack_seq', { mode: 'number' }).notNull().default(0),
  ackHash: text('ack_hash'),
  /** LedgerVerifierState snapshot after ack_seq (null before the first push). */
  verifierState: jsonb('verifier_state'),
  lastPushAt: at('last_push_at'),
  lastPullAt: at('last_pull_at'),
  masterDataCursor: text('master_data_cursor'),
});

/** Every certificate the hub CA issued (stations and user signing keys), with revocation. */
export const issuedCertificates = pgTable(
  'issued_certificates',
  {
    fingerprint: text('fingerprint').primaryKey(),
    serialNumber: text('serial_number').notNull().unique(),
    kind: text('kind', { enum: ['station', 'user-signing', 'hub'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    certPem: text('cert_pem').notNull(),
    notBefore: at('not_before').notNull(),
    notAfter: at('not_after').notNull(),
    issuedAt: at('issued_at').notNull(),
    issuedBy: text('issued_by').notNull(),
    revokedAt: at('revoked_at'),
    revocationReason: text('revocation_reason'),
  },
  (t) => [index('issued_certificates_subject').on(t.kind, t.subjectId)],
);

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    stationId: text('station_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    prevHash: text('prev_hash').notNull(),
    time: text('time').notNull(),
    tzOffset: text('tz_offset').notNull(),
    type: text('type').notNull(),
    actor: text('actor'),
    batchRef: text('batch_ref'),
    payload: jsonb('payload').notNull(),
    receivedAt: at('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.stationId, t.seq] }),
    index('ledger_entries_batch').on(t.batchRef),
    index('ledger_entries_type').on(t.stationId, t.type),
    // What the 5-second IPQC overdue sweep reads of a running batch (migration 0047): partial, so no other entry type pays for it.
    index('ledger_entries_ipqc_batch').on(t.stationId, t.batchRef, t.type, t.seq).where(sql`type in ('ipqc.output_counted', 'ipqc.result_recorded')`),
  ],
);

export const checkpoints = pgTable(
  'checkpoints',
  {
    stationId: text('station_id').notNull(),
    treeSize: bigint('tree_size', { mode: 'number' }).notNull(),
    rootHash: text('root_hash').notNull(),
    signedAt: text('signed_at').notNull(),
    certFingerprint: text('cert_fingerprint').notNull(),
    signature: text('signature').notNull(),
    acceptedAt: at('accepted_at').notNull(),
    /** The hub's countersignature over the accepted tree head (sync-receipt.ts). */
    countersignature: text('countersignature').notNull(),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.treeSize] })],
);

/** Forks: a station presented a different entry for a sequence number already acknowledged. */
export const forks = pgTable('forks', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  stationId: text('station_id').notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hubHash: text('hub_hash').notNull(),
  stationHash: text('station_hash').notNull(),
  stationEntry: jsonb('station_entry'),
  detectedAt: at('detected_at').notNull(),
  resolvedAt: at('resolved_at'),
  resolvedBy: text('resolved_by'),
});

/** Pushes the hub refused (tampered ledger, bad page…): the incident list IT works from. */
export const syncRefusals = pgTable(
  'sync_refusals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    stationId: text('station_id').notNull(),
    at: at('at').notNull(),
    code: text('code').notNull(),
    seq: bigint('seq', { mode: 'number' }),
    reason: text('reason').notNull(),
  },
  (t) => [index('sync_refusals_station').on(t.stationId, t.at)],
);

/**
 * Nonces of signed station requests, kept until their timestamp leaves the acceptance window;
 * the primary key makes "seen before" atomic across hub processes.
 */
export const requestNonces = pgTable(
  'request_nonces',
  {
    stationId: text('station_id').notNull(),
    nonce: text('nonce').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.nonce] }), index('request_nonces_expiry').on(t.expiresAt)],
);

/** Current version of each master-data object. */
export const masterData = pgTable(
  'master_data',
  {
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    data: jsonb('data'),
    changeCursor: bigint('change_cursor', { mode: 'number' }).notNull(),
    updatedAt: at('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key] })],
);

/** The change feed stations pull after their cursor; append-only. */
export const masterDataChanges = pgTable('master_data_changes', {
  cursor: bigserial('cursor', { mode: 'number' }).primaryKey(),
  kind: text('kind').notNull(),
  key: text('key').notNull(),
  version: integer('version').notNull(),
  data: jsonb('data'),
  changedAt: at('changed_at').notNull(),
  changedBy: text('changed_by').notNull(),
  reason: text('reason').notNull(),
  /** FR-112 (migration 0043): a reason the hub wrote itself, as a code and values; null for a person's reason and older rows. */
  reasonKey: text('reason_key'),
  reasonParams: jsonb('reason_params').$type<Record<string, string | number>>(),
});

/** Who did what at the hub (approvals, revocations, users, master data). */
export const hubAudit = pgTable('hub_audit', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: at('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  subject: text('subject').notNull(),
  details: jsonb('details'),
  ok: boolean('ok').notNull().default(true),
});
