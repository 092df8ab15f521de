#!/usr/bin/env node
// Bundles the `batchline` command (src-cli/main.ts and everything it imports from src-*) with
// esbuild into dist-cli/, so a command starts from plain JavaScript instead of compiling
// TypeScript through tsx at every start (issue 16, item 2). Dependencies stay external and
// load from node_modules as before; code splitting keeps each command's modules in their own
// chunks, so `import()` in src-cli/commands/index.ts still loads only the command that runs.
//
// Each build goes into its own folder (dist-cli/b-<time>-<pid>) and becomes current by an
// atomic rename of dist-cli/current.json, so a CLI process started during a rebuild, or
// still running from the previous build, never sees a half-written bundle.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DIST = join(root, 'dist-cli');
export const CLI_MANIFEST = join(CLI_DIST, 'current.json');
const KEEP_OLD_BUILDS_MS = 24 * 60 * 60 * 1000;
const KEEP_NEWEST_BUILDS = 5;

/**
 * The sources read `import.meta.url` to find files beside them (migrations, the built UI):
 * in the bundle each use becomes the URL the source file has in the repository, computed from
 * the chunk's own location (two folders below the root), so those paths stay right.
 */
const sourceUrlPlugin = {
  name: 'batchline-source-url',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(root, args.path).split(sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `__batchlineSourceUrl(${JSON.stringify(rel)})`), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

/** Builds a new bundle, makes it current and returns its manifest. */
export async function buildCli({ quiet = true } = {}) {
  const id = `b-${Date.now()}-${process.pid}`;
  const outdir = join(CLI_DIST, id);
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    // Input paths in the metafile are relative to this folder: bin/batchline.mjs joins them to
    // the root, so a build started from another folder (a rebuild by `batchline` run anywhere)
    // must not record them relative to that folder's working directory (FR-138).
    absWorkingDir: root,
    entryPoints: { main: join(root, 'src-cli/main.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
    plugins: [sourceUrlPlugin],
    banner: { js: "const __batchlineSourceUrl = (p) => new URL('../../' + p, import.meta.url).href;" },
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  const manifest = { dir: id, builtAt: Date.now(), inputs };
  const tmp = `${CLI_MANIFEST}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(manifest));
  renameSync(tmp, CLI_MANIFEST);
  removeOldBuilds(id);
  return manifest;
}

/**
 * Old builds go once no CLI process plausibly still runs from them: a web station started from
 * a build imports command chunks lazily, possibly hours later, so builds are kept for a day,
 * and the five newest always.
 */
function removeOldBuilds(current) {
  const builds = readdirSync(CLI_DIST)
    .filter((name) => name.startsWith('b-') && name !== current)
    .map((name) => ({ path: join(CLI_DIST, name), mtime: statSync(join(CLI_DIST, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const build of builds.slice(KEEP_NEWEST_BUILDS)) {
    if (Date.now() - build.mtime > KEEP_OLD_BUILDS_MS) rmSync(build.path, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  buildCli().then(
    (m) => console.log(`built dist-cli/${m.dir} from ${m.inputs.length} sources in ${Date.now() - started} ms`),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
