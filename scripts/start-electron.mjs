#!/usr/bin/env node
// `npm start`: builds and opens the Electron station on a demo database (a TRAINING database
// made by `batchline demo` when missing: the station itself never seeds one) with simulated balances for every balance that has no port configured. Without the
// Electron binary it says so in one sentence, names the web-mode command, and exits non-zero.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const db = join(root, '.batchline', 'demo-station.db');
const WEB_COMMAND = `node bin/batchline.mjs demo --db ${join('.batchline', 'demo-station.db')} && node bin/batchline.mjs station --web --port 8750 --db ${join('.batchline', 'demo-station.db')} --simulated-balance`;

function electronBinary() {
  try {
    // The electron package's main export is the path of the binary it downloaded.
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.error(`The Electron binary is not installed on this machine, so the station window cannot open; run the same station in a browser instead with \`${WEB_COMMAND}\` and open http://127.0.0.1:8750.`);
  process.exit(1);
}
await buildElectron({ quiet: true });
mkdirSync(dirname(db), { recursive: true });
if (!existsSync(db)) {
  const made = spawnSync(process.execPath, [join(root, 'bin', 'batchline.mjs'), 'demo', '--db', db], { stdio: 'inherit' });
  if (made.status !== 0) process.exit(made.status ?? 1);
}
// better-sqlite3 and serialport must be built for Electron's Node ABI (electron-builder does it
// for installers; for development run `npx electron-rebuild -f -o better-sqlite3,@serialport/bindings-cpp`,
// and `npm rebuild` afterwards before running the Node test suite again).
const child = spawn(binary, [root, '--db', db, '--simulated-balance', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
