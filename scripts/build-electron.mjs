#!/usr/bin/env node
// Builds the Electron station: the renderer with vite into dist-renderer, and the main process
// and the preload with esbuild into dist-electron (CommonJS, Electron and the native modules
// left external: electron-builder rebuilds better-sqlite3 and serialport for Electron's ABI).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXTERNAL = ['electron', 'better-sqlite3', 'serialport', '@serialport/*', 'bufferutil', 'utf-8-validate', 'fsevents', 'pg-native'];

export async function buildElectron({ quiet = false } = {}) {
  const vite = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', quiet ? 'error' : 'warn'], { cwd: root, stdio: 'inherit' });
  if (vite.status !== 0) throw new Error('vite build of the station UI failed');
  await bundleStation(join(root, 'dist-electron'), { quiet });
}

/** The main process and the preload, bundled into `outDir` (main.cjs, preload.cjs). */
export async function bundleStation(outDir, { quiet = true } = {}) {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: EXTERNAL,
    sourcemap: false,
    logLevel: quiet ? 'error' : 'warning',
    // The sources are ESM and read import.meta.url; in the CommonJS bundle it is this file.
    define: { 'import.meta.url': '__bundle_url' },
    banner: { js: "const __bundle_url = require('node:url').pathToFileURL(__filename).href;" },
  };
  await build({ ...common, entryPoints: [join(root, 'src-main/electron/main.ts')], outfile: join(outDir, 'main.cjs') });
  // A sandboxed preload may require only 'electron' (and a few polyfills): everything else is bundled.
  await build({ ...common, entryPoints: [join(root, 'src-main/electron/preload.ts')], outfile: join(outDir, 'preload.cjs'), external: ['electron'] });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildElectron().then(
    () => console.log('built dist-renderer and dist-electron'),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
