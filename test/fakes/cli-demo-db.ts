/**
 * A training database as `batchline demo --db` makes it, for the tests of the commands that read
 * one (replay, evidence): the CLI itself makes it (its own generated keys and demo scrypt cost),
 * once per test run, and each file gets a copy of the database and its `.secret` file. Making
 * one generates an RSA-3072 CA and nine RSA-2048 pairs and runs the demo batch through the
 * engine: the most of those files' setup (8.3 and 4.4 s in the full run of 6 Dec 15:17 UTC).
 *
 * "Once per run": the vitest workers of one run are children of the same process, so the kept
 * copy lives in a folder named by that process's id (RUN_PID), made under a lock by whichever
 * worker comes first; a folder whose run has ended is removed by the next run's first call.
 * A later run (other code) never reads an older run's database.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { main } from '../../src-cli/main.ts';
import { madeOnce, processAlive } from './made-once.ts';

const PREFIX = 'batchline-cli-demo-run-';
/** The run: the vitest process, the parent of a forked worker (pool: 'forks') or the process of a worker thread. */
const RUN_PID = isMainThread ? process.ppid : process.pid;

let made: Promise<string> | null = null;

/** Copies this run's `batchline demo` database to `dbPath` (and its secret to `${dbPath}.secret`). */
export async function cliDemoDb(dbPath: string): Promise<void> {
  made ??= keptDemo().catch((e: unknown) => {
    made = null;
    throw e;
  });
  const kept = await made;
  copyFileSync(kept, dbPath);
  copyFileSync(`${kept}.secret`, `${dbPath}.secret`);
}

async function keptDemo(): Promise<string> {
  for (const f of readdirSync(tmpdir())) {
    const pid = Number(f.startsWith(PREFIX) ? f.slice(PREFIX.length).replace(/\.lock$/, '') : NaN);
    if (Number.isInteger(pid) && pid !== RUN_PID && !processAlive(pid)) rmSync(join(tmpdir(), f), { recursive: true, force: true });
  }
  const root = join(tmpdir(), `${PREFIX}${RUN_PID}`);
  const db = join(root, 'demo.db');
  await madeOnce(root, async () => {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const err: string[] = [];
    const code = await main(['node', 'batchline', 'demo', '--db', db], { out: () => undefined, err: (l) => err.push(l), env: {} });
    if (code !== 0) throw new Error(`batchline demo failed (${code}): ${err.join('\n')}`);
    if (existsSync(`${db}-wal`)) throw new Error('batchline demo left a write-ahead log');
  });
  return db;
}
