/**
 * The Electron main process as `npm start` and the installers ship it: bundled by
 * scripts/build-electron.mjs, loaded by Node with a fake `electron` module (the binary cannot
 * be downloaded here). It must open the station, serve the UI over app:// with the CSP, answer
 * the API over IPC for its own window and refuse a foreign frame.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildUi, ROOT } from '../e2e/harness/web-station.ts';
import { E2E_SECRET, makeDemoDb } from '../e2e/harness/demo-db.ts';

// Inside the repository, so the bundle resolves its external native modules from node_modules.
mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(join(ROOT, 'node_modules/.cache/batchline-electron-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bundled Electron main process', () => {
  it('starts the station behind a fake Electron and keeps the checklist', { timeout: 180_000 }, async () => {
    const appRoot = join(dir, 'app');
    mkdirSync(appRoot);
    symlinkSync(buildUi(), join(appRoot, 'dist-renderer'));
    symlinkSync(join(ROOT, 'migrations'), join(appRoot, 'migrations'));
    const { bundleStation } = (await import(pathToFileURL(join(ROOT, 'scripts/build-electron.mjs')).href)) as { bundleStation(out: string): Promise<void> };
    await bundleStation(join(appRoot, 'dist-electron'));
    const db = await makeDemoDb(dir);
    const run = spawnSync(process.execPath, [join(ROOT, 'test/integration/fake-electron-host.cjs'), join(appRoot, 'dist-electron/main.cjs'), appRoot, db], {
      encoding: 'utf8',
      env: { ...process.env, BATCHLINE_STATION_SECRET: E2E_SECRET },
      timeout: 120_000,
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
    expect(line, run.stderr + run.stdout).toBeDefined();
    const out = JSON.parse(line!);
    expect(out.url).toBe('app://station/index.html');
    expect(out.status).toBe(200);
    expect(out.csp).toContain("script-src 'self'");
    expect(out.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: join(appRoot, 'dist-electron/preload.cjs') });
    expect(out.info.value.shell).toBe('electron');
    expect(out.login.ok).toBe(true);
    expect(out.foreign.error.code).toBe('API_SENDER_REFUSED');
    // the live feed has its own channel, bound to the logged-in session and refused to a foreign frame
    expect(out.channels).toEqual(['batchline:call', 'batchline:live-session']);
    expect(out.liveBound.ok).toBe(true);
    expect(out.liveForeign.error.code).toBe('API_SENDER_REFUSED');
  });
});
