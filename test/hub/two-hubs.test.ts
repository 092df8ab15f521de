/**
 * Two hub processes on one PostgreSQL database (ARCHITECTURE.md, "When one machine is not
 * enough"), after two hubs raced to migrate it and create its keys, receiving from the
 * same stations at once: every station request goes to BOTH hubs concurrently, as a
 * misbehaving load balancer might, so the same page (same nonce) lands on both processes. In
 * the end each station's entries are on the hub exactly once, and master data written through
 * one hub is served by the other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, count, eq } from 'drizzle-orm';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import type { Station } from '../../src-main/compose.ts';
import { systemClock } from '../../src-core/clock.ts';
import { err, unwrap } from '../../src-shared/result.ts';
import { httpTransport, type HubTransport } from '../../src-main/sync/hub-transport.ts';
import { createHub, type Hub } from '../../src-server/create-hub.ts';
import { hubKeys, ledgerEntries, requestNonces } from '../../src-server/db/schema.ts';
import { makeBackend, type Backend } from './support/hub-backends.ts';
import { stationActivity } from './support/station-activity.ts';
import { enrolStation, syncService } from './support/enrol.ts';
import { memorySink } from './support/memory-master-data-sink.ts';
import { ADMIN_PASSWORD, HUB_SECRET, SECOND_ADMIN, TEST_CAS, type TestHub } from './support/test-hub.ts';
import { provisionHubUser } from './support/provision-user.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';

const BIN = fileURLToPath(new URL('../../bin/batchline.mjs', import.meta.url));

interface HubProcess {
  child: ChildProcess;
  url: string;
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

/** Sends every request to both hubs at once; answers with a success if either gave one. */
function bothHubs(a: HubTransport, b: HubTransport): HubTransport {
  return {
    baseUrl: a.baseUrl,
    async request(req) {
      const [ra, rb] = await Promise.all([a.request(req), b.request(req)]);
      for (const r of [ra, rb]) if (r.ok && r.value.status < 300) return r;
      return ra.ok ? ra : rb.ok ? rb : err('HUB_UNREACHABLE', 'neither hub answered');
    },
  };
}

describe('two hub processes on one PostgreSQL database', () => {
  let backend: Backend;
  let procs: HubProcess[] = [];
  let admin: Hub;
  let api: TestHub['api'];
  /** The same API on the in-process hub (IT's seat): accounts made there are hashed at the test cost. */
  let itApi: TestHub['api'];
  let secondAdminToken: string;
  const stations: TestStation[] = [];
  /** The same stations seen with the system clock (the hub processes run on it too). */
  const live: Station[] = [];

  beforeAll(async () => {
    backend = await makeBackend('postgres', { fresh: true });
    // Two in-process hubs on their own pools race to migrate the fresh database and to create
    // the hub keys (with the fixture CA, to spare an RSA-3072 key generation per run); then
    // two hub processes start on it. The first in-process hub stays to play IT.
    const [first, second] = await Promise.all(
      [0, 1].map(async () => unwrap(await createHub({ db: await backend.open(), secret: HUB_SECRET, scrypt: TEST_SCRYPT_PARAMS, initialCa: TEST_CAS[1]!, keys: keyPool(21) }))),
    );
    admin = first!;
    await second!.close();
    procs = await Promise.all([startHubProcess(backend.databaseUrl!), startHubProcess(backend.databaseUrl!)]);
    unwrap(await admin.services.auth.createFirstAdmin({ username: 'it.admin', printedName: 'Ida IT', password: ADMIN_PASSWORD }));
    unwrap(await admin.services.auth.createFirstAdmin({ username: SECOND_ADMIN, printedName: 'Sven Second', password: ADMIN_PASSWORD }));
    const url = procs[0]!.url;
    const loginAs = async (username: string) =>
      ((await (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: ADMIN_PASSWORD }) })).json()) as { token: string }).token;
    const token = await loginAs('it.admin');
    secondAdminToken = await loginAs(SECOND_ADMIN);
    const apiAt = (base: string): TestHub['api'] => async (method, path, body, tk) => {
      const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${tk ?? token}` }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, body: (await res.json()) as never };
    };
    api = apiAt(procs[1]!.url);
    itApi = apiAt(await admin.listen(0));
    for (const id of ['ST-L1', 'ST-L2', 'ST-L3']) {
      const t = makeTestStation({ config: { clock: systemClock(), checkpointEvery: 15, identity: { stationId: id, name: `Line ${id}`, site: 'Test plant', timeZone: 'Asia/Shanghai' } } });
      stations.push(t);
      live.push({ ...t, clock: systemClock() });
      await enrolStation(live.at(-1)!, { url, api } as TestHub, httpTransport(procs[stations.length % 2]!.url));
    }
  }, 300_000);

  afterAll(async () => {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => (p.child.exitCode !== null ? r(null) : p.child.once('exit', r)))));
    await admin?.close();
    for (const t of stations) t.cleanup();
    await backend?.dispose();
  });

  it('both processes started on one database: one set of keys, one schema; both keys open with one derivation of the hub secret, and another secret opens neither', async () => {
    const keys = await admin.db.orm.select({ name: hubKeys.name, wrapped: hubKeys.wrapped }).from(hubKeys);
    expect(keys.map((k) => k.name).sort()).toEqual(['hub-signing', 'site-ca']);
    const salts = keys.map((k) => (k.wrapped as { salt: string; iv: string }).salt);
    expect(salts[0]).toBe(salts[1]);
    expect((keys[0]!.wrapped as { iv: string }).iv).not.toBe((keys[1]!.wrapped as { iv: string }).iv);
    const wrong = await createHub({ db: admin.db, secret: 'not-the-hub-secret-0123456789', site: 'Test plant', keys: keyPool(2), scrypt: TEST_SCRYPT_PARAMS });
    expect(!wrong.ok && wrong.error.code).toBe('HUB_SECRET_INVALID');
    const health = await Promise.all(procs.map(async (p) => (await (await fetch(`${p.url}/health`)).json()) as { caFingerprint: string }));
    expect(health[0]!.caFingerprint).toBe(health[1]!.caFingerprint);
  });

  it('stations pushing to both hubs at once: every entry stored exactly once', async () => {
    // The account is made on the in-process hub, whose new hashes are at the test cost (a hub
    // process hashes at the production cost: five derivations for this account, 2.2 s of one
    // process's CPU under load); its sessions are in the shared database like the rest. The
    // steward signs in and writes the master data through the second process as before.
    await provisionHubUser({ api: itApi, secondAdminToken }, { username: 'md.ops', printedName: 'Master Data Ops', roles: ['master-data'], password: 'Steward-2026!' });
    const mdToken = ((await api('POST', '/api/v1/auth/login', { username: 'md.ops', password: 'Steward-2026!' })).body as { token: string }).token;
    const put = await api('PUT', '/api/v1/master-data/material/MAT-001', { data: { materialCode: 'MAT-001', name: 'Microcrystalline cellulose' }, reason: 'new material' }, mdToken);
    expect(put.status).toBe(200);

    const [a, b] = procs.map((p) => httpTransport(p.url, { keepAlive: true }));
    const sinks = stations.map(() => memorySink());
    await Promise.all(
      live.map(async (t, i) => {
        const activity = stationActivity(t);
        const sync = syncService(t, bothHubs(a!, b!), { pageSize: 20, masterData: sinks[i]! });
        for (let round = 0; round < 12; round++) {
          activity.record(10);
          await sync.runOnce();
        }
        unwrap(await syncService(t, a!, { masterData: sinks[i]! }).runOnce());
      }),
    );

    for (const [i, t] of stations.entries()) {
      const station = [...t.ledger.iterate()].map((e) => ({ seq: e.seq, hash: e.hash }));
      const held = await admin.db.orm.select({ seq: ledgerEntries.seq, hash: ledgerEntries.hash }).from(ledgerEntries).where(eq(ledgerEntries.stationId, t.stationId)).orderBy(asc(ledgerEntries.seq));
      const [n] = await admin.db.orm.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.stationId, t.stationId));
      expect(held).toEqual(station);
      expect(Number(n!.n)).toBe(station.length);
      expect(station.length).toBeGreaterThan(120);
      expect(sinks[i]!.objects.get('material/MAT-001')?.version).toBe(1);
    }
    // both processes did real work, and the shared nonce table caught the doubled requests
    const [nonces] = await admin.db.orm.select({ n: count() }).from(requestNonces);
    expect(Number(nonces!.n)).toBeGreaterThan(50);
    const sum = (text: string, re: RegExp) => [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
    let replays = 0;
    for (const p of procs) {
      const metrics = await (await fetch(`${p.url}/metrics`)).text();
      expect(sum(metrics, /batchline_hub_sync_entries_accepted_total\{[^}]*\} (\d+)/g)).toBeGreaterThan(0);
      replays += sum(metrics, /batchline_hub_sync_refusals_total\{code="REQUEST_REPLAYED"\} (\d+)/g);
    }
    expect(replays).toBeGreaterThan(20);
    const stationsSeen = (await api('GET', '/api/v1/admin/stations')).body as { stationId: string; status: string; refusals: number }[];
    expect(stationsSeen.map((s) => [s.stationId, s.status, s.refusals])).toEqual([
      ['ST-L1', 'active', 0],
      ['ST-L2', 'active', 0],
      ['ST-L3', 'active', 0],
    ]);
  }, 150_000);
});
