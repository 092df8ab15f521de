/**
 * Current-state tables (projections) of the station, rebuilt from nothing but the ledger, and
 * the two tables that are deliberately NOT in the ledger: credentials (secrets) and keystore.
 */
import { index, sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';

export const station = sqliteTable('station', {
  id: integer('id').primaryKey(),
  stationId: text('station_id').notNull(),
  name: text('name').notNull(),
  site: text('site').notNull(),
  timeZone: text('time_zone').notNull(),
  caCertPem: text('ca_cert_pem').notNull(),
  stationCertFingerprint: text('station_cert_fingerprint'),
});

export const users = sqliteTable('users', {
  userId: text('user_id').primaryKey(),
  /** Unique forever: a disabled user's name is never reassigned (21 CFR 11.300(a)). */
  username: text('username').notNull().unique(),
  printedName: text('printed_name').notNull(),
  roles: text('roles', { mode: 'json' }).$type<string[]>().notNull(),
  status: text('status', { enum: ['pending', 'active', 'locked', 'disabled'] }).notNull(),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull(),
  passwordChangedAt: text('password_changed_at').notNull(),
  signingCertFingerprint: text('signing_cert_fingerprint'),
  createdSeq: integer('created_seq').notNull(),
});

/** Secrets: never synced, never in the ledger. The ledger records each change as an event. */
export const credentials = sqliteTable('credentials', {
  userId: text('user_id').primaryKey(),
  passwordHash: text('password_hash').notNull(),
  /** JSON array of the previous password hashes, newest first (policy history). */
  passwordHistory: text('password_history', { mode: 'json' }).$type<string[]>().notNull(),
  /** JSON WrappedKey: the user's signing key, encrypted under a key derived from the password. */
  wrappedKey: text('wrapped_key', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
});

/** D25-03: a user's TOTP secret for signing (migration 0005); the ledger records the enrolment. */
export const userMfa = sqliteTable('user_mfa', {
  userId: text('user_id').primaryKey(),
  method: text('method', { enum: ['totp'] }).notNull(),
  secret: text('secret').notNull(),
  enrolledSeq: integer('enrolled_seq').notNull(),
  /** The last TOTP time step a signature (or the enrolment) used: a code is good once (migration 0013). */
  lastStep: integer('last_step'),
});

export const certificates = sqliteTable('certificates', {
  fingerprint: text('fingerprint').primaryKey(),
  kind: text('kind', { enum: ['user-signing', 'station'] }).notNull(),
  subjectId: text('subject_id').notNull(),
  serialNumber: text('serial_number').notNull(),
  certPem: text('cert_pem').notNull(),
  notBefore: text('not_before').notNull(),
  notAfter: text('not_after').notNull(),
  issuedSeq: integer('issued_seq').notNull(),
  /** From the hub CA's revocation list (migration 0004); null while not revoked. */
  revokedAt: text('revoked_at'),
  revocationReason: text('revocation_reason'),
  revocationSeq: integer('revocation_seq'),
}, (t) => [index('certificates_serial').on(t.serialNumber)]);

export const signatures = sqliteTable('signatures', {
  seq: integer('seq').primaryKey(),
  targetSeq: integer('target_seq').notNull(),
  meaning: text('meaning').notNull(),
  signerId: text('signer_id').notNull(),
  signedAt: text('signed_at').notNull(),
});

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  changedSeq: integer('changed_seq').notNull(),
});

/** Station and site-CA private keys, encrypted with the station secret kept outside the DB. */
export const keystore = sqliteTable('keystore', {
  name: text('name').primaryKey(),
  wrapped: text('wrapped', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  certPem: text('cert_pem'),
});

/** P11-30 / FR-102: the newest hub-CA revocation list this station verified, and when (migration 0017). */
export const revocationListCheck = sqliteTable('revocation_list_check', {
  id: integer('id').primaryKey(),
  crlNumber: text('crl_number').notNull(),
  thisUpdate: text('this_update').notNull(),
  checkedAt: text('checked_at').notNull(),
});
