/**
 * The two databases the hub suite runs against: embedded PGlite, and the real PostgreSQL
 * server at 127.0.0.1:5432 (user postgres, trust auth; BATCHLINE_TEST_PG_URL overrides).
 *
 * PGlite: initdb plus migrations take 5–15 s on the build machine, so each test process makes
 * one migrated template data folder (under a lock, shared by the vitest workers of a run) and
 * each hub gets a copy of it. PostgreSQL: each hub gets its own uniquely named database,
 * dropped afterwards.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { HUB_MIGRATIONS_FOLDER, openHubDb, type HubDb } from '../../../src-server/db/open-hub-db.ts';
import { unwrap } from '../../../src-shared/result.ts';

export type BackendName = 'pglite' | 'postgres';

export interface Backend {
  name: BackendName;
  /** What createHub needs to open it (a data folder or a URL). */
  open(): Promise<HubDb>;
  /** For a second process on the same database (postgres only). */
  databaseUrl: string | null;
  dispose(): Promise<void>;
}

export const PG_ADMIN_URL = process.env.BATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function makeBackend(name: BackendName): Promise<Backend> {
  return name === 'pglite' ? pgliteBackend() : postgresBackend();
}

async function pgliteBackend(): Promise<Backend> {
  const template = await pgliteTemplate();
  const dir = mkdtempSync(join(tmpdir(), 'batchline-hub-pglite-'));
  cpSync(template, join(dir, 'pgdata'), { recursive: true });
  let db: HubDb | null = null;
  return {
    name: 'pglite',
    databaseUrl: null,
    async open() {
      db = unwrap(await openHubDb({ dataDir: join(dir, 'pgdata') }));
      return db;
    },
    async dispose() {
      await db?.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresBackend(): Promise<Backend> {
  const name = `batchline_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const opened: HubDb[] = [];
  return {
    name: 'postgres',
    databaseUrl,
    async open() {
      const db = unwrap(await openHubDb({ databaseUrl }));
      opened.push(db);
      return db;
    },
    async dispose() {
      for (const db of opened) await db.close().catch(() => undefined);
      const drop = new pg.Client({ connectionString: PG_ADMIN_URL });
      await drop.connect();
      await drop.query(`drop database if exists "${name}" with (force)`);
      await drop.end();
    },
  };
}

function migrationsHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(f).update(readFileSync(p));
    }
  };
  walk(HUB_MIGRATIONS_FOLDER);
  return h.digest('hex').slice(0, 16);
}

/** A fresh migrated PGlite data folder at `dest` (a copy of the shared template). */
export async function pgliteDataDir(dest: string): Promise<void> {
  cpSync(await pgliteTemplate(), dest, { recursive: true });
}

let templatePromise: Promise<string> | null = null;

function pgliteTemplate(): Promise<string> {
  templatePromise ??= buildTemplate();
  return templatePromise;
}

async function buildTemplate(): Promise<string> {
  const root = join(tmpdir(), `batchline-hub-template-${migrationsHash()}`);
  const ready = join(root, 'READY');
  const lock = `${root}.lock`;
  const deadline = Date.now() + 180_000;
  while (!existsSync(ready)) {
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      // A builder that died leaves its lock behind.
      if (existsSync(lock) && statSync(lock).mtimeMs < Date.now() - 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (existsSync(ready)) break;
      const building = `${root}.building-${process.pid}`;
      rmSync(building, { recursive: true, force: true });
      mkdirSync(building, { recursive: true });
      const db = unwrap(await openHubDb({ dataDir: join(building, 'pgdata') }));
      await db.close();
      rmSync(root, { recursive: true, force: true });
      renameSync(building, root);
      writeFileSync(ready, new Date().toISOString());
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return join(root, 'pgdata');
}
