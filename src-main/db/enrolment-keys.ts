/**
 * The station key during and after enrolment at a hub. The requested key waits wrapped in the
 * keystore as `station-pending`; when the hub's certificate arrives it becomes `station` (the
 * key that signs checkpoints and hub requests) in the same transaction as the ledger entries
 * that record the enrolment, and the local key it replaces is kept as `station-local`.
 */
import type Database from 'better-sqlite3';
import type { WrappedKey } from '../../src-core/pki/signing-keys.ts';
import type { DbWriteTx } from './ledger-store.ts';
import { readKey, type KeystoreRecord } from './keystore-repo.ts';
import { InvariantViolation } from '../../src-shared/result.ts';

export const PENDING_STATION_KEY = 'station-pending';

export function readPendingStationKey(db: Database.Database): KeystoreRecord | undefined {
  return readKey(db, PENDING_STATION_KEY);
}

export function writePendingStationKey(tx: DbWriteTx, wrapped: WrappedKey): void {
  tx.db
    .prepare('insert into keystore (name, wrapped, cert_pem) values (?,?,null) on conflict(name) do update set wrapped = excluded.wrapped, cert_pem = null')
    .run(PENDING_STATION_KEY, JSON.stringify(wrapped));
}

export function promotePendingStationKey(tx: DbWriteTx, certPem: string): void {
  tx.db.prepare("delete from keystore where name = 'station-local'").run();
  tx.db.prepare("update keystore set name = 'station-local' where name = 'station'").run();
  const moved = tx.db.prepare("update keystore set name = 'station', cert_pem = ? where name = ?").run(certPem, PENDING_STATION_KEY);
  if (moved.changes !== 1) throw new InvariantViolation('no pending station key to promote');
}
