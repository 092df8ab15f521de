/** SQLite implementation of the core's UserDirectory port (users + credentials tables). */
import type Database from 'better-sqlite3';
import type { UserCredentials, UserDirectory, UserRecord } from '../core/auth/user-directory.ts';
import type { LedgerWriteTx } from '../../src-core/ledger/ledger-ports.ts';
import type { DbWriteTx } from './ledger-store.ts';
import { openField, sealField, type FieldKey } from '../../src-core/crypto/sealed-field.ts';
import { err, ok } from '../../src-shared/result.ts';

interface UserRow {
  user_id: string;
  username: string;
  printed_name: string;
  roles: string;
  status: UserRecord['status'];
  failed_attempts: number;
  must_change_password: number;
  password_changed_at: string;
  signing_cert_fingerprint: string | null;
}

const toUser = (r: UserRow): UserRecord => ({
  userId: r.user_id,
  username: r.username,
  printedName: r.printed_name,
  roles: JSON.parse(r.roles) as UserRecord['roles'],
  status: r.status,
  failedAttempts: r.failed_attempts,
  mustChangePassword: r.must_change_password === 1,
  passwordChangedAt: r.password_changed_at,
  signingCertFingerprint: r.signing_cert_fingerprint,
});

function requireKey(k: FieldKey | undefined): FieldKey {
  if (!k) throw new Error('a second factor cannot be stored without the station secret');
  return k;
}

/** The purpose under which TOTP seeds are sealed with the station secret (src-core/crypto/sealed-field.ts). */
export const USER_MFA_SEAL = 'station/user-mfa';

/**
 * Seals every TOTP seed still stored in plaintext (databases from before sealing). Run once when
 * a writable station opens; returns how many rows it sealed.
 */
export function sealLegacyMfaSecrets(db: Database.Database, mfaKey: FieldKey): number {
  const rows = db.prepare("select user_id, secret from user_mfa where secret not like 'sealed:v1:%'").all() as { user_id: string; secret: string }[];
  if (rows.length === 0) return 0;
  const update = db.prepare('update user_mfa set secret = ? where user_id = ? and secret = ?');
  db.transaction(() => {
    for (const r of rows) update.run(sealField(mfaKey, r.secret, r.user_id), r.user_id, r.secret);
  })();
  return rows.length;
}

/**
 * `mfaKey` seals TOTP seeds (D25-03) under the station secret, bound to their user id. Without it
 * (read-only tools that print a record) the directory reads people but no second factor.
 */
export function sqliteUserDirectory(db: Database.Database, mfaKey?: FieldKey): UserDirectory {
  const byName = db.prepare('select * from users where username = ?');
  const byId = db.prepare('select * from users where user_id = ?');
  const creds = db.prepare('select * from credentials where user_id = ?');
  return {
    byUsername: (username) => {
      const r = byName.get(username) as UserRow | undefined;
      return r ? toUser(r) : undefined;
    },
    byId: (userId) => {
      const r = byId.get(userId) as UserRow | undefined;
      return r ? toUser(r) : undefined;
    },
    list: () => (db.prepare('select * from users order by username').all() as UserRow[]).map(toUser),
    credentials: (userId) => {
      const r = creds.get(userId) as { password_hash: string; password_history: string; wrapped_key: string } | undefined;
      return r ? { passwordHash: r.password_hash, passwordHistory: JSON.parse(r.password_history) as string[], wrappedKey: JSON.parse(r.wrapped_key) as unknown } : undefined;
    },
    certificatePem: (fingerprint) => (db.prepare('select cert_pem from certificates where fingerprint = ?').get(fingerprint) as { cert_pem: string } | undefined)?.cert_pem,
    setCredentials: (tx: LedgerWriteTx, userId: string, c: UserCredentials) => {
      (tx as DbWriteTx).db
        .prepare(
          'insert into credentials (user_id, password_hash, password_history, wrapped_key) values (?,?,?,?) on conflict(user_id) do update set password_hash = excluded.password_hash, password_history = excluded.password_history, wrapped_key = excluded.wrapped_key',
        )
        .run(userId, c.passwordHash, JSON.stringify(c.passwordHistory), JSON.stringify(c.wrappedKey));
    },
    mfaSecret: (userId) => {
      const row = db.prepare('select secret from user_mfa where user_id = ?').get(userId) as { secret: string } | undefined;
      if (!row) return undefined;
      if (!mfaKey) return err('FIELD_SEAL_BROKEN', 'this directory was opened without the station secret and reads no second factor', { purpose: USER_MFA_SEAL, rowId: userId });
      const opened = openField(mfaKey, row.secret, userId);
      return opened.ok ? ok(opened.value.value) : opened;
    },
    setMfaSecret: (tx, userId, secret, enrolledSeq, usedStep) => {
      (tx as DbWriteTx).db
        .prepare("insert into user_mfa (user_id, method, secret, enrolled_seq, last_step) values (?, 'totp', ?, ?, ?) on conflict(user_id) do update set secret = excluded.secret, enrolled_seq = excluded.enrolled_seq, last_step = excluded.last_step")
        .run(userId, sealField(requireKey(mfaKey), secret, userId), enrolledSeq, usedStep);
    },
    // One statement: a step is taken only when it is later than every step taken before.
    useMfaStep: (userId, step) => db.prepare('update user_mfa set last_step = ? where user_id = ? and (last_step is null or last_step < ?)').run(step, userId, step).changes === 1,
    signersOf: (tx, targetSeq, beforeSeq) =>
      ((tx as DbWriteTx).db.prepare('select signer_id as signerId, meaning, seq from signatures where target_seq = ? and seq < ?').all(targetSeq, beforeSeq) as { signerId: string; meaning: string; seq: number }[]),
  };
}
