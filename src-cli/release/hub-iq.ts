/**
 * IQ of an installed hub against its signed release (COMPLIANCE D25-10: "`hub iq` verifies the
 * deployed image digest equals the release digest"; docs/it-guide.md):
 *
 *   HIQ-01  the release kit verifies with the trusted release key (release-signature.ts)
 *   HIQ-02  the installed version is the release's
 *   HIQ-03  the bundle is current: no source it was built from is newer (else the next start
 *           rebuilds it, and other code runs than was measured)
 *   HIQ-04  the installed hub's files (bundle, migrations, console, package files) have the
 *           release's digest; a changed, missing or added file is named
 *   HIQ-05  the database has applied exactly the release's migrations (none missing, none extra,
 *           none from other SQL)
 *
 * Without a verified release (HIQ-01) nothing in the kit is believed, so HIQ-02…05 are n/a and
 * the report is "not qualified". Every failed check carries its typed code.
 */
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCode } from '../../src-shared/errors.ts';
import { err, type Result } from '../../src-shared/result.ts';
import { readAppliedMigrations, type AppliedMigration } from '../../src-server/db/applied-migrations.ts';
import { check, type QualificationCheck } from '../qualify/qualification-check.ts';
import { compareHubFiles, sha256, hubDigest, hubInstallFiles, HUB_RELEASE_FILE, installedVersion, parseHubRelease, staleBundleInputs, type HubMigration, type HubRelease } from './hub-release.ts';
import { verifyKit, type VerifiedKit } from './release-signature.ts';
import { keyFingerprint } from './release-key.ts';

export interface HubIqCheck extends QualificationCheck {
  /** The refusal's code when the check failed. */
  readonly code?: ErrorCode;
}

export interface HubIqInput {
  /** The installation to check: the folder holding bin/, dist-cli/, src-server/ and package.json. */
  readonly root: string;
  readonly releaseDir: string;
  readonly trusted: KeyObject;
  readonly database: { readonly dataDir?: string; readonly databaseUrl?: string };
  /** Called after each check, for progress. */
  readonly onCheck?: (done: number) => void;
}

export interface HubIqResult {
  readonly checks: HubIqCheck[];
  readonly release: { readonly appVersion: string; readonly manifestSha256: string; readonly keyFingerprint: string; readonly signedAt: string; readonly signedAtCovered: boolean; readonly hubDigest: string } | null;
  readonly installedDigest: string | null;
}

export const HUB_IQ_CHECKS = 5;

export async function hubIqChecks(input: HubIqInput): Promise<HubIqResult> {
  const checks: HubIqCheck[] = [];
  const push = (c: HubIqCheck) => {
    checks.push(c);
    input.onCheck?.(checks.length);
  };
  const fingerprint = keyFingerprint(input.trusted);
  const verified = verifyKit(input.releaseDir, input.trusted);
  let release: HubRelease | null = null;
  let kit: VerifiedKit | null = null;
  if (!verified.ok) {
    push(failed('HIQ-01', 'Release signature', `the release kit verifies with the release key ${fingerprint}`, verified.error.code, verified.error.message));
  } else if (!Object.hasOwn(verified.value.manifest.files, HUB_RELEASE_FILE)) {
    push(failed('HIQ-01', 'Release signature', `the release kit verifies with the release key ${fingerprint}`, 'INPUT_INVALID', `the signed kit lists no ${HUB_RELEASE_FILE}: it was made by a version that did not name the hub's files`));
  } else {
    // The bytes used are the bytes the signed manifest names (not a file swapped after the check).
    const text = readFileSync(join(input.releaseDir, HUB_RELEASE_FILE));
    const parsed = sha256(text) === verified.value.manifest.files[HUB_RELEASE_FILE] ? parseHubRelease(text.toString('utf8')) : err('RELEASE_FILE_CHANGED', `${HUB_RELEASE_FILE} changed while it was checked`);
    if (!parsed.ok) push(failed('HIQ-01', 'Release signature', `the release kit verifies with the release key ${fingerprint}`, parsed.error.code, parsed.error.message));
    else {
      release = parsed.value;
      kit = verified.value;
      push(check('IQ', 'HIQ-01', 'Release signature', `the release kit verifies with the release key ${fingerprint}`, `verified: ${Object.keys(kit.manifest.files).length} files, MANIFEST.json SHA-256 ${kit.manifestSha256}; ${kit.signedAtCovered ? `signed ${kit.signedAt} (the time is signed)` : `signing time as the signature file states it, NOT covered by the signature (format 1, signed before FR-126): ${kit.signedAt}`}`, true));
    }
  }
  if (release === null || kit === null) {
    for (const [id, title] of [['HIQ-02', 'Installed version'], ['HIQ-03', 'Bundle is current'], ['HIQ-04', 'Installed hub files against the release digest'], ['HIQ-05', 'Applied database migrations']] as const) {
      push(check('IQ', id, title, 'checked against a verified release', 'not checked: the release did not verify (HIQ-01)', 'n/a'));
    }
    return { checks, release: null, installedDigest: null };
  }

  const version = installedVersion(input.root);
  push(version === release.appVersion
    ? check('IQ', 'HIQ-02', 'Installed version', `batchline ${release.appVersion}`, `batchline ${version}`, true)
    : failed('HIQ-02', 'Installed version', `batchline ${release.appVersion}`, 'HUB_INSTALL_MISMATCH', `package.json: batchline ${version ?? '(unreadable)'}, the release is ${release.appVersion}`));

  const stale = readable(() => staleBundleInputs(input.root));
  push(!stale.ok
    ? failed('HIQ-03', 'Bundle is current', 'no source of the bundle is newer than it', stale.error.code, stale.error.message)
    : stale.value.length === 0
      ? check('IQ', 'HIQ-03', 'Bundle is current', 'no source of the bundle is newer than it', 'current', true)
      : failed('HIQ-03', 'Bundle is current', 'no source of the bundle is newer than it', 'HUB_BUNDLE_STALE', `${stale.value.length} sources newer than the bundle or gone: ${list(stale.value)}`));

  const installed = readable(() => hubInstallFiles(input.root));
  let installedDigest: string | null = null;
  const expectedFiles = `hub digest ${release.digest} (${Object.keys(release.files).length} files)`;
  if (!installed.ok) push(failed('HIQ-04', 'Installed hub files against the release digest', expectedFiles, installed.error.code, installed.error.message));
  else {
    installedDigest = hubDigest(installed.value);
    const d = compareHubFiles(release.files, installed.value);
    const problems = [...d.changed.map((p) => `changed: ${p}`), ...d.missing.map((p) => `missing: ${p}`), ...d.extra.map((p) => `not in the release: ${p}`)];
    push(problems.length === 0
      ? check('IQ', 'HIQ-04', 'Installed hub files against the release digest', expectedFiles, `hub digest ${installedDigest} (${Object.keys(installed.value).length} files)`, true)
      : failed('HIQ-04', 'Installed hub files against the release digest', expectedFiles, 'HUB_INSTALL_MISMATCH', `hub digest ${installedDigest}; ${problems.length} files differ: ${list(problems)}`));
  }

  const applied = await readAppliedMigrations(input.database);
  const expectedMigrations = `exactly the release's ${release.migrations.length} migrations, the last ${release.migrations.at(-1)?.tag ?? '-'}`;
  if (!applied.ok) push(failed('HIQ-05', 'Applied database migrations', expectedMigrations, applied.error.code, applied.error.message));
  else {
    const problems = migrationProblems(release.migrations, applied.value);
    push(problems.length === 0
      ? check('IQ', 'HIQ-05', 'Applied database migrations', expectedMigrations, `${applied.value.length} applied, all the release's`, true)
      : failed('HIQ-05', 'Applied database migrations', expectedMigrations, 'HUB_MIGRATIONS_MISMATCH', `${applied.value.length} applied; ${list(problems)}`));
  }
  return {
    checks,
    release: { appVersion: release.appVersion, manifestSha256: kit.manifestSha256, keyFingerprint: kit.keyFingerprint, signedAt: kit.signedAt, signedAtCovered: kit.signedAtCovered, hubDigest: release.digest },
    installedDigest,
  };
}

/** drizzle keys an applied migration by its journal `when` and records the SQL's hash. */
export function migrationProblems(release: readonly HubMigration[], applied: readonly AppliedMigration[]): string[] {
  const byWhen = new Map(applied.map((a) => [a.createdAt, a]));
  const problems: string[] = [];
  for (const m of release) {
    const a = byWhen.get(m.when);
    if (!a) problems.push(`missing: ${m.tag}`);
    else if (a.hash !== m.sha256) problems.push(`applied from other SQL: ${m.tag} (hash ${a.hash.slice(0, 12)}…, the release's ${m.sha256.slice(0, 12)}…)`);
  }
  const known = new Set(release.map((m) => m.when));
  for (const a of applied) if (!known.has(a.createdAt)) problems.push(`not in the release: the migration of ${a.createdAt} (hash ${a.hash.slice(0, 12)}…)`);
  return problems;
}

/** A file the check cannot read (permissions, a broken link) fails the check; it does not crash the run. */
function readable<T>(run: () => Result<T>): Result<T> {
  try {
    return run();
  } catch (e) {
    return err('IO_ERROR', `the installation cannot be read: ${(e as Error).message}`);
  }
}

function failed(id: string, title: string, expected: string, code: ErrorCode, message: string): HubIqCheck {
  return { ...check('IQ', id, title, expected, `${code}: ${message}`, false), code };
}

function list(items: readonly string[]): string {
  return `${items.slice(0, 10).join('; ')}${items.length > 10 ? `; … (${items.length})` : ''}`;
}
