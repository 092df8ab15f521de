/**
 * Electron's security checklist, item by item, asserted from the shell's own code (the
 * options builder, the CSP, the guards, the IPC handler and the app sequence run against a
 * fake Electron): no binary needed.
 */
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ok } from '../../src-shared/result.ts';
import { IPC_CALL_CHANNEL, IPC_LIVE_SESSION_CHANNEL } from '../../src-shared/api/bridge.ts';
import { APP_ENTRY, CONTENT_SECURITY_POLICY, denyPermissions, hardenContents, isTrustedUrl, securityHeaders, windowOptions } from './security.ts';
import { apiInvokeHandler } from './api-ipc.ts';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol.ts';
import { MENU_TEMPLATE, runStationApp, type ElectronApi } from './station-app.ts';
import { parseStationArgs } from './station-args.ts';

const prefs = windowOptions({ preloadPath: '/app/preload.cjs', kiosk: false, devTools: false }).webPreferences!;

describe('Electron security checklist', () => {
  it('A11-19 2-4: no Node integration anywhere, context isolation, sandbox', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('6, 9-10: web security, no insecure content, no experimental features, no <webview>', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.devTools).toBe(false);
  });

  it('A11-19 D25-07 7: a strict Content-Security-Policy: own scripts only, nothing inline, nothing remote', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(securityHeaders()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('1, 18: no remote content: the UI comes from app:// with the CSP on every response', async () => {
    expect(APP_ENTRY).toBe('app://station/index.html');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true, bypassCSP: false });
    const dir = mkdtempSync(join(tmpdir(), 'batchline-ui-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    const handler = appProtocolHandler(dir);
    const page = await handler(new Request(APP_ENTRY));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>x</title>');
    expect((await handler(new Request('app://station/%2e%2e/%2e%2e/package.json'))).status).toBe(404);
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404);
    expect((await handler(new Request(APP_ENTRY, { method: 'POST', body: 'x' }))).status).toBe(404);
    rmSync(dir, { recursive: true, force: true });
  });

  it('13-14: navigation, redirects, new windows and <webview> are refused', () => {
    const handlers = new Map<string, (e: { preventDefault: () => void }, url?: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | null = null;
    hardenContents({ on: (name: string, h: never) => handlers.set(name, h), setWindowOpenHandler: (h: never) => (openHandler = h) } as never);
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      handlers.get(event)!({ preventDefault }, 'https://evil.example/');
      expect(preventDefault, event).toHaveBeenCalled();
    }
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('5: every permission request is refused', () => {
    const s = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    denyPermissions(s as never);
    const answer = vi.fn();
    s.setPermissionRequestHandler.mock.calls[0]![0](null, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(s.setPermissionCheckHandler.mock.calls[0]![0]()).toBe(false);
    expect(s.setDevicePermissionHandler.mock.calls[0]![0]()).toBe(false);
  });

  it('17: IPC answers our own frames only and parses every envelope', async () => {
    const api = vi.fn(async () => ok('pong'));
    const handle = apiInvokeHandler(api);
    const from = (url: string | undefined) => ({ senderFrame: url === undefined ? null : ({ url } as never) });
    expect(await handle(from('app://station/index.html'), { method: 'station.info', input: {}, sessionId: null })).toEqual(ok('pong'));
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', undefined]) {
      const r = (await handle(from(url), { method: 'station.info', input: {}, sessionId: null })) as { ok: boolean; error: { code: string } };
      expect(r.error.code, String(url)).toBe('API_SENDER_REFUSED');
    }
    const bad = (await handle(from('app://station/'), { method: 'x', sessionId: 1, extra: true })) as { error: { code: string } };
    expect(bad.error.code).toBe('INPUT_INVALID');
    expect(api).toHaveBeenCalledTimes(1);
    expect(isTrustedUrl('app://station.evil.example/')).toBe(false);
  });

  it('single instance, sandbox for all renderers, optional kiosk, no DevTools menu, no sandbox opt-out', async () => {
    const calls: string[] = [];
    const listeners = new Map<string, (...a: unknown[]) => void>();
    let windowOpts: Electron.BrowserWindowConstructorOptions | null = null;
    let loaded = '';
    let ready: () => void = () => undefined;
    const fake = {
      app: {
        enableSandbox: () => calls.push('enableSandbox'),
        requestSingleInstanceLock: () => (calls.push('lock'), true),
        quit: () => calls.push('quit'),
        on: (name: string, f: (...a: unknown[]) => void) => listeners.set(name, f),
        whenReady: () => new Promise<void>((r) => (ready = r)),
      },
      protocol: { registerSchemesAsPrivileged: () => calls.push('privileged'), handle: (scheme: string) => calls.push(`handle:${scheme}`) },
      session: { defaultSession: { setPermissionRequestHandler: () => calls.push('permissions'), setPermissionCheckHandler: () => undefined, setDevicePermissionHandler: () => undefined } },
      ipcMain: { handle: (channel: string) => calls.push(`ipc:${channel}`) },
      Menu: { setApplicationMenu: (m: unknown) => calls.push(`menu:${m === null ? 'none' : 'roles'}`), buildFromTemplate: (t: unknown) => t },
      BrowserWindow: class {
        webContents = { send: () => undefined, isDestroyed: () => false };
        constructor(o: Electron.BrowserWindowConstructorOptions) {
          windowOpts = o;
        }
        once() {}
        on() {}
        async loadURL(url: string) {
          loaded = url;
        }
      },
    } as unknown as ElectronApi;
    const runtime = { api: vi.fn(), bus: { subscribe: () => () => undefined }, station: { auth: { sessions: { get: () => undefined }, require: () => ({ ok: false }) } }, notes: [], close: async () => undefined };
    runStationApp(fake, { dbPath: ':memory:', uiDir: '/ui', preloadPath: '/p.cjs', migrationsFolder: '/m', kiosk: true, devTools: false, simulateOtherBalances: true, startRuntime: async () => ok(runtime as never), log: () => undefined });
    expect(calls.slice(0, 3)).toEqual(['privileged', 'enableSandbox', 'lock']);
    expect([...listeners.keys()]).toEqual(expect.arrayContaining(['second-instance', 'web-contents-created', 'window-all-closed']));
    ready();
    await vi.waitFor(() => expect(loaded).toBe(APP_ENTRY));
    expect(calls).toEqual(expect.arrayContaining(['permissions', 'handle:app', `ipc:${IPC_CALL_CHANNEL}`, `ipc:${IPC_LIVE_SESSION_CHANNEL}`, 'menu:none']));
    expect(windowOpts!.kiosk).toBe(true);
    expect(windowOpts!.webPreferences?.sandbox).toBe(true);
    expect(JSON.stringify(MENU_TEMPLATE)).not.toMatch(/toggleDevTools|reload|viewMenu/);
    // A second instance gives up at once.
    const second: string[] = [];
    runStationApp({ ...fake, app: { ...fake.app, requestSingleInstanceLock: () => false, quit: () => second.push('quit'), enableSandbox: () => undefined } } as ElectronApi, {
      dbPath: ':memory:', uiDir: '/ui', preloadPath: '/p.cjs', migrationsFolder: '/m', kiosk: false, devTools: false, simulateOtherBalances: false, startRuntime: async () => { throw new Error('must not start'); }, log: () => undefined,
    });
    expect(second).toEqual(['quit']);
    expect(parseStationArgs(['--no-sandbox']).ok).toBe(false);
    expect(parseStationArgs(['--db', 'x.db', '--kiosk', '--balance', 'BAL-A01=mt-sics:/dev/ttyUSB0:9600']).ok).toBe(true);
  });

  it('main.ts stays wiring only', () => {
    const main = readFileSync(new URL('./main.ts', import.meta.url), 'utf8');
    expect(main.split('\n').length).toBeLessThanOrEqual(150);
    expect(main).not.toMatch(/^let |^var /m);
  });
});
