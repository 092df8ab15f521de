/**
 * Hub processes for the fleet and soak benches: a PostgreSQL database of their own (created,
 * and dropped afterwards), migrated with keys by an in-process hub that stays to play IT, and
 * `batchline hub` child processes on it, as in test/hub/two-hubs.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { unwrap } from '../../src-shared/result.ts';
import { createHub, type Hub } from '../../src-server/create-hub.ts';
import { openHubDb } from '../../src-server/db/open-hub-db.ts';
import { ADMIN_PASSWORD, HUB_SECRET, TEST_CAS, type TestHub } from '../../test/hub/support/test-hub.ts';
import { PG_ADMIN_URL } from '../../test/hub/support/hub-backends.ts';
import { keyPool } from '../../test/fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../../test/fakes/test-scrypt-params.ts';

const BIN = fileURLToPath(new URL('../../bin/batchline.mjs', import.meta.url));

export interface HubProcess {
  child: ChildProcess;
  url: string;
}

export interface HubCluster {
  admin: Hub;
  procs: HubProcess[];
  /** The admin API of the first process, as IT (for enrolStation). */
  api: TestHub['api'];
  /** IT's bearer token at the first process (for a child process to enrol its station). */
  token: string;
  close(): Promise<void>;
}

export async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

export async function startHubCluster(dbName: string, processes: number): Promise<HubCluster> {
  await adminQuery(`drop database if exists ${dbName} with (force)`);
  await adminQuery(`create database ${dbName}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  let admin: Hub | null = null;
  let procs: HubProcess[] = [];
  const close = async () => {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => (p.child.exitCode !== null ? r(null) : p.child.once('exit', r)))));
    await admin?.close();
    await adminQuery(`drop database if exists ${dbName} with (force)`);
  };
  try {
    admin = unwrap(await createHub({ db: unwrap(await openHubDb({ databaseUrl, poolSize: 2 })), secret: HUB_SECRET, scrypt: TEST_SCRYPT_PARAMS, initialCa: TEST_CAS[1]!, keys: keyPool(21) }));
    unwrap(await admin.services.auth.createFirstAdmin({ username: 'it.admin', printedName: 'Ida IT', password: ADMIN_PASSWORD }));
    procs = await Promise.all(Array.from({ length: processes }, () => startHubProcess(databaseUrl)));
    const login = await fetch(`${procs[0]!.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'it.admin', password: ADMIN_PASSWORD }) });
    const token = ((await login.json()) as { token: string }).token;
    return { admin, procs, api: adminApi(procs[0]!.url, token), token, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** IT's admin API at a hub process, as enrolStation wants it. */
export function adminApi(url: string, token: string): TestHub['api'] {
  return async (method, path, body) => {
    const res = await fetch(url + path, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as never };
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (0 when gone). */
export function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Peak VmRSS (kB) of each process, sampled every 100 ms until stopped. */
export function sampleRss(pids: number[]): { stop(): number[] } {
  const peak = pids.map(() => 0);
  const read = () =>
    pids.forEach((pid, i) => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
        peak[i] = Math.max(peak[i]!, kb);
      } catch {
        // the process is gone: its peak so far stands
      }
    });
  read();
  const timer = setInterval(read, 100);
  return {
    stop() {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}

function startHubProcess(databaseUrl: string): Promise<HubProcess> {
  const child = spawn(process.execPath, [BIN, 'hub', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, BATCHLINE_HUB_SECRET: HUB_SECRET, BATCHLINE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`hub process did not start: ${out}`)), 180_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`hub process exited (${code}): ${out}`)));
  });
}

async function adminQuery(q: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}
