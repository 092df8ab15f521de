/**
 * The newest hub-CA revocation list this station verified (migration 0017; P11-30, FR-102): the
 * revocation-list age limit counts from its hub-signed thisUpdate. Only a newer list replaces it.
 */
import type Database from 'better-sqlite3';

export function noteRevocationListVerified(sqlite: Database.Database, v: { crlNumber: string; thisUpdate: string; checkedAt: string }): void {
  sqlite
    .prepare(
      `insert into revocation_list_check (id, crl_number, this_update, checked_at) values (1, ?, ?, ?)
       on conflict (id) do update set crl_number = excluded.crl_number, this_update = excluded.this_update, checked_at = excluded.checked_at
       where julianday(excluded.this_update) > julianday(revocation_list_check.this_update)`,
    )
    .run(v.crlNumber, v.thisUpdate, v.checkedAt);
}

export function verifiedRevocationListTime(sqlite: Database.Database): string | null {
  const row = sqlite.prepare('select this_update from revocation_list_check where id = 1').get() as { this_update: string } | undefined;
  return row?.this_update ?? null;
}
