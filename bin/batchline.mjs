#!/usr/bin/env node
// The `batchline` command for IT and QA; see src-cli/main.ts for the commands.
//
// It runs the esbuild bundle in dist-cli/ (scripts/build-cli.mjs; built at install and before
// the tests), so a command starts in a fraction of a second instead of compiling TypeScript
// through tsx first (issue 16, item 2). The bundle must be the same code as the sources: when
// a source it was built from is newer, it is rebuilt here (esbuild takes about a second); when
// it cannot be built (no esbuild, e.g. a production install without dev dependencies) the
// sources run through tsx, with a one-line note on stderr. BATCHLINE_NO_BUNDLE=1 runs the
// sources through tsx on purpose (debugging; bench/startup.bench.ts compares both).
import { existsSync, readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Node >= 22.1 keeps V8's compiled code of the modules it loads (fastify, zod, forge…) between
// runs; loading them is most of a station's start. Node 20 has no such cache: a no-op there.
module.enableCompileCache?.();

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifestPath = join(root, 'dist-cli', 'current.json');

/** The current bundle's entry, or why it cannot be used. */
function currentBundle() {
  if (!existsSync(manifestPath)) return { missing: 'no bundle is built' };
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const entry = join(root, 'dist-cli', manifest.dir, 'main.mjs');
  if (!existsSync(entry)) return { missing: 'the bundle is incomplete' };
  for (const input of manifest.inputs) {
    let mtime;
    try {
      mtime = statSync(join(root, input)).mtimeMs;
    } catch {
      return { missing: `${input}, bundled, no longer exists` };
    }
    if (mtime > manifest.builtAt) return { missing: `${input} changed after the bundle was built` };
  }
  return { entry };
}

async function rebuild() {
  try {
    const { buildCli } = await import('../scripts/build-cli.mjs');
    await buildCli();
    return currentBundle().entry ?? null;
  } catch {
    return null;
  }
}

const noBundle = process.env.BATCHLINE_NO_BUNDLE === '1';
const bundle = noBundle ? { missing: 'BATCHLINE_NO_BUNDLE=1' } : currentBundle();
const entry = noBundle ? null : (bundle.entry ?? (await rebuild()));
let main;
if (entry) {
  ({ main } = await import(pathToFileURL(entry).href));
} else {
  if (!noBundle) process.stderr.write(`batchline: ${bundle.missing} and it cannot be rebuilt here (npm run build:cli); running the TypeScript sources through tsx, which starts slower\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src-cli/main.ts'));
}
process.exitCode = await main(process.argv);
