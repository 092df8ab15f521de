/**
 * Migration 0002_master_data_and_orders: a station at 0001 with ledger entries migrates
 * without touching them (A11-09), gets the master-data, stock, balance-check, booth and work
 * queue tables, and the engine's hot queries use their keys and indexes (EXPLAIN QUERY PLAN).
 */
import { expect, test } from 'vitest';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MIGRATIONS_FOLDER, openStationDb, readJournal } from '../../src-main/db/open-station-db.ts';
import { unwrap } from '../../src-shared/result.ts';

const journal = readJournal(DEFAULT_MIGRATIONS_FOLDER);
const index = journal.entries.findIndex((e) => e.tag === '0002_master_data_and_orders');

function migrationsUpTo(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'batchline-mig-'));
  cpSync(DEFAULT_MIGRATIONS_FOLDER, dir, { recursive: true });
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, n) }));
  return dir;
}

test('A11-09 0002 adds the dispensing tables and keeps the ledger as it was', () => {
  expect(index).toBeGreaterThan(0);
  const path = join(mkdtempSync(join(tmpdir(), 'batchline-mig-')), 's.db');
  const before = unwrap(openStationDb(path, { migrationsFolder: migrationsUpTo(index) }));
  before.sqlite.prepare("insert into ledger_entries values (1,'S','2026-01-01T00:00:00.000Z','+08:00','comment.recorded',null,'B1','{}',?,?)").run('0'.repeat(64), 'a'.repeat(64));
  const tables = (db: typeof before) => (db.sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]).map((r) => r.name);
  expect(tables(before)).not.toContain('master_data');
  before.close();

  const after = unwrap(openStationDb(path, { migrationsFolder: migrationsUpTo(index + 1) }));
  expect(after.sqlite.prepare('select seq, batch_ref, hash from ledger_entries').all()).toEqual([{ seq: 1, batch_ref: 'B1', hash: 'a'.repeat(64) }]);
  expect(tables(after)).toEqual(expect.arrayContaining(['master_data', 'master_data_sync', 'container_stock', 'balance_checks', 'booth_use', 'dispensing_orders']));
  const plan = (sql: string) => (after.sqlite.prepare(`explain query plan ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
  expect(plan("select data from master_data where kind = 'lot' and key = 'L1'")).toMatch(/USING INDEX sqlite_autoindex_master_data_1 \(kind=\? AND key=\?\)/);
  expect(plan("select * from balance_checks where balance_id = 'B' order by seq desc limit 1")).toContain('balance_checks_balance_idx');
  expect(plan("select * from dispensing_orders where status = 'planned' order by planned_start")).toContain('dispensing_orders_status_idx');
  expect(plan("select amount from container_stock where container_id = 'C'")).toMatch(/sqlite_autoindex_container_stock_1|PRIMARY KEY/);
  after.sqlite.prepare("insert into master_data values ('lot','L1',1,?,'{}',2)").run('b'.repeat(64));
  expect(() => after.sqlite.prepare("insert into master_data values ('lot','L1',2,?,'{}',3)").run('c'.repeat(64))).toThrow(/UNIQUE/);
  after.close();
});
