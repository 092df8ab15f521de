/**
 * FR-155: the station secret is read or made only once the database is known to be a station's,
 * and made only for a station being provisioned. The Electron shell (a fake electron and
 * safeStorage here, the real runtime) refused on an unprovisioned database writes no
 * `<db>.secret.enc` that would later shadow the `<db>.secret` of `station init-admin`; an
 * existing station whose secret is gone is refused (STATION_SECRET_MISSING) with nothing written.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createStation } from '../../src-main/compose.ts';
import { keystoreStationSecret, type SafeStorage } from '../../src-main/electron/keystore-secret.ts';
import { runStationApp, type ElectronApi } from '../../src-main/electron/station-app.ts';
import { startStationRuntime } from '../../src-main/shell/station-runtime.ts';
import { loadStationSecret } from '../../src-main/station-secret.ts';
import { DEMO_IDENTITY } from '../../src-main/demo/seed-demo.ts';
import { unwrap } from '../../src-shared/result.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { keyPool } from '../fakes/key-pool.ts';

const dir = mkdtempSync(join(tmpdir(), 'batchline-secret-first-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const safeStorage: SafeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(`enc:${Buffer.from(s).toString('hex')}`),
  decryptString: (b) => Buffer.from(b.toString().slice(4), 'hex').toString(),
};

/** Just enough of electron for runStationApp to reach the runtime and quit when it is refused. */
function fakeElectron(quit: () => void): ElectronApi {
  return {
    app: { enableSandbox: () => undefined, requestSingleInstanceLock: () => true, quit, on: () => undefined, whenReady: async () => undefined },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, setDevicePermissionHandler: () => undefined } },
    safeStorage,
  } as unknown as ElectronApi;
}

const secretFiles = (prefix: string) => readdirSync(dir).filter((f) => f.startsWith(prefix) && f.includes('.secret'));

describe('FR-155 the station secret at first run and on a station without it', () => {
  it('FR-155 the Electron shell refused on an unprovisioned database writes no <db>.secret.enc', async () => {
    const db = join(dir, 'new.db');
    const quit = vi.fn();
    const logs: string[] = [];
    runStationApp(fakeElectron(quit), {
      dbPath: db, uiDir: '/ui', preloadPath: '/p.cjs', migrationsFolder: 'migrations', kiosk: false, devTools: false, simulateOtherBalances: false,
      startRuntime: (o) => startStationRuntime({ ...o, env: {}, stationConfig: { ...o.stationConfig, scrypt: TEST_SCRYPT_PARAMS } }),
      log: (m) => logs.push(m),
    });
    await vi.waitFor(() => expect(quit).toHaveBeenCalled());
    expect(logs.join('\n')).toMatch(/STATION_NOT_PROVISIONED/);
    expect(secretFiles('new.db')).toEqual([]);
  });

  it('FR-155 an existing station whose secret is gone is refused, and no new secret is left beside it', async () => {
    const db = join(dir, 'existing.db');
    const made = unwrap(createStation({ dbPath: db, stationSecret: (mayCreate) => loadStationSecret(db, {}, mayCreate), identity: DEMO_IDENTITY, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool() }));
    made.close();
    expect(secretFiles('existing.db')).toEqual(['existing.db.secret']);
    unlinkSync(`${db}.secret`);
    // The CLI's way (open-station, engine, hub, station commands).
    const cli = createStation({ dbPath: db, stationSecret: (mayCreate) => loadStationSecret(db, {}, mayCreate), scrypt: TEST_SCRYPT_PARAMS });
    expect(!cli.ok && cli.error.code).toBe('STATION_SECRET_MISSING');
    // The Electron shell's way: the keystore is asked through the runtime, never told to make one.
    const runtime = await startStationRuntime({ dbPath: db, shell: 'electron', env: {}, stationSecret: (mayCreate) => keystoreStationSecret(safeStorage, db, {}, mayCreate), stationConfig: { scrypt: TEST_SCRYPT_PARAMS }, log: () => undefined });
    expect(!runtime.ok && runtime.error.code).toBe('STATION_SECRET_MISSING');
    // The web shell's way (the runtime's own default).
    const web = await startStationRuntime({ dbPath: db, shell: 'web', env: {}, stationConfig: { scrypt: TEST_SCRYPT_PARAMS }, log: () => undefined });
    expect(!web.ok && web.error.code).toBe('STATION_SECRET_MISSING');
    expect(secretFiles('existing.db')).toEqual([]);
  });

  it('FR-155 a station being provisioned through the keystore gets its secret there, and opens with it again', () => {
    const db = join(dir, 'provisioned.db');
    const source = (mayCreate: boolean) => keystoreStationSecret(safeStorage, db, {}, mayCreate);
    unwrap(createStation({ dbPath: db, stationSecret: source, identity: DEMO_IDENTITY, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool() })).close();
    expect(secretFiles('provisioned.db')).toEqual(['provisioned.db.secret.enc']);
    unwrap(createStation({ dbPath: db, stationSecret: source, scrypt: TEST_SCRYPT_PARAMS })).close();
    expect(existsSync(`${db}.secret`)).toBe(false);
  });
});
