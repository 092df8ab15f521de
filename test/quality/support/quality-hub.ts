/**
 * A hub with a synced station for the quality suites: the hub suite's test hub and enrolment
 * (test/hub/support), the station's clock shared with the hub, and the hub accounts QA and
 * QPs work with.
 */
import { expect } from 'vitest';
import { httpTransport } from '../../../src-main/sync/hub-transport.ts';
import { unwrap } from '../../../src-shared/result.ts';
import { createQualityServices, type QualityServices } from '../../../src-server/quality/quality-services.ts';
import { makeTestStation, type TestStation } from '../../fakes/test-station.ts';
import { createHub } from '../../../src-server/create-hub.ts';
import type { OeeCalendar } from '../../../src-shared/equipment/oee-contract.ts';
import { ADMIN_PASSWORD, HUB_SECRET, SECOND_ADMIN, TEST_CAS, type TestHub } from '../../hub/support/test-hub.ts';
import { provisionHubUser } from '../../hub/support/provision-user.ts';
import { enrolStation, syncService } from '../../hub/support/enrol.ts';
import { makeBackend, type BackendName } from '../../hub/support/hub-backends.ts';
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

/** `signingMfaRoles`: the site policy the hub starts with (`batchline hub --signing-mfa-roles`, FR-101). */
export async function startQualityHub(backend: BackendName, options: { consoleDir?: string; oeeCalendar?: OeeCalendar; signingMfaRoles?: readonly string[] } = {}): Promise<QualityHub> {
  const station = makeTestStation({ config: { checkpointEvery: 20 } });
  const hub = await startHub(backend, station, options.consoleDir, options.oeeCalendar, options.signingMfaRoles);
  const transport = httpTransport(hub.url);
  await enrolStation(station, hub, transport);
  for (const p of HUB_PEOPLE) {
    await provisionHubUser(hub, { ...p, roles: [...p.roles], password: HUB_PASSWORD });
  }
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

/** The hub suite's startTestHub, plus the console folder to serve. */
async function startHub(backendName: BackendName, station: TestStation, consoleDir: string | undefined, oeeCalendar?: OeeCalendar, signingMfaRoles?: readonly string[]): Promise<TestHub> {
  const backend = await makeBackend(backendName);
  const db = await backend.open();
  const hub = unwrap(
    await createHub({ db, secret: HUB_SECRET, site: 'Test plant', initialCa: TEST_CAS[0]!, keys: keyPool(40), scrypt: TEST_SCRYPT_PARAMS, clock: station.clock, ...(consoleDir ? { consoleDir } : {}), ...(oeeCalendar ? { oeeCalendar } : {}), ...(signingMfaRoles ? { signingMfaRoles } : {}) }),
  );
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
  unwrap(await hub.services.auth.createFirstAdmin({ username: 'it.admin', printedName: 'Ida IT', password: ADMIN_PASSWORD }));
  unwrap(await hub.services.auth.createFirstAdmin({ username: SECOND_ADMIN, printedName: 'Sven Second', password: ADMIN_PASSWORD }));
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
