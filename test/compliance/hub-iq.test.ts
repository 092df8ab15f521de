/**
 * `batchline hub iq` (COMPLIANCE D25-10: "`hub iq` verifies the deployed image digest equals the
 * release digest"). The installation is a fixture project (test/fakes/release-fixture.ts) whose
 * validation kit is signed with a release key; the database is a real embedded one, migrated by
 * the hub's own openHubDb from the installation's migrations. Each refusal is typed and named:
 * a changed bundle file, a file added to the console, a stale bundle, a missing migration, an
 * extra one, an unsigned release, a release signed by another key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, appendFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { captureIo, runCli } from '../fakes/cli-runner.ts';
import { runHubIq } from '../../src-cli/commands/hub-iq.ts';
import { openHubDb } from '../../src-server/db/open-hub-db.ts';
import { FIXTURE_BUNDLE_DIR, FIXTURE_MIGRATIONS, writeProjectFixture } from '../fakes/release-fixture.ts';
import type { HubIqReport } from '../../src-cli/release/hub-iq-report.ts';
import { pgliteEmptyDataDir } from '../hub/support/hub-backends.ts';

const PASSPHRASE = 'hub iq release passphrase';

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env });

describe('hub iq against the signed release (D25-10)', () => {
  let dir: string;
  let project: string;
  let kit: string;
  let pub: string;
  let data: string;
  let n = 0;
  const copy = (from: string, name: string) => {
    const to = join(dir, `${name}-${++n}`);
    // Timestamps kept: a copied installation is not one whose sources are newer than its bundle.
    cpSync(from, to, { recursive: true, preserveTimestamps: true });
    return to;
  };
  /** One hub iq run; the PDF only where a test reads it (a CJK font makes it the slow part). */
  const iq = async (opts: { root?: string; release?: string; data?: string; lang?: string; publicKey?: string } = {}) => {
    const c = captureIo();
    const out = join(dir, `report-${++n}`);
    const code = await runHubIq({ release: opts.release ?? kit, publicKey: opts.publicKey ?? pub, data: opts.data ?? data, out, lang: opts.lang ?? 'en', installRoot: opts.root ?? project, font: '/nonexistent-font.ttf' }, c);
    const json = readdirSync(out).find((f) => f.endsWith('.json'))!;
    const report = JSON.parse(readFileSync(join(out, json), 'utf8')) as HubIqReport;
    return { code, ...c.text(), report, reportDir: out, check: (id: string) => report.checks.find((x) => x.id === id)! };
  };
  /** A copy of the database with one statement run on drizzle's record of applied migrations. */
  const databaseWith = async (sql: string) => {
    const copied = copy(data, 'data');
    const db = new PGlite(join(copied, 'pgdata'));
    try {
      await db.exec(sql);
    } finally {
      await db.close();
    }
    return copied;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hub-iq-'));
    project = join(dir, 'project');
    writeProjectFixture(project);
    kit = join(dir, 'kit');
    expect((await cli(['validation-kit', '--root', project, '--out', kit])).code).toBe(0);
    const key = join(dir, 'release-key.pem');
    pub = join(dir, 'release-key.pub.pem');
    const env = { BATCHLINE_RELEASE_PASSPHRASE: PASSPHRASE };
    expect((await cli(['release', 'keygen', '--out', key], env)).code).toBe(0);
    expect((await cli(['release', 'sign', '--kit', kit, '--key', key], env)).code).toBe(0);
    // The hub's database as `batchline hub --data DIR` makes it: PGlite in DIR/pgdata, migrated on
    // open (initdb's part copied from the tests' kept empty folder, hub-backends.ts).
    data = join(dir, 'data');
    mkdirSync(data);
    await pgliteEmptyDataDir(join(data, 'pgdata'));
    const opened = await openHubDb({ dataDir: join(data, 'pgdata'), migrationsFolder: join(project, 'src-server/db/migrations') });
    if (!opened.ok) throw new Error(opened.error.message);
    await opened.value.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('D25-10 an installation as released, on a database its migrations made, is QUALIFIED, with the report in en and zh-CN words', async () => {
    const r = await iq();
    expect(r.err).not.toContain('refused');
    expect(r.code).toBe(0);
    expect(r.report.checks.map((c) => [c.id, c.outcome])).toEqual([['HIQ-01', 'pass'], ['HIQ-02', 'pass'], ['HIQ-03', 'pass'], ['HIQ-04', 'pass'], ['HIQ-05', 'pass']]);
    const release = JSON.parse(readFileSync(join(kit, 'hub-release.json'), 'utf8')) as { digest: string };
    expect(r.report.release?.hubDigest).toBe(release.digest);
    expect(r.report.installedDigest).toBe(release.digest);
    expect(r.check('HIQ-05').observed).toBe('3 applied, all the release\'s');
    expect(r.out).toContain('QUALIFIED: 0 failed of 5 checks');
    // Plain progress lines on stderr (no terminal), as the other long commands print them.
    expect(r.err).toContain('hub iq (release signature, version, bundle, files, migrations): 5/5 (100%)');
    const files = readdirSync(r.reportDir);
    expect(files.filter((f) => /^hub-iq-.*\.(html|pdf|json)$/.test(f))).toHaveLength(3);
    expect(readFileSync(join(r.reportDir, files.find((f) => f.endsWith('.pdf'))!)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(join(r.reportDir, files.find((f) => f.endsWith('.html'))!), 'utf8')).toContain('Hub installation qualification report');

    const zh = await iq({ lang: 'zh-CN' });
    const html = readFileSync(join(zh.reportDir, readdirSync(zh.reportDir).find((f) => f.endsWith('.html'))!), 'utf8');
    for (const words of ['中心服务器安装确认报告', '确认合格', '发布签名', '数据库已执行的迁移', '已安装的中心服务器摘要']) expect(html).toContain(words);
  });

  it('D25-10 a changed bundle file, and a file added to the console, are refused as HUB_INSTALL_MISMATCH and named', async () => {
    const root = copy(project, 'install');
    appendFileSync(join(root, 'dist-cli', FIXTURE_BUNDLE_DIR, 'hub-ABCDEF12.mjs'), 'globalThis.backdoor = true;\n');
    writeFileSync(join(root, 'dist-console/assets/extra.js'), 'alert(1)\n');
    const r = await iq({ root });
    expect(r.code).toBe(1);
    expect(r.check('HIQ-04')).toMatchObject({ outcome: 'fail', code: 'HUB_INSTALL_MISMATCH' });
    expect(r.check('HIQ-04').observed).toContain('2 files differ: changed: dist-cli/bundle/hub-ABCDEF12.mjs; not in the release: dist-console/assets/extra.js');
    expect(r.err).toContain('refused: HUB_INSTALL_MISMATCH: hub digest');
    expect(r.out).toContain('NOT QUALIFIED: 1 failed of 5 checks');

    // A migration file edited in the installation is a changed file of the hub too.
    const edited = copy(project, 'install');
    appendFileSync(join(edited, 'src-server/db/migrations/0001_fixture_orders.sql'), 'drop table fixture_lots;\n');
    expect((await iq({ root: edited })).check('HIQ-04').observed).toContain('changed: src-server/db/migrations/0001_fixture_orders.sql');
  });

  it('D25-10 a source newer than the bundle is refused as HUB_BUNDLE_STALE: the next start would rebuild and run other code', async () => {
    const root = copy(project, 'install');
    const later = new Date(Date.now() + 3_600_000);
    utimesSync(join(root, 'src-cli/main.ts'), later, later);
    const r = await iq({ root });
    expect(r.code).toBe(1);
    expect(r.check('HIQ-03')).toMatchObject({ outcome: 'fail', code: 'HUB_BUNDLE_STALE' });
    expect(r.check('HIQ-03').observed).toContain('src-cli/main.ts');
  });

  it('D25-10 a missing migration and an extra one are refused as HUB_MIGRATIONS_MISMATCH and named', async () => {
    const last = FIXTURE_MIGRATIONS.at(-1)![0];
    const missing = await iq({ data: await databaseWith(`delete from drizzle.__drizzle_migrations where created_at = ${FIXTURE_MIGRATIONS.length * 1000}`) });
    expect(missing.code).toBe(1);
    expect(missing.check('HIQ-05')).toMatchObject({ outcome: 'fail', code: 'HUB_MIGRATIONS_MISMATCH' });
    expect(missing.check('HIQ-05').observed).toBe(`HUB_MIGRATIONS_MISMATCH: 2 applied; missing: ${last}`);
    expect(missing.err).toContain(`refused: HUB_MIGRATIONS_MISMATCH: 2 applied; missing: ${last}`);

    const extra = await iq({ data: await databaseWith(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('${'e'.repeat(64)}', 9000)`) });
    expect(extra.code).toBe(1);
    expect(extra.check('HIQ-05').observed).toBe(`HUB_MIGRATIONS_MISMATCH: 4 applied; not in the release: the migration of 9000 (hash eeeeeeeeeeee…)`);

    const other = await iq({ data: await databaseWith(`update drizzle.__drizzle_migrations set hash = '${'a'.repeat(64)}' where created_at = 1000`) });
    expect(other.check('HIQ-05').observed).toContain('applied from other SQL: 0000_fixture_lots');
  });

  it('D25-10 an unsigned release, or one signed by another key, is refused and nothing else is believed', async () => {
    const unsigned = copy(kit, 'kit');
    unlinkSync(join(unsigned, 'MANIFEST.json.sig'));
    const r = await iq({ release: unsigned });
    expect(r.code).toBe(1);
    expect(r.check('HIQ-01')).toMatchObject({ outcome: 'fail', code: 'RELEASE_UNSIGNED' });
    expect(r.report.checks.slice(1).map((c) => c.outcome)).toEqual(['n/a', 'n/a', 'n/a', 'n/a']);
    expect(r.err).toContain('refused: RELEASE_UNSIGNED: MANIFEST.json.sig');
    expect(r.out).toContain('NOT QUALIFIED');

    const other = join(dir, 'other.pem');
    expect((await cli(['release', 'keygen', '--out', other], { BATCHLINE_RELEASE_PASSPHRASE: PASSPHRASE })).code).toBe(0);
    const foreign = await iq({ publicKey: join(dir, 'other.pub.pem') });
    expect(foreign.check('HIQ-01')).toMatchObject({ outcome: 'fail', code: 'RELEASE_SIGNER_UNKNOWN' });

    // The command line: no release, no key or no database is a usage error.
    expect((await cli(['hub', 'iq', '--public-key', pub, '--data', data])).code).toBe(2);
    const c = captureIo();
    expect(await runHubIq({ release: kit, data, out: dir, lang: 'en' }, c)).toBe(2);
    expect(await runHubIq({ release: kit, publicKey: pub, out: dir, lang: 'en' }, c)).toBe(2);
    expect(c.text().err).toContain('give the hub data folder with --data, or set DATABASE_URL');
  });

  it('FR-126 attacker: a release whose signing time was changed after signing is refused (HIQ-01) and nothing else is believed; the time shown for a verified release is signed (en + zh-CN)', async () => {
    const ok = await iq();
    const sig = JSON.parse(readFileSync(join(kit, 'MANIFEST.json.sig'), 'utf8')) as { signedAt: string };
    expect(ok.report.release).toMatchObject({ signedAt: sig.signedAt, signedAtCovered: true });
    expect(ok.check('HIQ-01').observed).toContain(`signed ${sig.signedAt} (the time is signed)`);
    expect(readFileSync(join(ok.reportDir, readdirSync(ok.reportDir).find((f) => f.endsWith('.html'))!), 'utf8')).toContain(`<tr><th>Release signed at (UTC)</th><td>${sig.signedAt}</td></tr>`);
    const zh = await iq({ lang: 'zh-CN' });
    expect(readFileSync(join(zh.reportDir, readdirSync(zh.reportDir).find((f) => f.endsWith('.html'))!), 'utf8')).toContain(`<tr><th>发布签名时间 (UTC)</th><td>${sig.signedAt}</td></tr>`);

    const backdated = copy(kit, 'kit');
    writeFileSync(join(backdated, 'MANIFEST.json.sig'), JSON.stringify({ ...sig, signedAt: '2025-01-01T00:00:00.000Z' }, null, 2));
    const r = await iq({ release: backdated });
    expect(r.code).toBe(1);
    expect(r.check('HIQ-01')).toMatchObject({ outcome: 'fail', code: 'RELEASE_SIGNATURE_INVALID' });
    expect(r.check('HIQ-01').observed).toContain('the signing time 2025-01-01T00:00:00.000Z');
    expect(r.report.checks.slice(1).map((c) => c.outcome)).toEqual(['n/a', 'n/a', 'n/a', 'n/a']);
    expect(r.report.release).toBeNull();
  });
});
