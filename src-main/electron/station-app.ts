/**
 * The Electron station's life: single instance, sandbox for every renderer, the app:// scheme,
 * permissions refused, every web contents hardened, the station runtime started, the API bound
 * to IPC, one window on app://station (optionally kiosk). Electron is passed in, so the whole
 * sequence is tested with a fake in plain Node (security.test.ts).
 */
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import type { BalanceSetting } from '../../src-shared/settings/station-settings.ts';
import type { Result } from '../../src-shared/result.ts';
import type { RuntimeOptions, StationRuntime } from '../shell/station-runtime.ts';
import { forwardLive, LiveSessionBinding, registerApiIpc, registerLiveIpc } from './api-ipc.ts';
import { keystoreStationSecret, type SafeStorage } from './keystore-secret.ts';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol.ts';
import { APP_ENTRY, APP_SCHEME, denyPermissions, hardenContents, windowOptions } from './security.ts';

/** The parts of the `electron` module the station uses. */
export interface ElectronApi {
  app: Pick<Electron.App, 'enableSandbox' | 'requestSingleInstanceLock' | 'quit' | 'on' | 'whenReady'>;
  protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  session: { defaultSession: Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> };
  ipcMain: Pick<Electron.IpcMain, 'handle'>;
  Menu: Pick<typeof Electron.Menu, 'setApplicationMenu' | 'buildFromTemplate'>;
  BrowserWindow: new (options: Electron.BrowserWindowConstructorOptions) => BrowserWindow;
  /** The OS keystore for the station secret; absent in tests, which use the 0600 file. */
  safeStorage?: SafeStorage;
}

export interface StationAppOptions {
  dbPath: string;
  uiDir: string;
  preloadPath: string;
  migrationsFolder: string;
  kiosk: boolean;
  devTools: boolean;
  balances?: BalanceSetting[];
  simulateOtherBalances: boolean;
  startRuntime: (o: RuntimeOptions) => Promise<Result<StationRuntime>>;
  log: (message: string) => void;
}

/** Menu roles only (their labels follow the OS language); no reload, no DevTools. */
export const MENU_TEMPLATE: MenuItemConstructorOptions[] = [{ role: 'fileMenu' }, { role: 'windowMenu' }];

export function runStationApp(e: ElectronApi, o: StationAppOptions): void {
  e.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  e.app.enableSandbox();
  if (!e.app.requestSingleInstanceLock()) {
    o.log('another Batchline station is already running on this PC; focusing it instead');
    e.app.quit();
    return;
  }
  let win: BrowserWindow | null = null;
  let runtime: StationRuntime | null = null;
  e.app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  e.app.on('web-contents-created', (_event, contents) => hardenContents(contents, o.log));
  e.app.on('window-all-closed', () => e.app.quit());
  e.app.on('will-quit', () => {
    void runtime?.close();
    runtime = null;
  });
  void e.app.whenReady().then(async () => {
    denyPermissions(e.session.defaultSession);
    e.protocol.handle(APP_SCHEME, appProtocolHandler(o.uiDir));
    const safeStorage = e.safeStorage;
    const started = await o.startRuntime({
      dbPath: o.dbPath,
      shell: 'electron',
      ...(o.balances && o.balances.length > 0 ? { balances: o.balances } : {}),
      simulateOtherBalances: o.simulateOtherBalances,
      stationConfig: { migrationsFolder: o.migrationsFolder },
      // FR-155: asked only once the runtime knows the database is a station's or one being provisioned.
      ...(safeStorage ? { stationSecret: (mayCreate: boolean) => keystoreStationSecret(safeStorage, o.dbPath, process.env, mayCreate) } : {}),
      log: (m, err) => o.log(`${m}${err ? `: ${String(err)}` : ''}`),
    });
    if (!started.ok) {
      o.log(`the station cannot start: ${started.error.code}: ${started.error.message}`);
      e.app.quit();
      return;
    }
    runtime = started.value;
    for (const note of runtime.notes) o.log(note);
    registerApiIpc(e.ipcMain, runtime.api, o.log);
    e.Menu.setApplicationMenu(o.kiosk ? null : e.Menu.buildFromTemplate(MENU_TEMPLATE));
    win = new e.BrowserWindow(windowOptions({ preloadPath: o.preloadPath, kiosk: o.kiosk, devTools: o.devTools }));
    const window = win;
    // One window, one live feed, bound to the session the page names (issue 10 item 6).
    const liveBinding = new LiveSessionBinding(runtime.station.auth);
    registerLiveIpc(e.ipcMain, liveBinding, o.log);
    forwardLive((f) => runtime!.bus.subscribe(f), window.webContents, liveBinding);
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      win = null;
    });
    await window.loadURL(APP_ENTRY);
  });
}
