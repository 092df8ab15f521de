/**
 * What a hub installation runs, as digests (COMPLIANCE D25-10: "`hub iq` verifies the deployed
 * image digest equals the release digest"). There is no container image: `batchline hub` runs
 * bin/batchline.mjs, which imports the esbuild bundle dist-cli/<build>/ (scripts/build-cli.mjs),
 * which loads the hub's migrations (src-server/db/migrations) and serves the built console
 * (dist-console/); dependencies load from node_modules as package-lock.json pins them (each with
 * its integrity hash, checked by `npm ci`; A11-04). So the hub's "image" is these files:
 *
 *   bin/batchline.mjs, dist-cli/bundle/<file> (the current build, whatever its folder is called),
 *   src-server/db/migrations/**, dist-console/**, package.json, package-lock.json
 *
 * The digest is SHA-256 over the sorted `sha256  path` lines, so it names one installation, and
 * the per-file hashes let `hub iq` name the file that differs. esbuild's output is the same for
 * the same sources and esbuild version (chunk names are content hashes), so a plant's `npm ci`
 * rebuilds the bundle the release measured.
 *
 * The release also lists its migrations as drizzle records them in the database
 * (`drizzle.__drizzle_migrations`: the SHA-256 of the SQL file and the journal's `when`), so
 * `hub iq` can hold the database's applied migrations to exactly the release's.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../../src-shared/result.ts';

export const HUB_RELEASE_FILE = 'hub-release.json';
const BUNDLE_PREFIX = 'dist-cli/bundle/';
const MIGRATIONS = 'src-server/db/migrations';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
export const HubMigrationSchema = z.object({ tag: z.string(), when: z.number().int(), sha256: Sha256 });
export type HubMigration = z.infer<typeof HubMigrationSchema>;

export const HubReleaseSchema = z.object({
  format: z.literal(1),
  appVersion: z.string(),
  /** SHA-256 over the sorted `sha256  path` lines of `files`. */
  digest: Sha256,
  files: z.record(z.string(), Sha256),
  migrations: z.array(HubMigrationSchema),
});
export type HubRelease = z.infer<typeof HubReleaseSchema>;

interface BundleManifest {
  dir: string;
  builtAt: number;
  inputs: string[];
}

function readBundleManifest(root: string): Result<BundleManifest> {
  const path = join(root, 'dist-cli', 'current.json');
  if (!existsSync(path)) return err('HUB_INSTALL_MISMATCH', 'no CLI bundle is built (dist-cli/current.json is missing): node scripts/build-cli.mjs', { file: 'dist-cli/current.json' });
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Partial<BundleManifest>;
    if (typeof m.dir !== 'string' || !/^b-[\w-]+$/.test(m.dir) || typeof m.builtAt !== 'number' || !Array.isArray(m.inputs)) throw new Error('not a bundle manifest');
    if (!existsSync(join(root, 'dist-cli', m.dir, 'main.mjs'))) return err('HUB_INSTALL_MISMATCH', `the current bundle dist-cli/${m.dir} has no main.mjs`, { file: `dist-cli/${m.dir}/main.mjs` });
    return ok({ dir: m.dir, builtAt: m.builtAt, inputs: m.inputs.map(String) });
  } catch (e) {
    return err('HUB_INSTALL_MISMATCH', `dist-cli/current.json cannot be read: ${(e as Error).message}`, { file: 'dist-cli/current.json' });
  }
}

/**
 * The sources the bundle was built from that are newer than it, or gone: bin/batchline.mjs
 * rebuilds the bundle from the sources at the next start when there is one, so the files
 * measured now would not be the files that run.
 */
export function staleBundleInputs(root: string): Result<string[]> {
  const m = readBundleManifest(root);
  if (!m.ok) return m;
  const stale: string[] = [];
  for (const input of m.value.inputs) {
    try {
      if (statSync(join(root, input)).mtimeMs > m.value.builtAt) stale.push(input);
    } catch {
      stale.push(input);
    }
  }
  return ok(stale);
}

/** The hub's installed files with their SHA-256, as the release names them. */
export function hubInstallFiles(root: string): Result<Record<string, string>> {
  const bundle = readBundleManifest(root);
  if (!bundle.ok) return bundle;
  if (!existsSync(join(root, MIGRATIONS, 'meta', '_journal.json'))) return err('HUB_INSTALL_MISMATCH', `no hub migrations at ${MIGRATIONS}`, { file: `${MIGRATIONS}/meta/_journal.json` });
  const files: Record<string, string> = {};
  const add = (path: string, name: string) => {
    files[name] = sha256(readFileSync(path));
  };
  const visit = (dir: string, name: (path: string) => string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      // Links are followed, as the hub's own imports follow them: what is measured is what loads.
      if (statSync(path).isDirectory()) visit(path, name);
      else add(path, name(path));
    }
  };
  const rel = (path: string) => relative(root, path).split(sep).join('/');
  for (const single of ['bin/batchline.mjs', 'package.json', 'package-lock.json']) if (existsSync(join(root, single))) add(join(root, single), single);
  const bundleDir = join(root, 'dist-cli', bundle.value.dir);
  visit(bundleDir, (path) => BUNDLE_PREFIX + relative(bundleDir, path).split(sep).join('/'));
  visit(join(root, MIGRATIONS), rel);
  visit(join(root, 'dist-console'), rel);
  return ok(Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

export function hubDigest(files: Record<string, string>): string {
  const h = createHash('sha256');
  for (const path of Object.keys(files).sort()) h.update(`${files[path]}  ${path}\n`);
  return h.digest('hex');
}

/** The hub migrations as drizzle records them once applied (hash of the SQL, journal `when`). */
export function hubMigrations(root: string): Result<HubMigration[]> {
  const folder = join(root, MIGRATIONS);
  try {
    const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
    // drizzle hashes the file read as a string (readMigrationFiles): the same bytes for UTF-8.
    return ok(journal.entries.map((e) => ({ tag: e.tag, when: e.when, sha256: sha256(readFileSync(join(folder, `${e.tag}.sql`), 'utf8')) })));
  } catch (e) {
    return err('HUB_INSTALL_MISMATCH', `the hub migrations cannot be read: ${(e as Error).message}`, { file: `${MIGRATIONS}/meta/_journal.json` });
  }
}

/**
 * The release's hub as the validation kit records it (written as hub-release.json); its version
 * is the measured installation's package.json version, which `hub iq` compares with the plant's.
 */
export function buildHubRelease(root: string): Result<HubRelease> {
  const stale = staleBundleInputs(root);
  if (!stale.ok) return stale;
  if (stale.value.length > 0) return err('HUB_BUNDLE_STALE', `the CLI bundle is older than ${stale.value.length} of its sources (${stale.value.slice(0, 3).join(', ')}): node scripts/build-cli.mjs, then make the kit`, { files: stale.value });
  const files = hubInstallFiles(root);
  if (!files.ok) return files;
  const migrations = hubMigrations(root);
  if (!migrations.ok) return migrations;
  const appVersion = installedVersion(root);
  if (appVersion === null) return err('HUB_INSTALL_MISMATCH', 'package.json cannot be read', { file: 'package.json' });
  return ok({ format: 1, appVersion, digest: hubDigest(files.value), files: files.value, migrations: migrations.value });
}

export function installedVersion(root: string): string | null {
  try {
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

export function parseHubRelease(text: string): Result<HubRelease> {
  try {
    const parsed = HubReleaseSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return err('INPUT_INVALID', `${HUB_RELEASE_FILE} is not a hub release: ${parsed.error.issues[0]?.message ?? ''}`);
    if (hubDigest(parsed.data.files) !== parsed.data.digest) return err('INPUT_INVALID', `${HUB_RELEASE_FILE}: its digest is not the digest of its files`);
    return ok(parsed.data);
  } catch (e) {
    return err('INPUT_INVALID', `${HUB_RELEASE_FILE} is not JSON: ${(e as Error).message}`);
  }
}

export interface HubFileDifference {
  readonly changed: string[];
  readonly missing: string[];
  readonly extra: string[];
}

export function compareHubFiles(release: Record<string, string>, installed: Record<string, string>): HubFileDifference {
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [path, hash] of Object.entries(release)) {
    if (!Object.hasOwn(installed, path)) missing.push(path);
    else if (installed[path] !== hash) changed.push(path);
  }
  return { changed, missing, extra: Object.keys(installed).filter((p) => !Object.hasOwn(release, p)) };
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
