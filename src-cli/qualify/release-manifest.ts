/**
 * The release manifest: SHA-256 of every shipped file, written when a release is packaged
 * (`batchline qualify --write-manifest FILE`) and checked by IQ on the plant's machine, so an
 * installation that differs from the release by one byte is named, file by file (COMPLIANCE
 * A11-01: "app binary hash vs release manifest").
 *
 * Shipped = what runs: the CLI entry, the sources the CLI, station and hub load, the database
 * migrations and the package files that pin dependencies. Tests and docs are not installed.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { readReleaseInfo } from '../../src-main/release-info.ts';

export const SHIPPED = ['bin', 'src-cli', 'src-core', 'src-main', 'src-server', 'src-shared', 'migrations', 'package.json', 'package-lock.json'] as const;

const ManifestSchema = z.object({
  version: z.string(),
  /** The documents released with this version (P11-14): docs/VERSION and a SHA-256 over docs/. */
  docs: z.object({ version: z.string().nullable(), sha256: z.string().nullable() }).optional(),
  /** The station database schema this version's migrations make (the last migration's tag). */
  schemaVersion: z.string().optional(),
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type ReleaseManifest = z.infer<typeof ManifestSchema>;

export function buildManifest(root: string, version: string): ReleaseManifest {
  const files: Record<string, string> = {};
  for (const path of shippedFiles(root)) files[path] = sha256File(join(root, path));
  const release = readReleaseInfo(root);
  return { version, docs: { version: release.docsVersion, sha256: release.docsSha256 }, schemaVersion: release.schemaVersion, files };
}

export function parseManifest(text: string): Result<ReleaseManifest> {
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? ok(parsed.data) : err('INPUT_INVALID', 'not a release manifest ({ version, files: { path: sha256 } })');
  } catch (e) {
    return err('INPUT_INVALID', `the manifest is not JSON: ${(e as Error).message}`);
  }
}

export interface ManifestDifference {
  readonly changed: string[];
  readonly missing: string[];
  /** Shipped-looking files the release did not have (something was added to the install). */
  readonly extra: string[];
  readonly checked: number;
}

export function compareWithManifest(root: string, manifest: ReleaseManifest): ManifestDifference {
  const present = new Set(shippedFiles(root));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [path, hash] of Object.entries(manifest.files)) {
    if (!present.has(path)) missing.push(path);
    else if (sha256File(join(root, path)) !== hash) changed.push(path);
  }
  const extra = [...present].filter((p) => !(p in manifest.files));
  return { changed, missing, extra, checked: Object.keys(manifest.files).length };
}

function shippedFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (path: string) => {
    let st;
    try {
      st = statSync(path);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (name !== 'node_modules') visit(join(path, name));
    } else if (!/\.test\.tsx?$/.test(path)) {
      out.push(relative(root, path).split(sep).join('/'));
    }
  };
  for (const top of SHIPPED) visit(join(root, top));
  return out;
}

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
