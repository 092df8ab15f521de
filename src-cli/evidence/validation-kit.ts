/**
 * The validation kit a plant receives with a release (COMPLIANCE A11-04, D25-10): the evidence
 * the supplier holds, as files with their hashes, built from the project folder and the results
 * of its last test run:
 *
 *   rtm.json, rtm.html      the traceability matrix (every requirement, its tests, their result)
 *   test-report.md          the test run summarised: totals and every file's counts, failures named
 *   risk-register.md        the FMEA table of docs/risk.yaml judged against the run
 *   sbom.cdx.json           CycloneDX SBOM of the runtime dependencies (npm sbom, from package-lock.json)
 *   known-issues.md         docs/known-issues.md, then every requirement not proven in the run
 *   release.json            app version, docs version and hash, schema version
 *   hub-release.json        the hub's installed files (CLI bundle, migrations, console) with
 *                           their SHA-256 and digest, and its migrations (`hub iq` holds a plant's
 *                           hub to them; src-cli/release/hub-release.ts)
 *   MANIFEST.json           SHA-256 of each file above and the hub digest; its own SHA-256 goes
 *                           in the release notes, and `batchline release sign` signs it
 *
 * No kit is written without a test run, from a lockfile that does not pin what package.json asks
 * for (every package with a version and an integrity hash), or without a current CLI bundle.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { readReleaseInfo } from '../../src-main/release-info.ts';
import { judgeStrict, type Matrix } from '../qualify/rtm-matrix.ts';
import { renderHtml, summaryLine } from '../qualify/rtm-render.ts';
import type { TestRun } from '../qualify/test-results.ts';
import { lastRunMatrix } from './last-run-matrix.ts';
import { judgeRisks, parseRiskRegister, renderFmea } from './risk-register.ts';
import { buildHubRelease, HUB_RELEASE_FILE } from '../release/hub-release.ts';
import { SIGNATURE_FILE } from '../release/release-signature.ts';

export interface KitOptions {
  readonly root: string;
  readonly out: string;
  readonly results: readonly string[];
  /** Tests only: how the SBOM is made (default: `npm sbom` in the project folder). */
  readonly sbom?: (root: string) => string;
  readonly now?: Date;
}

export interface KitManifest {
  readonly kit: 'batchline-validation-kit';
  readonly appVersion: string;
  readonly createdAt: string;
  readonly testRunStartedAt: string | null;
  /** The hub installation's digest (hub-release.json), for the release notes beside the manifest's hash. */
  readonly hubDigest: string;
  readonly files: Record<string, string>;
}

export interface KitResult {
  readonly manifest: KitManifest;
  readonly manifestSha256: string;
  readonly summary: string;
  /** How many of the hub's files are console assets (none: the console was not built). */
  readonly consoleFiles: number;
}

export function npmSbom(root: string): string {
  // --package-lock-only: the SBOM names what the release pins, not whatever node_modules holds.
  return execFileSync('npm', ['sbom', '--sbom-format', 'cyclonedx', '--omit', 'dev', '--package-lock-only'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function writeValidationKit(opts: KitOptions): Result<KitResult> {
  const root = resolve(opts.root);
  const last = lastRunMatrix(root, opts.results);
  if (!last.ok) return last;
  if (last.value.run === null) return err('INPUT_INVALID', `no test results at ${opts.results.join(', ')}: run the tests first, a kit without a test run is not evidence`);
  const { matrix, run } = last.value;
  let sbomText: string;
  try {
    sbomText = (opts.sbom ?? npmSbom)(root);
  } catch (e) {
    return err('INPUT_INVALID', `the SBOM could not be made: ${(e as Error).message.split('\n')[0]}`);
  }
  const sbom = checkSbom(sbomText);
  if (!sbom.ok) return sbom;
  const pinned = checkLockfile(root);
  if (!pinned.ok) return pinned;
  const riskPath = join(root, 'docs', 'risk.yaml');
  if (!existsSync(riskPath)) return err('INPUT_INVALID', 'no risk register at docs/risk.yaml');
  const register = parseRiskRegister(readFileSync(riskPath, 'utf8'));
  if (!register.ok) return register;

  const release = readReleaseInfo(root);
  const hub = buildHubRelease(root);
  if (!hub.ok) return hub;
  const files: Record<string, string> = {
    'rtm.json': JSON.stringify({ ...matrix, judgement: { mode: 'strict', ...judgeStrict(matrix) } }, null, 2) + '\n',
    'rtm.html': renderHtml(matrix, judgeStrict(matrix), 'strict'),
    'test-report.md': testReport(run, matrix).join('\n') + '\n',
    'risk-register.md': renderFmea(judgeRisks(register.value, matrix, run), matrix.runStartedAt).join('\n') + '\n',
    'sbom.cdx.json': sbomText.endsWith('\n') ? sbomText : sbomText + '\n',
    'known-issues.md': knownIssues(root, matrix).join('\n') + '\n',
    'release.json': JSON.stringify(release, null, 2) + '\n',
    [HUB_RELEASE_FILE]: JSON.stringify(hub.value, null, 2) + '\n',
  };
  mkdirSync(opts.out, { recursive: true });
  // A signature left from an earlier kit in this folder signs another manifest: it goes.
  rmSync(join(opts.out, SIGNATURE_FILE), { force: true });
  const hashes: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(opts.out, name), text);
    hashes[name] = sha256(text);
  }
  const manifest: KitManifest = {
    kit: 'batchline-validation-kit',
    appVersion: release.appVersion,
    createdAt: (opts.now ?? new Date()).toISOString(),
    testRunStartedAt: matrix.runStartedAt,
    hubDigest: hub.value.digest,
    files: hashes,
  };
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';
  writeFileSync(join(opts.out, 'MANIFEST.json'), manifestText);
  const consoleFiles = Object.keys(hub.value.files).filter((f) => f.startsWith('dist-console/')).length;
  return ok({ manifest, manifestSha256: sha256(manifestText), summary: summaryLine(matrix), consoleFiles });
}

/**
 * Every dependency pinned (COMPLIANCE A11-04): package-lock.json names exactly the ranges
 * package.json does, and pins each installed package to a version with an integrity hash. A kit
 * built from a lockfile out of step with package.json would describe another product.
 */
export function checkLockfile(root: string): Result<true> {
  let pkg: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  let lock: { lockfileVersion?: number; packages?: Record<string, { version?: string; integrity?: string; link?: boolean; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }> };
  try {
    pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as typeof pkg;
    lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as typeof lock;
  } catch (e) {
    return err('INPUT_INVALID', `package.json and package-lock.json must both be readable JSON: ${(e as Error).message}`);
  }
  const top = lock.packages?.[''];
  if (!top || (lock.lockfileVersion ?? 0) < 2) return err('INPUT_INVALID', 'package-lock.json is not a lockfile of version 2 or later');
  const problems: string[] = [];
  for (const field of ['dependencies', 'devDependencies'] as const) {
    const want = pkg[field] ?? {};
    const locked = top[field] ?? {};
    for (const name of new Set([...Object.keys(want), ...Object.keys(locked)])) {
      if (want[name] !== locked[name]) problems.push(`${name}: package.json ${want[name] ?? '(none)'}, lockfile ${locked[name] ?? '(none)'}`);
    }
  }
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === '' || entry.link) continue;
    if (!entry.version || !entry.integrity) problems.push(`${path}: no pinned version with an integrity hash`);
  }
  if (problems.length > 0) return err('INPUT_INVALID', `the lockfile does not pin what package.json asks for: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; … (${problems.length})` : ''}`);
  return ok(true);
}

function checkSbom(text: string): Result<true> {
  try {
    const bom = JSON.parse(text) as { bomFormat?: unknown; components?: unknown };
    if (bom.bomFormat !== 'CycloneDX' || !Array.isArray(bom.components)) return err('INPUT_INVALID', 'the SBOM is not a CycloneDX document with components');
    return ok(true);
  } catch (e) {
    return err('INPUT_INVALID', `the SBOM is not JSON: ${(e as Error).message}`);
  }
}

function testReport(run: TestRun, matrix: Matrix): string[] {
  const byFile = new Map<string, { passed: number; failed: number; skipped: number }>();
  for (const t of run.tests) {
    const c = byFile.get(t.file) ?? { passed: 0, failed: 0, skipped: 0 };
    c[t.status] += 1;
    byFile.set(t.file, c);
  }
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const c of byFile.values()) for (const k of ['passed', 'failed', 'skipped'] as const) total[k] += c[k];
  const lines = [
    '# Test report',
    '',
    `Run started ${run.startedAt ?? '(unknown)'}, results from ${matrix.resultsFrom ?? '-'}.`,
    '',
    `${run.tests.length} tests in ${byFile.size} files: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped or not run.`,
    '',
    summaryLine(matrix),
    '',
    '| file | passed | failed | skipped |',
    '|---|---|---|---|',
  ];
  for (const [file, c] of [...byFile.entries()].sort(([a], [b]) => a.localeCompare(b))) lines.push(`| ${file} | ${c.passed} | ${c.failed} | ${c.skipped} |`);
  const failed = run.tests.filter((t) => t.status === 'failed');
  if (failed.length > 0) {
    lines.push('', '## Failed tests', '');
    for (const t of failed) lines.push(`- ${t.file} › ${t.title}`);
  }
  return lines;
}

function knownIssues(root: string, matrix: Matrix): string[] {
  const doc = join(root, 'docs', 'known-issues.md');
  const lines = existsSync(doc) ? readFileSync(doc, 'utf8').trimEnd().split('\n') : ['# Known issues', '', '(docs/known-issues.md is missing)'];
  const open = matrix.rows.filter((r) => r.status !== 'proven');
  lines.push('', '## Requirements without a passing test in this run', '');
  if (open.length === 0) lines.push('None: every requirement has a passing test.');
  for (const r of open) lines.push(`- ${r.id} (${r.status}): ${r.text}`);
  return lines;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
