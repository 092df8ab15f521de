/** The keystore table: station and local-CA private keys, wrapped with the station secret. */
import type Database from 'better-sqlite3';
import type { WrappedKey } from '../../src-core/pki/signing-keys.ts';
import type { DbWriteTx } from './ledger-store.ts';

export interface KeystoreRecord {
  wrapped: WrappedKey;
  certPem: string | null;
}

export function readKey(db: Database.Database, name: string): KeystoreRecord | undefined {
  const r = db.prepare('select wrapped, cert_pem from keystore where name = ?').get(name) as { wrapped: string; cert_pem: string | null } | undefined;
  return r ? { wrapped: JSON.parse(r.wrapped) as WrappedKey, certPem: r.cert_pem } : undefined;
}

export function writeKey(tx: DbWriteTx, name: string, record: KeystoreRecord): void {
  tx.db.prepare('insert into keystore (name, wrapped, cert_pem) values (?,?,?)').run(name, JSON.stringify(record.wrapped), record.certPem);
}
