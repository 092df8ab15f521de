#!/usr/bin/env node
// postinstall: downloads the Electron binary for `npm start`, without ever failing the install.
//
// Electron's own postinstall (node_modules/electron/install.js) exits 1 when the binary cannot
// be downloaded (no network, a proxy, a mirror that is down), and npm then rolls back ALL of
// node_modules — so the station core, web mode and the tests, which need no Electron binary,
// could not be installed either. package.json's allowScripts (npm >= 11) therefore denies
// that script, and this one runs it instead: a failed download becomes a one-line note, and
// `npm start` says what to do when the binary is missing. ELECTRON_SKIP_BINARY_DOWNLOAD=1
// skips the download, as it does for Electron's script (npm 10 still runs that one itself).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const install = join(root, 'node_modules', 'electron', 'install.js');
const RETRY = 'node node_modules/electron/install.js';

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('electron: binary download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD); the web station and the tests do not need it');
} else if (!existsSync(install)) {
  console.log('electron: not installed (production install without dev dependencies); `npm start` needs it');
} else {
  const r = spawnSync(process.execPath, [install], { cwd: dirname(install), encoding: 'utf8', timeout: 15 * 60_000 });
  if (r.status === 0) {
    console.log('electron: binary in place');
  } else {
    const why = (r.error?.message ?? r.stderr ?? '').split('\n').find((l) => l.trim() !== '') ?? `exit ${String(r.status)}`;
    console.warn(`electron: the binary could not be downloaded (${why.trim()}); installed without it — \`npm start\` needs it (run \`${RETRY}\` when the download works), the web station (\`npx batchline station --web\`) and the tests do not`);
  }
}
