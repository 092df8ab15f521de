/** Test helper: the real Station API over a test station (fixed clock, cheap scrypt, demo users). */
import { makeTestStation, DEMO_PASSWORD, type TestStation } from './test-station.ts';
import type { InputOf, OutputOf } from '../../src-shared/api/contract.ts';
import type { StationApiContract, StationMethod } from '../../src-shared/api/index.ts';
import { err, InvariantViolation, type Result } from '../../src-shared/result.ts';
import { standaloneSync, type ApiDeps } from '../../src-main/api/api-deps.ts';
import { DEFAULT_ENGINE_CONFIG } from '../../src-main/core/engine/engine-config.ts';
import { createStationApi } from '../../src-main/api/index.ts';
import type { ApiCall } from '../../src-main/api/dispatch.ts';

export interface TestApi {
  station: TestStation;
  raw: ApiCall;
  call<K extends StationMethod>(method: K, input: InputOf<StationApiContract, K>, sessionId?: string | null): Promise<Result<OutputOf<StationApiContract, K>>>;
  login(username: string, password?: string): Promise<string>;
  logged: unknown[];
}

export function makeTestApi(overrides: Partial<ApiDeps> = {}): TestApi {
  const station = makeTestStation();
  const logged: unknown[] = [];
  const deps: ApiDeps = {
    station,
    settings: station.settings,
    devices: { status: () => ({ balances: [], scanners: [], printers: [] }), simulate: () => err('NOT_FOUND', 'no simulated balance') },
    syncStatus: () => standaloneSync(station.ledger.head()?.seq ?? 0),
    engineConfig: DEFAULT_ENGINE_CONFIG,
    shell: 'web',
    ...overrides,
  };
  const raw = createStationApi(deps, (_m, e) => logged.push(e));
  const call: TestApi['call'] = async (method, input, sessionId = null) => (await raw(method, input, { sessionId })) as never;
  return {
    station,
    raw,
    call,
    logged,
    async login(username, password = DEMO_PASSWORD) {
      const r = await call('auth.login', { username, password });
      if (!r.ok) throw new InvariantViolation(`login ${username}: ${r.error.code}`);
      return r.value.sessionId;
    },
  };
}
