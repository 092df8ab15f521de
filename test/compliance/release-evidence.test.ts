/**
 * Evidence about the product itself: the documents are versioned with the app and hashed into
 * the release (P11-14), and the validation kit a plant receives (A11-04, D25-10).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, utimesSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../fakes/cli-runner.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import { docsHash, readReleaseInfo } from '../../src-main/release-info.ts';
import { readJournal } from '../../src-main/db/open-station-db.ts';
import { buildManifest } from '../../src-cli/qualify/release-manifest.ts';
import { checkLockfile } from '../../src-cli/evidence/validation-kit.ts';
import { makeTestApi, type TestApi } from '../fakes/test-api.ts';
import { FIXTURE_BUNDLE_DIR, FIXTURE_LOCK, writeProjectFixture } from '../fakes/release-fixture.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

const cli = (args: string[]) => runCli(args);

describe('documents under version control (P11-14)', () => {
  let api: TestApi | undefined;
  afterAll(() => api?.station.cleanup());

  it('P11-14 docs/VERSION, package.json and the code name the same version, and CHANGELOG.md has its entry', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe(SOFTWARE_VERSION);
    expect(readFileSync(join(ROOT, 'docs/VERSION'), 'utf8').trim()).toBe(pkg.version);
    const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
    const entries = [...changelog.matchAll(/^## (\d+\.\d+\.\d+)\b/gm)].map((m) => m[1]);
    // The newest entry (the first) is the current version.
    expect(entries[0]).toBe(pkg.version);
  });

  it('P11-14 batchline --version --json shows the app version, the docs version and hash, and the schema version', async () => {
    const r = await cli(['--version', '--json']);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.out) as Record<string, string>;
    const journal = readJournal(join(ROOT, 'migrations')).entries;
    expect(v).toEqual({ appVersion: SOFTWARE_VERSION, docsVersion: SOFTWARE_VERSION, docsSha256: docsHash(join(ROOT, 'docs')), schemaVersion: journal.at(-1)!.tag });
    expect(v.docsSha256).toMatch(/^[0-9a-f]{64}$/);
    const plain = await cli(['--version']);
    expect(plain.out.split('\n')[0]).toBe(`batchline ${SOFTWARE_VERSION}`);
  });

  it('P11-14 the docs hash changes with any byte of docs/, and the release manifest records docs version and hash', () => {
    const copy = mkdtempSync(join(tmpdir(), 'docs-hash-'));
    try {
      for (const f of ['docs', 'migrations', 'package.json']) cpSync(join(ROOT, f), join(copy, f), { recursive: true });
      const before = readReleaseInfo(copy);
      expect(before.docsSha256).toBe(docsHash(join(ROOT, 'docs')));
      appendFileSync(join(copy, 'docs/operator-guide.md'), ' ');
      expect(readReleaseInfo(copy).docsSha256).not.toBe(before.docsSha256);
      const manifest = buildManifest(copy, SOFTWARE_VERSION);
      expect(manifest.docs).toEqual({ version: SOFTWARE_VERSION, sha256: readReleaseInfo(copy).docsSha256 });
      expect(manifest.schemaVersion).toBe(before.schemaVersion);
      rmSync(join(copy, 'docs/VERSION'));
      expect(readReleaseInfo(copy).docsVersion).toBeNull();
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('P11-14 the station tells its About panel the release: app version, docs version and hash, schema', async () => {
    api = makeTestApi();
    const info = await api.call('station.info', {}, null);
    if (!info.ok) throw new Error(info.error.message);
    expect(info.value.softwareVersion).toBe(SOFTWARE_VERSION);
    expect(info.value.release).toEqual({ docsVersion: SOFTWARE_VERSION, docsSha256: docsHash(join(ROOT, 'docs')), schemaVersion: readJournal(join(ROOT, 'migrations')).entries.at(-1)!.tag });
  });
});

describe('validation kit (A11-04, D25-10)', () => {
  let root: string;
  let out: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kit-'));
    out = join(root, 'kit');
    writeProjectFixture(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('A11-04 D25-10 writes RTM, test report, risk register, CycloneDX SBOM from the lockfile, known issues and a manifest whose hashes match', async () => {
    const r = await cli(['validation-kit', '--root', root, '--out', out]);
    expect(r.err).not.toMatch(/INPUT_INVALID/);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'MANIFEST.json'), 'utf8')) as { appVersion: string; testRunStartedAt: string; files: Record<string, string> };
    expect(Object.keys(manifest.files).sort()).toEqual(['hub-release.json', 'known-issues.md', 'release.json', 'risk-register.md', 'rtm.html', 'rtm.json', 'sbom.cdx.json', 'test-report.md']);
    for (const [name, hash] of Object.entries(manifest.files)) expect(createHash('sha256').update(readFileSync(join(out, name))).digest('hex'), name).toBe(hash);
    // The last line printed is the manifest's own hash, for the release notes.
    expect(r.out.split('\n').at(-1)).toBe(`${createHash('sha256').update(readFileSync(join(out, 'MANIFEST.json'))).digest('hex')}  MANIFEST.json (put this line in the release notes)`);
    expect(manifest.testRunStartedAt).toBe('2026-12-05T08:00:00.000Z');

    const sbom = JSON.parse(readFileSync(join(out, 'sbom.cdx.json'), 'utf8')) as { bomFormat: string; components: { name: string; version: string }[] };
    expect(sbom.bomFormat).toBe('CycloneDX');
    // Runtime dependencies only: the dev dependency is not shipped.
    expect(sbom.components.map((c) => `${c.name}@${c.version}`)).toEqual(['left-pad@1.3.0']);

    const rtm = JSON.parse(readFileSync(join(out, 'rtm.json'), 'utf8')) as { rows: { id: string; status: string }[] };
    expect(rtm.rows.map((x) => [x.id, x.status])).toEqual([['A11-02', 'none'], ['A11-04', 'proven'], ['FR-01', 'failing']]);
    const report = readFileSync(join(out, 'test-report.md'), 'utf8');
    expect(report).toContain('2 tests in 1 files: 1 passed, 1 failed, 0 skipped or not run.');
    expect(report).toContain('- test/a.test.ts › FR-01 dispenses');
    const issues = readFileSync(join(out, 'known-issues.md'), 'utf8');
    expect(issues).toContain('- No encryption at rest.');
    expect(issues).toContain('- A11-02 (none): Risk');
    expect(issues).toContain('- FR-01 (failing): An order');
    expect(readFileSync(join(out, 'risk-register.md'), 'utf8')).toMatch(/\| R-01 \|.*A11-04 ✓ \| ok \|/);
    expect(JSON.parse(readFileSync(join(out, 'release.json'), 'utf8'))).toMatchObject({ docsVersion: '1.2.3', schemaVersion: '0000_first' });

    // The hub the release ships, file by file, and its migrations as drizzle records them.
    const hub = JSON.parse(readFileSync(join(out, 'hub-release.json'), 'utf8')) as { digest: string; files: Record<string, string>; migrations: { tag: string; when: number; sha256: string }[] };
    expect(Object.keys(hub.files)).toEqual([
      'bin/batchline.mjs',
      'dist-cli/bundle/hub-ABCDEF12.mjs',
      'dist-cli/bundle/main.mjs',
      'dist-cli/bundle/main.mjs.map',
      'dist-console/assets/console-1a2b3c.js',
      'dist-console/index.html',
      'package-lock.json',
      'package.json',
      'src-server/db/migrations/0000_fixture_lots.sql',
      'src-server/db/migrations/0001_fixture_orders.sql',
      'src-server/db/migrations/0002_fixture_index.sql',
      'src-server/db/migrations/meta/_journal.json',
    ]);
    expect(hub.files['dist-cli/bundle/main.mjs']).toBe(createHash('sha256').update(readFileSync(join(root, 'dist-cli', FIXTURE_BUNDLE_DIR, 'main.mjs'))).digest('hex'));
    expect(hub.migrations.map((m) => [m.tag, m.when])).toEqual([['0000_fixture_lots', 1000], ['0001_fixture_orders', 2000], ['0002_fixture_index', 3000]]);
    expect(hub.migrations[0]!.sha256).toBe(hub.files['src-server/db/migrations/0000_fixture_lots.sql']);
    expect(manifest).toMatchObject({ hubDigest: hub.digest });
    expect(r.out).toContain(`${hub.digest}  hub digest (hub-release.json`);
  });

  it('A11-04 D25-10 no kit names a bundle that is not the one its sources make: a source newer than the bundle, or no bundle, makes no kit', async () => {
    const later = new Date(Date.now() + 3_600_000);
    utimesSync(join(root, 'src-cli/main.ts'), later, later);
    const stale = await cli(['validation-kit', '--root', root, '--out', out]);
    expect(stale.code).toBe(1);
    expect(stale.err).toContain('HUB_BUNDLE_STALE: the CLI bundle is older than 1 of its sources (src-cli/main.ts)');
    expect(existsSync(out)).toBe(false);
    rmSync(join(root, 'dist-cli'), { recursive: true });
    const none = await cli(['validation-kit', '--root', root, '--out', out]);
    expect(none.code).toBe(1);
    expect(none.err).toContain('HUB_INSTALL_MISMATCH: no CLI bundle is built (dist-cli/current.json is missing)');
    expect(existsSync(out)).toBe(false);
  });

  it('A11-04 every dependency must be pinned: a lockfile out of step with package.json, or an entry without an integrity hash, makes no kit', async () => {
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fixture-app', version: '1.2.3', dependencies: { 'left-pad': '^1.3.0' }, devDependencies: { 'dev-only': '2.0.0' } }));
    const drift = await cli(['validation-kit', '--root', root, '--out', out]);
    expect(drift.code).toBe(1);
    expect(drift.err).toContain('the lockfile does not pin what package.json asks for: left-pad: package.json ^1.3.0, lockfile 1.3.0');
    expect(existsSync(out)).toBe(false);
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fixture-app', version: '1.2.3', dependencies: { 'left-pad': '1.3.0' }, devDependencies: { 'dev-only': '2.0.0' } }));
    const unpinned = structuredClone(FIXTURE_LOCK) as { packages: Record<string, { integrity?: string }> };
    delete unpinned.packages['node_modules/left-pad']!.integrity;
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify(unpinned));
    const r = await cli(['validation-kit', '--root', root, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('node_modules/left-pad: no pinned version with an integrity hash');
  });

  it('A11-04 the project itself: package-lock.json pins exactly what package.json asks for', () => {
    expect(checkLockfile(ROOT)).toEqual({ ok: true, value: true });
  });

  it('A11-04 D25-10 without a test run there is no kit: the command says why and writes nothing', async () => {
    rmSync(join(root, 'test-results/vitest.json'));
    const r = await cli(['validation-kit', '--root', root, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('INPUT_INVALID: no test results at test-results/vitest.json');
    expect(existsSync(out)).toBe(false);
    expect((await cli(['validation-kit', '--root', root])).code).toBe(2);
  });
});
