/**
 * What this installation is, as a release (COMPLIANCE P11-14: documentation under version
 * control, released with the app): the app version, the version of the documents it ships
 * (docs/VERSION — the documents say which release they describe), a SHA-256 over every file in
 * docs/, and the database schema version its migrations make. Shown by the station's About
 * panel (station.info) and `batchline --version --json`, and written into the release manifest.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOFTWARE_VERSION } from '../src-shared/version.ts';
import { DEFAULT_MIGRATIONS_FOLDER, readJournal } from './db/open-station-db.ts';

/** The folder holding docs/, migrations/ and package.json of this installation. */
export const INSTALLATION_ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface ReleaseInfo {
  readonly appVersion: string;
  /** docs/VERSION, or null when this installation ships no documents. */
  readonly docsVersion: string | null;
  /** SHA-256 over docs/ (each file's path and hash, sorted), or null without docs/. */
  readonly docsSha256: string | null;
  /** The station schema: the tag of its last migration (e.g. 0003_merkle_tree_state). */
  readonly schemaVersion: string;
}

export function docsHash(docsFolder: string): string | null {
  if (!existsSync(docsFolder)) return null;
  const files: string[] = [];
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name));
    else files.push(path);
  };
  visit(docsFolder);
  const h = createHash('sha256');
  for (const file of files.sort()) {
    const rel = relative(docsFolder, file).split(sep).join('/');
    h.update(`${rel}\u0000${createHash('sha256').update(readFileSync(file)).digest('hex')}\n`);
  }
  return h.digest('hex');
}

export function stationSchemaVersion(migrationsFolder = DEFAULT_MIGRATIONS_FOLDER): string {
  const entries = readJournal(migrationsFolder).entries;
  return entries.at(-1)?.tag ?? 'none';
}

export function readReleaseInfo(root = INSTALLATION_ROOT, migrationsFolder = join(root, 'migrations')): ReleaseInfo {
  const versionFile = join(root, 'docs', 'VERSION');
  return {
    appVersion: SOFTWARE_VERSION,
    docsVersion: existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim() : null,
    docsSha256: docsHash(join(root, 'docs')),
    schemaVersion: existsSync(migrationsFolder) ? stationSchemaVersion(migrationsFolder) : 'unknown',
  };
}

let cached: ReleaseInfo | null = null;
/** The installation's own release info, read once per process (docs do not change under a running station). */
export function installedReleaseInfo(): ReleaseInfo {
  cached ??= readReleaseInfo();
  return cached;
}
