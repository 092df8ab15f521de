/**
 * A hub for tests: the real composition root (createHub) on a test backend, with a fixture
 * CA, pre-generated keys, cheap scrypt and an admin account, listening on a loopback port.
 */
import { readFileSync } from 'node:fs';
import { createHub, type Hub } from '../../../src-server/create-hub.ts';
import type { Clock } from '../../../src-core/clock.ts';
import type { OeeCalendar } from '../../../src-shared/equipment/oee-contract.ts';
import { unwrap } from '../../../src-shared/result.ts';
import { keyPool } from '../../fakes/key-pool.ts';
import { TEST_SCRYPT_PARAMS } from '../../fakes/test-scrypt-params.ts';
import { makeBackend, type Backend, type BackendName } from './hub-backends.ts';

export const HUB_SECRET = 'test-hub-secret-0123456789';
export const ADMIN_PASSWORD = 'Hub-admin-2026!';
/** The second installation administrator: the second person who verifies new accounts. */
export const SECOND_ADMIN = 'it.second';
export const TEST_CAS = (JSON.parse(readFileSync(new URL('../fixtures/test-hub-cas.json', import.meta.url), 'utf8')) as { cas: { certPem: string; keyPem: string }[] }).cas;

export interface TestHub {
  hub: Hub;
  url: string;
  backend: Backend;
  adminToken: string;
  secondAdminToken: string;
  /** Bearer-authenticated JSON call to the hub's admin/master-data API. */
  api<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * A hub on a fresh database with two admins signed in. `notifyTimer: false` starts it without the
 * notification pass's own timer (BATCHLINE_NOTIFY_INTERVAL_MS=0 while it starts, put back after:
 * integration files share worker processes), for tests that count what one pass reads.
 */
export async function startTestHub(options: { backend: BackendName | Backend; clock?: Clock; caIndex?: number; oeeCalendar?: OeeCalendar; notifyTimer?: false }): Promise<TestHub> {
  const backend = typeof options.backend === 'string' ? await makeBackend(options.backend) : options.backend;
  const db = await backend.open();
  const interval = process.env.BATCHLINE_NOTIFY_INTERVAL_MS;
  if (options.notifyTimer === false) process.env.BATCHLINE_NOTIFY_INTERVAL_MS = '0';
  const created0 = await createHub({
      db,
      secret: HUB_SECRET,
      site: 'Test plant',
      initialCa: TEST_CAS[options.caIndex ?? 0]!,
      keys: keyPool(20),
      scrypt: TEST_SCRYPT_PARAMS,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.oeeCalendar ? { oeeCalendar: options.oeeCalendar } : {}),
    }).finally(() => {
      if (options.notifyTimer !== false) return;
      if (interval === undefined) delete process.env.BATCHLINE_NOTIFY_INTERVAL_MS;
      else process.env.BATCHLINE_NOTIFY_INTERVAL_MS = interval;
    });
  const hub = unwrap(created0);
  const url = await hub.listen(0);
  const api = async <T>(method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(url + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const created = await hub.services.auth.createFirstAdmin({ username: 'it.admin', printedName: 'Ida IT', password: ADMIN_PASSWORD });
  if (!created.ok && created.error.code !== 'HUB_ADMIN_EXISTS') throw new Error(created.error.message);
  const second = await hub.services.auth.createFirstAdmin({ username: SECOND_ADMIN, printedName: 'Sven Second', password: ADMIN_PASSWORD });
  if (!second.ok && second.error.code !== 'HUB_ADMIN_EXISTS') throw new Error(second.error.message);
  const login = await api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'it.admin', password: ADMIN_PASSWORD });
  const secondLogin = await api<{ token: string }>('POST', '/api/v1/auth/login', { username: SECOND_ADMIN, password: ADMIN_PASSWORD });
  return {
    hub,
    url,
    backend,
    adminToken: login.body.token,
    secondAdminToken: secondLogin.body.token,
    api: (method, path, body, token) => api(method, path, body, token ?? login.body.token),
    async close() {
      await hub.close();
      await backend.dispose();
    },
  };
}
