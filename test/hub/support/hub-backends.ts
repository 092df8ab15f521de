/**
 * The two databases the hub suite runs against: embedded PGlite, and the real PostgreSQL
 * server at 127.0.0.1:5432 (user postgres, trust auth; BATCHLINE_TEST_PG_URL overrides).
 *
 * PGlite: initdb plus migrations take 5–15 s on the build machine, so each test process makes
 * one migrated template data folder (under a lock, shared by the vitest workers of a run) and
 * each hub gets a copy of it. PostgreSQL: each hub gets its own uniquely named database,
 * dropped afterwards, copied from a migrated template database on the server (made once for
 * these migrations, under an advisory lock): running the 28 migrations on every new database
 * cost ~3× the server CPU and wall time of the copy. A test about migrating a fresh database
 * (two hubs racing to do it) asks for `{ fresh: true }`.
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { isMainThread } from 'node:worker_threads';
import { madeOnce, processAlive } from '../../fakes/made-once.ts';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
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
  /**
   * Closes the database and keeps it, instead of dropping it, for later backends to start from
   * (`makeBackend(name, { from })`): kept for as long as this test process runs.
   */
  keep?(): Promise<BackendSnapshot>;
}

/** A test hub's database kept by `Backend.keep()`: a PGlite data folder, or a database on the server. */
export interface BackendSnapshot {
  name: BackendName;
  source: string;
}

export const PG_ADMIN_URL = process.env.BATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BackendOptions {
  /** PostgreSQL only: an empty database the hub migrates itself, not a copy of the migrated template. */
  fresh?: boolean;
  /** A copy of this kept database instead of the migrated template. */
  from?: BackendSnapshot;
}

export async function makeBackend(name: BackendName, options: BackendOptions = {}): Promise<Backend> {
  if (options.from && options.from.name !== name) throw new Error(`a ${options.from.name} snapshot cannot start a ${name} backend`);
  return name === 'pglite' ? pgliteBackend(options.from?.source) : postgresBackend(options.fresh ?? false, options.from?.source);
}

/** Kept databases and folders are named with the test process's id; those of processes gone are removed by the next keep(). */
/**
 * The run a kept copy belongs to: the vitest process (the parent of a forked worker; a worker
 * thread's own process), so that the run's end (test/fakes/run-sweep.ts) removes every copy its
 * workers kept, whether or not a worker got to its 'exit' event.
 */
export const RUN_PID = isMainThread ? process.ppid : process.pid;
const KEPT_PREFIX = 'batchline_kept_';
const kept: BackendSnapshot[] = [];
let keptSwept = false;

async function sweepKept(): Promise<void> {
  if (keptSwept) return;
  keptSwept = true;
  const gone = (name: string) => {
    const pid = Number(/^batchline[_-]kept[_-](\d+)[_-]/.exec(name)?.[1]);
    return Number.isInteger(pid) && pid !== RUN_PID && !processAlive(pid);
  };
  for (const f of readdirSync(tmpdir())) if (gone(f)) rmSync(join(tmpdir(), f), { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [KEPT_PREFIX]);
    for (const r of rows) if (gone(r.datname)) await admin.query(`drop database if exists "${r.datname}" with (force)`);
  } finally {
    await admin.end();
  }
  // At the process's end: the kept folders go, and the databases where psql is at hand. A worker
  // that vitest ends without an 'exit' event (one did, in the runs of 6 Dec) leaves both: the next process
  // that keeps one sweeps them (its owner's process id is gone).
  process.once('exit', () => {
    for (const k of kept) {
      if (k.name === 'pglite') rmSync(k.source, { recursive: true, force: true });
      else spawnSync('psql', [PG_ADMIN_URL, '-qc', `drop database if exists "${k.source}" with (force)`], { stdio: 'ignore' });
    }
  });
}

function keptName(): string {
  return `${KEPT_PREFIX}${RUN_PID}_${randomBytes(4).toString('hex')}`;
}

/**
 * Each PGlite hub copies the template folder (~28 MB, 16 MB of it the one WAL segment). Tried
 * and measured (2026-12, 20 full test hubs per process, alternating runs on the loaded 2-core
 * machine): starting each hub instead in memory from a dump of the template held once per
 * process (`dumpDataDir`, then `loadDataDir` with dataDir 'memory://') saved the copy's and the
 * deletion's system time (3.5-4.9 -> 1.3-1.5 s) but spent it again in user time (untarring
 * 29 MB into PGlite's in-memory file system and collecting it afterwards): process CPU
 * 17.9 / 16.2 s -> 17.7 / 17.1 s, no gain. So the copy stays, and a test hub keeps the kind of
 * data folder the hub has in production.
 */
async function pgliteBackend(from?: string): Promise<Backend> {
  const template = from ?? (await pgliteTemplate());
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
    async keep() {
      await sweepKept();
      await db?.close().catch(() => undefined);
      const source = join(tmpdir(), keptName().replaceAll('_', '-'));
      renameSync(join(dir, 'pgdata'), source);
      rmSync(dir, { recursive: true, force: true });
      const snapshot: BackendSnapshot = { name: 'pglite', source };
      kept.push(snapshot);
      return snapshot;
    },
  };
}

async function postgresBackend(fresh: boolean, from?: string): Promise<Backend> {
  const template = fresh ? null : (from ?? (await postgresTemplate()));
  const name = `batchline_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(template ? `create database "${name}" template "${template}"` : `create database "${name}"`);
  await admin.end();
  const databaseUrl = databaseUrlFor(name);
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
    async keep() {
      await sweepKept();
      for (const db of opened) await db.close().catch(() => undefined);
      const source = keptName();
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      try {
        await admin.query(`alter database "${name}" rename to "${source}"`);
        await admin.query(`alter database "${source}" with allow_connections false`);
      } finally {
        await admin.end();
      }
      const snapshot: BackendSnapshot = { name: 'postgres', source };
      kept.push(snapshot);
      return snapshot;
    },
  };
}

function databaseUrlFor(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** An arbitrary constant naming the template builders' lock (pg_advisory_lock, in the admin database). */
const TEMPLATE_LOCK_KEY = 0x62_6c_74_70_6c; // "bltpl"

let pgTemplatePromise: Promise<string> | null = null;

/**
 * The name of a database on the server holding exactly the hub's migrations, made once per
 * migrations folder (the name carries its hash) by the first test process that needs it: built
 * under another name and renamed when complete, so a builder that died leaves no half-migrated
 * template. It accepts no connections, so nothing can change it or hold up a copy.
 */
export function postgresTemplate(): Promise<string> {
  pgTemplatePromise ??= buildPostgresTemplate().catch((e: unknown) => {
    pgTemplatePromise = null;
    throw e;
  });
  return pgTemplatePromise;
}

/** Every template database's name starts so; the migrations' hash follows. */
const TEMPLATE_PREFIX = 'batchline_template_';

async function buildPostgresTemplate(): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${migrationsHash()}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_building`;
      await admin.query(`drop database if exists "${building}" with (force)`);
      await admin.query(`create database "${building}"`);
      const db = unwrap(await openHubDb({ databaseUrl: databaseUrlFor(building), poolSize: 1 }));
      await db.close();
      await admin.query(`alter database "${building}" with allow_connections false`);
      await admin.query(`alter database "${building}" rename to "${name}"`);
      await dropStaleTemplates(admin, name);
    }
  } finally {
    await admin.end().catch(() => undefined);
  }
  return name;
}

/**
 * Each change of the migrations makes a new template (its name carries their hash), and every
 * branch and commit run on the shared server left its own behind. When a new one is built, the
 * others are dropped but for the newest `keep - 1` (so `keep` stay with the new one: a run of
 * the previous migrations still finds its own, and so do runs of several branches with their
 * own migrations working on one machine at once: six, not two) and any that a connection uses (DROP DATABASE
 * without FORCE would refuse it anyway). A copy in progress is never cut short: CREATE DATABASE …
 * TEMPLATE locks its template, and the drop waits for it. Newest: the highest oid (the server numbers
 * databases in the order they are made). Run under TEMPLATE_LOCK_KEY, where no other builder is
 * between its build and its rename, so a leftover `…_building` is a dead builder's and goes too.
 * Returns the names dropped.
 */
export async function dropStaleTemplates(admin: pg.Client, current: string, options: { prefix?: string; keep?: number } = {}): Promise<string[]> {
  const prefix = options.prefix ?? TEMPLATE_PREFIX;
  const keep = options.keep ?? 6;
  const { rows } = await admin.query<{ datname: string; used: boolean }>(
    `select d.datname, exists (select 1 from pg_stat_activity a where a.datid = d.oid) as used
       from pg_database d where starts_with(d.datname, $1) and d.datname <> $2 order by d.oid desc`,
    [prefix, current],
  );
  const kept = new Set(rows.filter((r) => !r.datname.endsWith('_building')).slice(0, Math.max(0, keep - 1)).map((r) => r.datname));
  const dropped: string[] = [];
  for (const r of rows) {
    if (kept.has(r.datname) || r.used) continue;
    try {
      await admin.query(`drop database "${r.datname}"`);
      dropped.push(r.datname);
    } catch (e) {
      // 55006: a connection came since the look (a copy began); 3D000: someone else dropped it.
      if (!['55006', '3D000'].includes((e as { code?: string }).code ?? '')) throw e;
    }
  }
  return dropped;
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
  // "t2": made by a builder that drops the unused databases and shrinks the buffers (slimPglite),
  // now from a copy of the empty folder below (the same database: initdb's, slimmed, migrated)
  const root = join(tmpdir(), `batchline-hub-template-t2-${migrationsHash()}`);
  await madeOnce(root, async () => {
    const building = `${root}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    await pgliteEmptyDataDir(join(building, 'pgdata'));
    const db = unwrap(await openHubDb({ dataDir: join(building, 'pgdata') }));
    await db.close();
    rmSync(root, { recursive: true, force: true });
    renameSync(building, root);
  });
  return join(root, 'pgdata');
}

/**
 * A PGlite data folder as initdb leaves it, slimmed (slimPglite) and with no migration applied,
 * at `dest`: for tests that migrate a database themselves (a migration from an older state, `hub
 * iq` on its fixture's migrations) and for the migrated template above. PGlite runs initdb
 * when it opens an empty folder: ~6.5 s of CPU (load 21, session 15) against ~1.7 s to copy an
 * initdb'd folder and start on it, so initdb runs once per PGlite version on a machine (the
 * folder's name carries the version; kept in the temporary folder like the migrated template).
 */
export async function pgliteEmptyDataDir(dest: string): Promise<void> {
  cpSync(await pgliteEmptyTemplate(), dest, { recursive: true });
}

let emptyTemplatePromise: Promise<string> | null = null;

function pgliteEmptyTemplate(): Promise<string> {
  emptyTemplatePromise ??= buildEmptyTemplate().catch((e: unknown) => {
    emptyTemplatePromise = null;
    throw e;
  });
  return emptyTemplatePromise;
}

async function buildEmptyTemplate(): Promise<string> {
  const version = (JSON.parse(readFileSync(new URL('../../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string }).version;
  // "e1": initdb's folder, slimmed (the version of this recipe; change it when slimPglite changes)
  const root = join(tmpdir(), `batchline-hub-empty-e1-${version}`);
  await madeOnce(root, async () => {
    const building = `${root}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    await slimPglite(join(building, 'pgdata'));
    rmSync(root, { recursive: true, force: true });
    renameSync(building, root);
  });
  return join(root, 'pgdata');
}

/**
 * The hub lives in PGlite's `postgres` database; initdb's template0 and template1 are never
 * opened again (PGlite runs one database and creates none), yet they were 600 of the folder's
 * 1,400 files and 14 of its 42 MB, copied for every hub and deleted after it: dropped here,
 * once, which halves the copy and the deletion of each test hub's data folder. And the
 * template's postgresql.conf gets smaller shared buffers (TEST_HUB_PGLITE_CONF).
 */
async function slimPglite(dataDir: string): Promise<void> {
  // An empty folder: PGlite runs initdb first.
  const db = new PGlite(dataDir);
  try {
    await db.waitReady;
    await db.exec(`update pg_database set datistemplate = false where datname in ('template0', 'template1')`);
    await db.exec('drop database template0');
    await db.exec('drop database template1');
    await db.exec('checkpoint');
  } finally {
    await db.close();
  }
  appendFileSync(join(dataDir, 'postgresql.conf'), `\n${TEST_HUB_PGLITE_CONF}\n`);
}

/**
 * PGlite zeroes its whole buffer pool at every start: with initdb's 128 MB that was half of a
 * test hub's start (~0.45 of ~0.9 s of CPU). A test hub's database (catalogues included) is
 * about 11 MB, so 16 MB of buffers still hold all of it; nothing but the start's cost changes.
 */
const TEST_HUB_PGLITE_CONF = 'shared_buffers = 16MB';
