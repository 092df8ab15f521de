/**
 * A project folder a validation kit can be made from, with a hub installation in it (A11-04,
 * D25-10): docs, a lockfile that pins, a test run, and what `batchline hub` runs — bin, a built
 * CLI bundle (dist-cli/current.json naming its folder and the sources it was built from), hub
 * migrations drizzle can apply, and console assets. Small on purpose: a release's evidence is
 * about which bytes, not how many.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_LOCK = {
  name: 'fixture-app',
  version: '1.2.3',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'fixture-app', version: '1.2.3', dependencies: { 'left-pad': '1.3.0' }, devDependencies: { 'dev-only': '2.0.0' } },
    'node_modules/left-pad': { version: '1.3.0', resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz', integrity: 'sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQLiaB3lBxg7rAAvSOVGGndmZPNJkDxbmp0xGymgx9MAzNBQ==', license: 'WTFPL' },
    'node_modules/dev-only': { version: '2.0.0', dev: true, resolved: 'https://registry.npmjs.org/dev-only/-/dev-only-2.0.0.tgz', integrity: 'sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==', license: 'MIT' },
  },
};

export const FIXTURE_BUNDLE_DIR = 'b-1796500000000-1';
/** The hub migrations of the fixture: tag and SQL, `when` 1000, 2000, … */
export const FIXTURE_MIGRATIONS = [
  ['0000_fixture_lots', 'create table fixture_lots (id text primary key);\n'],
  ['0001_fixture_orders', 'create table fixture_orders (id text primary key);\n'],
  ['0002_fixture_index', 'create index fixture_orders_id on fixture_orders (id);\n'],
] as const;

/** The project: docs, lockfile, a test run proving A11-04, and the hub installation. */
export function writeProjectFixture(root: string): void {
  for (const d of ['docs', 'test', 'test-results', 'migrations/meta']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'docs/compliance.md'), '| id | clause | requirement |\n|---|---|---|\n| A11-02 | §1 | Risk |\n| A11-04 | §3 | Suppliers |\n');
  writeFileSync(join(root, 'docs/requirements.md'), '| id | area | function |\n|---|---|---|\n| FR-01 | dispensing | An order |\n');
  writeFileSync(join(root, 'docs/known-issues.md'), '# Known issues\n\n- No encryption at rest.\n');
  writeFileSync(join(root, 'docs/VERSION'), '1.2.3\n');
  writeFileSync(join(root, 'docs/risk.yaml'), 'version: 1\nrisks:\n  - id: R-01\n    hazard: A supplier ships a broken build\n    source: failure mode\n    severity: high\n    probability: low\n    detectability: 2\n    controls: Validation kit with every release\n    requirements: [A11-04]\n');
  writeFileSync(join(root, 'migrations/meta/_journal.json'), JSON.stringify({ entries: [{ idx: 0, when: 1, tag: '0000_first' }] }));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fixture-app', version: '1.2.3', dependencies: { 'left-pad': '1.3.0' }, devDependencies: { 'dev-only': '2.0.0' } }));
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify(FIXTURE_LOCK));
  const assertions = [
    { ancestorTitles: ['kit'], title: 'A11-04 ships the kit', status: 'passed' },
    { ancestorTitles: [], title: 'FR-01 dispenses', status: 'failed' },
  ];
  writeFileSync(join(root, 'test-results/vitest.json'), JSON.stringify({ startTime: Date.parse('2026-12-05T08:00:00Z'), testResults: [{ name: join(root, 'test/a.test.ts'), assertionResults: assertions }] }));
  writeHubInstall(root);
}

/** What `batchline hub` runs and loads, as an installation holds it. */
export function writeHubInstall(root: string): void {
  const bundle = join(root, 'dist-cli', FIXTURE_BUNDLE_DIR);
  const migrations = join(root, 'src-server/db/migrations');
  for (const d of [join(root, 'bin'), join(root, 'src-cli'), bundle, join(migrations, 'meta'), join(root, 'dist-console/assets')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(root, 'bin/batchline.mjs'), "#!/usr/bin/env node\nawait import('../dist-cli/current.json');\n");
  // The source the bundle was built from, written before the bundle's build time.
  writeFileSync(join(root, 'src-cli/main.ts'), 'export const main = () => 0;\n');
  writeFileSync(join(bundle, 'main.mjs'), "import { hub } from './hub-ABCDEF12.mjs';\nexport const main = () => hub();\n");
  writeFileSync(join(bundle, 'hub-ABCDEF12.mjs'), 'export const hub = () => 0;\n');
  writeFileSync(join(bundle, 'main.mjs.map'), '{"version":3,"sources":["../../src-cli/main.ts"],"mappings":""}\n');
  writeFileSync(join(root, 'dist-cli/current.json'), JSON.stringify({ dir: FIXTURE_BUNDLE_DIR, builtAt: Date.now() + 60_000, inputs: ['src-cli/main.ts'] }));
  const entries = FIXTURE_MIGRATIONS.map(([tag], i) => ({ idx: i, version: '7', when: (i + 1) * 1000, tag, breakpoints: true }));
  writeFileSync(join(migrations, 'meta/_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2));
  for (const [tag, sql] of FIXTURE_MIGRATIONS) writeFileSync(join(migrations, `${tag}.sql`), sql);
  writeFileSync(join(root, 'dist-console/index.html'), '<!doctype html><script type="module" src="./assets/console-1a2b3c.js"></script>\n');
  writeFileSync(join(root, 'dist-console/assets/console-1a2b3c.js'), 'console.log("console");\n');
}
