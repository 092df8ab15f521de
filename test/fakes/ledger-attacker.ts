/**
 * A dishonest user's tools against a station database (COMPLIANCE.md §6 attacks 2, 6, 7): copy
 * the file, drop the append-only triggers, edit entries, recompute hashes. The copy opens as
 * the same station (same id and keys), so its pushes are correctly signed requests.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import { unwrap } from '../../src-shared/result.ts';
import { createStation, type Station } from '../../src-main/compose.ts';
import { sequentialIds } from '../../src-core/clock.ts';
import { entryHash } from '../../src-core/ledger/entry-hash.ts';
import { canonicalJson } from '../../src-core/ledger/canonical-json.ts';
import { rowToEntry } from '../../src-main/db/ledger-store.ts';
import { TEST_SECRET, type TestStation } from './test-station.ts';
import { TEST_SCRYPT_PARAMS } from './test-scrypt-params.ts';
import { keyPool } from './key-pool.ts';

let copies = 0;

export function copyStationDb(t: TestStation): string {
  t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const path = join(t.dir, `copy-${++copies}.db`);
  copyFileSync(t.dbPath, path);
  return path;
}

export function openStationCopy(t: TestStation, path: string): Station {
  return unwrap(createStation({ dbPath: path, stationSecret: TEST_SECRET, clock: t.clock, ids: sequentialIds(), scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(7) }));
}

export function tamper(path: string, fn: (db: Database.Database) => void): void {
  const db = new Database(path);
  db.exec('drop trigger if exists ledger_entries_no_update; drop trigger if exists ledger_entries_no_delete; drop trigger if exists checkpoints_no_update; drop trigger if exists checkpoints_no_delete;');
  fn(db);
  db.close();
}

export function readEntries(db: Database.Database): LedgerEntry[] {
  return (db.prepare('select * from ledger_entries order by seq').all() as Parameters<typeof rowToEntry>[0][]).map(rowToEntry);
}

/** Rewrites entry `seq` with `edit` and recomputes every hash after it, as a careful attacker would. */
export function rewriteFrom(db: Database.Database, seq: number, edit: (e: LedgerEntry) => void): void {
  const entries = readEntries(db);
  const update = db.prepare('update ledger_entries set payload = ?, prev_hash = ?, hash = ? where seq = ?');
  let prev = entries[seq - 2]!.hash;
  for (const e of entries.slice(seq - 1)) {
    if (e.seq === seq) edit(e);
    e.prevHash = prev;
    e.hash = entryHash(e);
    update.run(canonicalJson(e.payload), e.prevHash, e.hash, e.seq);
    prev = e.hash;
  }
}
