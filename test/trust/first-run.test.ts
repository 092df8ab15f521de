/**
 * An auditor's afternoon, attack 6 (COMPLIANCE.md §6) and the quick list's "demo accounts":
 * delete the database, or install afresh, and see what the station starts with. Rows A11-26,
 * P11-20 (no account without a person behind it), DI-11 (no generic accounts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { tempDir } from '../fakes/test-station.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { startStationRuntime } from '../../src-main/shell/station-runtime.ts';
import { DEMO_PASSWORD } from '../../src-main/demo/seed-demo.ts';
import { cli } from './support.ts';

const dir = tempDir('batchline-first-run-');
afterEach(() => undefined);

const env = { BATCHLINE_STATION_SECRET: 'first-run-secret-0123456789' };
const base = { shell: 'web' as const, env, stationConfig: { scrypt: TEST_SCRYPT_PARAMS, keys: keyPool() }, log: () => undefined };

describe('first run', () => {
  it('A11-26 a missing database is not re-created with demo users: without provisioning the station does not start', async () => {
    const dbPath = join(dir, 'deleted.db');
    const started = await startStationRuntime({ ...base, dbPath });
    expect(!started.ok && started.error.code).toBe('STATION_NOT_PROVISIONED');
  });

  it('P11-20 a provisioned new database starts with no account; the first admin is made once, then the door shuts', async () => {
    const dbPath = join(dir, 'new.db');
    const started = await startStationRuntime({ ...base, dbPath, stationConfig: { ...base.stationConfig, identity: { stationId: 'ST-LINE-07', name: 'Line 7 booth', site: 'Plant 2', timeZone: 'Asia/Shanghai' } } });
    if (!started.ok) throw new Error(started.error.message);
    const rt = started.value;
    try {
      expect(rt.station.stationId).toBe('ST-LINE-07');
      expect(rt.station.users.list()).toEqual([]);
      const call = (m: string, input: unknown, sessionId: string | null = null) => rt.api(m, input, { sessionId });
      const info = (await call('station.info', {})) as { ok: true; value: { firstRun: boolean; mode: string } };
      expect(info.value).toMatchObject({ firstRun: true, mode: 'production' });
      // No demo account, no published password.
      expect((await call('auth.login', { username: 'admin', password: DEMO_PASSWORD })).ok).toBe(false);
      const admin = await call('station.initAdmin', { username: 'it.zhou', printedName: 'Zhou Min', password: 'Tq4-harbour-Gate' });
      expect(admin.ok, JSON.stringify(admin)).toBe(true);
      const again = await call('station.initAdmin', { username: 'it.other', printedName: 'Someone Else', password: 'Tq4-harbour-Gate' });
      expect(!again.ok && again.error.code).toBe('STATION_ALREADY_INITIALISED');
      expect((await call('auth.login', { username: 'it.zhou', password: 'Tq4-harbour-Gate' })).ok).toBe(true);
    } finally {
      await rt.close();
    }
  });

  it('batchline station init-admin provisions a new database and its first admin, once', async () => {
    const dbPath = join(dir, 'cli.db');
    const noId = await cli({ ...env, BATCHLINE_PASSWORD: 'Rv7-meadow-Lake' }, 'station', 'init-admin', '--db', dbPath, '--user', 'it.wu', '--name', 'Wu Lei');
    expect(noId.code).not.toBe(0);
    expect(noId.err).toContain('STATION_NOT_PROVISIONED');
    const made = await cli({ ...env, BATCHLINE_PASSWORD: 'Rv7-meadow-Lake' }, 'station', 'init-admin', '--db', dbPath, '--user', 'it.wu', '--name', 'Wu Lei', '--station-id', 'ST-LINE-08', '--site', 'Plant 2');
    expect(made.code, made.err).toBe(0);
    expect(made.out).toMatch(/station ST-LINE-08 \(production\): first admin it\.wu created/);
    const twice = await cli({ ...env, BATCHLINE_PASSWORD: 'Rv7-meadow-Lake' }, 'station', 'init-admin', '--db', dbPath, '--user', 'it.wu2', '--name', 'Wu Lei');
    expect(twice.err).toContain('STATION_ALREADY_INITIALISED');
  }, 120_000);

  it('cleanup', () => {
    rmSync(dir, { recursive: true, force: true });
  });
});
