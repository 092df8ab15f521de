/**
 * One check per station migration: a database built at the previous version migrates and
 * keeps its data (A11-09), and the hot ledger queries use their indexes (EXPLAIN QUERY PLAN).
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MIGRATIONS_FOLDER, openStationDb, readJournal } from '../../src-main/db/open-station-db.ts';
import { unwrap } from '../../src-shared/result.ts';

/** A copy of the migrations folder that knows only the first `n` migrations. */
function migrationsUpTo(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'batchline-mig-'));
  cpSync(DEFAULT_MIGRATIONS_FOLDER, dir, { recursive: true });
  const journal = readJournal(DEFAULT_MIGRATIONS_FOLDER);
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, n) }));
  return dir;
}

const journal = readJournal(DEFAULT_MIGRATIONS_FOLDER);

describe('station migrations', () => {
  it('0000 creates the ledger with indexes the audit queries use', () => {
    const db = unwrap(openStationDb(':memory:', { migrationsFolder: migrationsUpTo(1) }));
    const plan = (sql: string) => (db.sqlite.prepare(`explain query plan ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("select * from ledger_entries where batch_ref = 'B' order by seq")).toContain('ledger_batch_idx');
    expect(plan("select * from ledger_entries where actor = 'u' order by seq")).toContain('ledger_actor_idx');
    expect(plan("select * from ledger_entries where type = 'x' order by seq")).toContain('ledger_type_idx');
    db.close();
  });

  it('A11-09 0001 adds append-only triggers without touching existing entries', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'batchline-mig-')), 's.db');
    const v0 = unwrap(openStationDb(path, { migrationsFolder: migrationsUpTo(1) }));
    v0.sqlite.prepare("insert into ledger_entries values (1,'S','2026-01-01T00:00:00.000Z','+08:00','comment.recorded',null,null,'{}',?,?)").run('0'.repeat(64), 'a'.repeat(64));
    v0.close();
    const v1 = unwrap(openStationDb(path, { migrationsFolder: migrationsUpTo(2) }));
    expect(v1.sqlite.prepare('select hash from ledger_entries where seq = 1').get()).toEqual({ hash: 'a'.repeat(64) });
    expect(() => v1.sqlite.prepare('delete from ledger_entries').run()).toThrow(/append-only/);
    v1.close();
  });

  it('every migration applies on top of the previous ones up to the newest', () => {
    for (let n = 1; n <= journal.entries.length; n++) {
      const db = openStationDb(':memory:', { migrationsFolder: migrationsUpTo(n) });
      expect(db.ok).toBe(true);
      if (db.ok) db.value.close();
    }
  });
});
