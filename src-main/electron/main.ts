/**
 * Electron main process of the operator station: wiring only (STYLE.md §1, the opposite of a
 * 100 KB main.ts). Options come from the command line (station-args.ts); everything the shell
 * does is in station-app.ts, and the station itself is the composition root.
 */
import { app, BrowserWindow, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { startStationRuntime } from '../shell/station-runtime.ts';
import { runStationApp } from './station-app.ts';
import { parseStationArgs } from './station-args.ts';

const args = parseStationArgs(process.argv.slice(1));
if (!args.ok) {
  process.stderr.write(`batchline station: ${args.error.message}\n`);
  process.exit(2);
}
// Packaged: resources live in the app folder; in development, the repository root.
const root = app.getAppPath();
runStationApp(
  { app, protocol, session, ipcMain, Menu, BrowserWindow, safeStorage },
  {
    dbPath: args.value.dbPath ?? process.env.BATCHLINE_DB ?? join(app.getPath('userData'), 'station.db'),
    uiDir: join(root, 'dist-renderer'),
    preloadPath: join(root, 'dist-electron', 'preload.cjs'),
    migrationsFolder: join(root, 'migrations'),
    kiosk: args.value.kiosk,
    devTools: args.value.dev && !app.isPackaged,
    balances: args.value.balances,
    simulateOtherBalances: args.value.simulateOtherBalances,
    startRuntime: startStationRuntime,
    log: (m) => process.stdout.write(`${m}\n`),
  },
);
