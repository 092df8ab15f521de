/**
 * Opens (and creates or migrates) a station database. WAL for concurrent readers,
 * synchronous=FULL so an append the operator saw confirmed survives a power cut
 * (ARCHITECTURE.md, "The ledger"). A database written by a newer Batchline is refused rather
 * than half-understood (DATABASE_NEWER_THAN_CODE).
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as schema from './schema/index.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';

export const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export type StationSchema = typeof schema;
export interface StationDb {
  sqlite: Database.Database;
  orm: BetterSQLite3Database<StationSchema>;
  path: string;
  close(): void;
}

export interface OpenOptions {
  migrationsFolder?: string;
  readonly?: boolean;
}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

export function readJournal(migrationsFolder: string): Journal {
  return JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as Journal;
}

export function openStationDb(path: string, options: OpenOptions = {}): Result<StationDb> {
  const migrationsFolder = options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER;
  let sqlite: Database.Database;
  try {
    // A new database file is created 0600 before SQLite touches it: SQLite gives its -wal and
    // -shm files the database file's permissions, so the record is never readable by others.
    if (!options.readonly && path !== ':memory:' && !existsSync(path)) writeFileSync(path, '', { mode: 0o600, flag: 'wx' });
    sqlite = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (e) {
    return err('IO_ERROR', `cannot open database ${path}: ${(e as Error).message}`, { path });
  }
  try {
    if (!options.readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = FULL');
    }
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const journal = readJournal(migrationsFolder);
    const newer = newerThanCode(sqlite, journal);
    if (newer) {
      sqlite.close();
      return err('DATABASE_NEWER_THAN_CODE', `database ${path} was migrated by a newer Batchline (${newer}); refusing to open it`, { path });
    }
    const orm = drizzle(sqlite, { schema });
    if (!options.readonly) migrate(orm, { migrationsFolder });
    return ok({ sqlite, orm, path, close: () => sqlite.close() });
  } catch (e) {
    sqlite.close();
    return err('IO_ERROR', `cannot open database ${path}: ${(e as Error).message}`, { path });
  }
}

function newerThanCode(sqlite: Database.Database, journal: Journal): string | null {
  const table = sqlite.prepare("select name from sqlite_master where type='table' and name='__drizzle_migrations'").get();
  if (!table) return null;
  const row = sqlite.prepare('select max(created_at) as last, count(*) as n from __drizzle_migrations').get() as { last: number | null; n: number };
  const known = journal.entries.at(-1)?.when ?? 0;
  if ((row.last ?? 0) > known || row.n > journal.entries.length) {
    return `${row.n} migrations applied, this build knows ${journal.entries.length}`;
  }
  return null;
}
