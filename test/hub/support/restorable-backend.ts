/**
 * A hub database that can be backed up and restored the way IT does it, with the hub stopped:
 * PGlite by copying its data folder, PostgreSQL by copying the database from a template
 * (CREATE DATABASE … TEMPLATE). Each `backend()` is one hub start on the current contents.
 * Both start as copies of the suite's migrated templates (hub-backends.ts).
 */
import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openHubDb, type HubDb } from '../../../src-server/db/open-hub-db.ts';
import { unwrap } from '../../../src-shared/result.ts';
import { PG_ADMIN_URL, pgliteDataDir, postgresTemplate, type Backend, type BackendName } from './hub-backends.ts';

export interface RestorableBackend {
  /** A backend for one hub start; its dispose closes the database and keeps the data. */
  backend(): Backend;
  backup(): Promise<void>;
  /** Puts the last backup in place of the database; the backup is used up (take another to restore again). */
  restore(): Promise<void>;
  dispose(): Promise<void>;
}

async function admin(sql: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    for (const s of sql) await c.query(s);
  } finally {
    await c.end();
  }
}

export async function restorableBackend(name: BackendName): Promise<RestorableBackend> {
  const opening = (open: () => Promise<HubDb>, databaseUrl: string | null): Backend => {
    let db: HubDb | null = null;
    return {
      name,
      databaseUrl,
      async open() {
        db = await open();
        return db;
      },
      async dispose() {
        await db?.close().catch(() => undefined);
      },
    };
  };
  if (name === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'batchline-hub-restore-'));
    const data = join(dir, 'pgdata');
    const saved = join(dir, 'backup');
    await pgliteDataDir(data);
    return {
      backend: () => opening(async () => unwrap(await openHubDb({ dataDir: data })), null),
      async backup() {
        rmSync(saved, { recursive: true, force: true });
        cpSync(data, saved, { recursive: true });
      },
      // The backup is moved into place, not copied (a 28 MB, 780-file copy: ~0.3 s of CPU and
      // seconds of disk on a loaded machine): it restores once, as the tests use it.
      async restore() {
        rmSync(data, { recursive: true, force: true });
        renameSync(saved, data);
      },
      async dispose() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const db = `batchline_restore_${process.pid}_${randomBytes(4).toString('hex')}`;
  const saved = `${db}_backup`;
  await admin([`create database "${db}" template "${await postgresTemplate()}"`]);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${db}`;
  return {
    backend: () => opening(async () => unwrap(await openHubDb({ databaseUrl: url.toString() })), url.toString()),
    backup: () => admin([`drop database if exists "${saved}" with (force)`, `create database "${saved}" template "${db}"`]),
    restore: () => admin([`drop database "${db}" with (force)`, `alter database "${saved}" rename to "${db}"`]),
    dispose: () => admin([`drop database if exists "${db}" with (force)`, `drop database if exists "${saved}" with (force)`]),
  };
}
