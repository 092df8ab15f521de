/**
 * A hub with a synced station for the quality suites: the hub suite's test hub and enrolment
 * (test/hub/support), the station's clock shared with the hub, and the hub accounts QA and
 * QPs work with.
 *
 * The part every such hub starts with alike (the station with its test users, the hub with its
 * two administrators and HUB_PEOPLE provisioned the way IT does it) is made once per test
 * process and backend, closed, and kept (Backend.keep, the station's database file); each
 * quality hub then starts from copies of both, as a restart of that hub and station, and enrols
 * its station itself (the station's ledger names the hub's URL, which is this hub's own). That
 * part was ~0.45 s of a quality hub's ~1.3 s of process CPU (PGlite), most of it the 16
 * requests of provisioning; 37 files start ~60 such hubs in a full run.
 */
import { expect } from 'vitest';
import { httpTransport } from '../../../src-main/sync/hub-transport.ts';
import { unwrap } from '../../../src-shared/result.ts';
import { createQualityServices, type QualityServices } from '../../../src-server/quality/quality-services.ts';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestStation, T0, type StationTemplate, type TestStation } from '../../fakes/test-station.ts';
import { createHub } from '../../../src-server/create-hub.ts';
import type { OeeCalendar } from '../../../src-shared/equipment/oee-contract.ts';
import { ADMIN_PASSWORD, HUB_SECRET, SECOND_ADMIN, TEST_CAS, type TestHub } from '../../hub/support/test-hub.ts';
import { provisionHubUser } from '../../hub/support/provision-user.ts';
import { enrolStation, syncService } from '../../hub/support/enrol.ts';
import { makeBackend, RUN_PID, type Backend, type BackendName, type BackendSnapshot } from '../../hub/support/hub-backends.ts';
import type { KeySource } from '../../../src-core/pki/key-source.ts';
import { keyPool } from '../../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../../fakes/test-scrypt-params.ts';

export const HUB_PASSWORD = 'Quality-hub-2026!';

export const HUB_PEOPLE = [
  { username: 'qa.hub', printedName: 'Quinn Reviewer', roles: ['qa'] },
  { username: 'qa.second', printedName: 'Sam Second', roles: ['qa'] },
  { username: 'qp.hub', printedName: 'Dr. Petra Qualified', roles: ['qp'] },
  { username: 'qp.second', printedName: 'Dr. Otto Zweit', roles: ['qp'] },
  { username: 'qa.qp', printedName: 'Dana Both', roles: ['qa', 'qp'] },
  { username: 'op.hub', printedName: 'Olli Operator', roles: ['operator'] },
  { username: 'erp', printedName: 'ERP system', roles: ['lims'] },
  // Same user name as the station supervisor who co-signed the batches: not independent.
  { username: 'sup.wang', printedName: 'Wang Fang', roles: ['qa'] },
] as const;

export interface QualityHub {
  hub: TestHub;
  station: TestStation;
  quality: QualityServices;
  sync(): Promise<void>;
  token(username: string): Promise<string>;
  close(): Promise<void>;
}

/** What a quality hub starts from: see the head of this file. */
interface QualityStart {
  station: StationTemplate;
  backend: BackendSnapshot;
  /** How many pool keys (from HUB_KEY_OFFSET) the hub took. */
  hubKeysUsed: number;
}

const HUB_KEY_OFFSET = 40;
const starts = new Map<BackendName, Promise<QualityStart>>();

/** A pool of keys from HUB_KEY_OFFSET + `used` on, counting what it hands out. */
function hubKeys(used: number): KeySource & { used(): number } {
  const pool = keyPool(HUB_KEY_OFFSET + used);
  return {
    next: () => {
      used++;
      return pool.next();
    },
    nextCa: () => pool.nextCa!(),
    used: () => used,
  };
}

function qualityStart(backendName: BackendName): Promise<QualityStart> {
  let start = starts.get(backendName);
  if (!start) {
    start = makeQualityStart(backendName);
    starts.set(backendName, start);
    start.catch(() => starts.delete(backendName));
  }
  return start;
}

async function makeQualityStart(backendName: BackendName): Promise<QualityStart> {
  const station = makeTestStation({ config: { checkpointEvery: 20 } });
  const keys = hubKeys(0);
  const hub = await startHub(await makeBackend(backendName), station, { keys, firstStart: true });
  try {
    for (const p of HUB_PEOPLE) {
      await provisionHubUser(hub, { ...p, roles: [...p.roles], password: HUB_PASSWORD });
    }
  } catch (e) {
    await hub.close();
    station.cleanup();
    throw e;
  }
  await hub.hub.close();
  const backend = await hub.backend.keep!();
  // Every quality hub starts at T0 on the shared clock: nothing here may have moved it.
  if (station.clock.now().getTime() !== T0.getTime()) throw new Error('the quality hub start moved the station clock');
  const made = station.template();
  station.close();
  const dir = mkdtempSync(join(tmpdir(), `batchline-kept-${RUN_PID}-station-`));
  const dbPath = join(dir, 'station.db');
  if (existsSync(`${station.dbPath}-wal`)) throw new Error('the closed station left a write-ahead log');
  copyFileSync(station.dbPath, dbPath);
  rmSync(station.dir, { recursive: true, force: true });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return { station: { dbPath, ...made }, backend, hubKeysUsed: keys.used() };
}

/** `signingMfaRoles`: the site policy the hub starts with (`batchline hub --signing-mfa-roles`, FR-101). */
export async function startQualityHub(backend: BackendName, options: { consoleDir?: string; oeeCalendar?: OeeCalendar; signingMfaRoles?: readonly string[] } = {}): Promise<QualityHub> {
  const start = await qualityStart(backend);
  const station = makeTestStation({ config: { checkpointEvery: 20 }, from: start.station });
  let hub: TestHub;
  try {
    hub = await startHub(await makeBackend(backend, { from: start.backend }), station, { ...options, keys: hubKeys(start.hubKeysUsed), firstStart: false });
  } catch (e) {
    station.cleanup();
    throw e;
  }
  const transport = httpTransport(hub.url);
  await enrolStation(station, hub, transport);
  const tokens = new Map<string, { token: string; expiresAt: number }>();
  return {
    hub,
    station,
    quality: createQualityServices(hub.hub.services.ctx),
    async sync() {
      const round = await syncService(station, transport).runOnce();
      unwrap(round);
    },
    async token(username) {
      const cached = tokens.get(username);
      // Sessions expire on the hub's (the shared test) clock, which the tests move on.
      if (cached && cached.expiresAt > station.clock.now().getTime() + 60_000) return cached.token;
      const r = await hub.api<{ token: string; expiresAt: string }>('POST', '/api/v1/auth/login', { username, password: HUB_PASSWORD });
      expect(r.status).toBe(200);
      tokens.set(username, { token: r.body.token, expiresAt: Date.parse(r.body.expiresAt) });
      return r.body.token;
    },
    async close() {
      await hub.close();
      station.cleanup();
    },
  };
}

/**
 * The hub suite's startTestHub, plus the console folder to serve. `firstStart`: a new database,
 * whose two administrators are made here; else a kept one that has them.
 */
async function startHub(
  backend: Backend,
  station: TestStation,
  { consoleDir, oeeCalendar, signingMfaRoles, keys, firstStart }: { consoleDir?: string; oeeCalendar?: OeeCalendar; signingMfaRoles?: readonly string[]; keys: KeySource; firstStart: boolean },
): Promise<TestHub> {
  const db = await backend.open();
  const created = await createHub({ db, secret: HUB_SECRET, site: 'Test plant', initialCa: TEST_CAS[0]!, keys, scrypt: TEST_SCRYPT_PARAMS, clock: station.clock, ...(consoleDir ? { consoleDir } : {}), ...(oeeCalendar ? { oeeCalendar } : {}), ...(signingMfaRoles ? { signingMfaRoles } : {}) });
  if (!created.ok) await backend.dispose();
  const hub = unwrap(created);
  const url = await hub.listen(0);
  const call = async <T>(method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(url + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text) as T };
  };
  if (firstStart) {
    unwrap(await hub.services.auth.createFirstAdmin({ username: 'it.admin', printedName: 'Ida IT', password: ADMIN_PASSWORD }));
    unwrap(await hub.services.auth.createFirstAdmin({ username: SECOND_ADMIN, printedName: 'Sven Second', password: ADMIN_PASSWORD }));
  }
  const login = await call<{ token: string }>('POST', '/api/v1/auth/login', { username: 'it.admin', password: ADMIN_PASSWORD });
  const secondLogin = await call<{ token: string }>('POST', '/api/v1/auth/login', { username: SECOND_ADMIN, password: ADMIN_PASSWORD });
  return {
    hub,
    url,
    backend,
    adminToken: login.body.token,
    secondAdminToken: secondLogin.body.token,
    api: (method, path, body, token) => call(method, path, body, token ?? login.body.token),
    async close() {
      await hub.close();
      await backend.dispose();
    },
  };
}
