/** SQLite implementation of the core's UserDirectory port (users + credentials tables). */
import type Database from 'better-sqlite3';
import type { UserCredentials, UserDirectory, UserRecord } from '../core/auth/user-directory.ts';
import type { LedgerWriteTx } from '../../src-core/ledger/ledger-ports.ts';
import type { DbWriteTx } from './ledger-store.ts';

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

export function sqliteUserDirectory(db: Database.Database): UserDirectory {
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
    mfaSecret: (userId) => (db.prepare('select secret from user_mfa where user_id = ?').get(userId) as { secret: string } | undefined)?.secret,
    setMfaSecret: (tx, userId, secret, enrolledSeq, usedStep) => {
      (tx as DbWriteTx).db
        .prepare("insert into user_mfa (user_id, method, secret, enrolled_seq, last_step) values (?, 'totp', ?, ?, ?) on conflict(user_id) do update set secret = excluded.secret, enrolled_seq = excluded.enrolled_seq, last_step = excluded.last_step")
        .run(userId, secret, enrolledSeq, usedStep);
    },
    // One statement: a step is taken only when it is later than every step taken before.
    useMfaStep: (userId, step) => db.prepare('update user_mfa set last_step = ? where user_id = ? and (last_step is null or last_step < ?)').run(step, userId, step).changes === 1,
    signersOf: (tx, targetSeq, beforeSeq) =>
      ((tx as DbWriteTx).db.prepare('select signer_id as signerId, meaning, seq from signatures where target_seq = ? and seq < ?').all(targetSeq, beforeSeq) as { signerId: string; meaning: string; seq: number }[]),
  };
}
