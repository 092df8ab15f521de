/**
 * The traceability check itself (issue 11): `batchline rtm` on a fixture project whose
 * documents and last results are written here, so each case fixes exactly which row has
 * a passing test.
 */
import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../fakes/cli-runner.ts';

const COMPLIANCE = `| id | source clause | requirement |
|---|---|---|
| P11-02 | 11.10(a) | Ability to discern invalid or altered records |
| P11-06 | 11.10(e) | Secure audit trail |
`;
const REQUIREMENTS = `| id | area | function |
|---|---|---|
| FR-01 | dispensing | A whole order is dispensed |
`;

type Assertion = { ancestorTitles: string[]; title: string; status: string };
let root: string;

function project(assertions: Assertion[]): void {
  writeFileSync(join(root, 'docs/compliance.md'), COMPLIANCE);
  writeFileSync(join(root, 'docs/requirements.md'), REQUIREMENTS);
  const results = { startTime: Date.parse('2026-12-05T08:00:00Z'), testResults: [{ name: join(root, 'test/a.test.ts'), assertionResults: assertions }] };
  writeFileSync(join(root, 'test-results/vitest.json'), JSON.stringify(results));
}

const rtm = (...args: string[]) => runCli(['rtm', '--root', root, ...args]);

const pass = (title: string, ancestors: string[] = []): Assertion => ({ ancestorTitles: ancestors, title, status: 'passed' });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rtm-'));
  for (const d of ['docs', 'test', 'test-results']) mkdirSync(join(root, d));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('batchline rtm (FR-14)', () => {
  it('P11-01 a row id with no passing test makes the strict check exit non-zero and names the row', async () => {
    project([pass('P11-02 finds a flipped byte'), pass('FR-01 dispenses a whole order')]);
    const r = await rtm('--strict');
    expect(r.code).toBe(1);
    expect(r.err).toContain('P11-06: no test carries its id in its title');
    expect(r.out).toContain('rtm: 3 requirements: 2 proven, 0 failing, 0 named but not run, 1 without a test');
  });

  it('P11-01 with a passing test for every row the strict check exits zero; a describe title counts', async () => {
    project([pass('P11-02 finds a flipped byte'), pass('refuses UPDATE', ['audit trail (P11-06)']), pass('FR-01 dispenses a whole order')]);
    const r = await rtm();
    expect(r.code).toBe(0);
    expect(r.err).toContain('rtm strict: ok');
  });

  it('P11-01 ids of three digits are rows and are found in titles: FR-100 is not FR-10, and a missing proof of FR-113 fails the strict check', async () => {
    writeFileSync(join(root, 'docs/compliance.md'), COMPLIANCE);
    writeFileSync(join(root, 'docs/requirements.md'), `${REQUIREMENTS}| FR-10 | quality | Review by exception |\n| FR-100 | reports | Templates shape the PDF |\n| FR-113 | recipes | The template flow is edited |\n`);
    const assertions = [pass('P11-02 x'), pass('P11-06 x'), pass('FR-01 x'), pass('FR-100 the template shapes the PDF')];
    writeFileSync(join(root, 'test-results/vitest.json'), JSON.stringify({ startTime: Date.parse('2026-12-05T08:00:00Z'), testResults: [{ name: join(root, 'test/a.test.ts'), assertionResults: assertions }] }));
    const r = await rtm('--strict');
    expect(r.code).toBe(1);
    expect(r.out).toContain('rtm: 6 requirements: 4 proven, 0 failing, 0 named but not run, 2 without a test');
    expect(r.err).toContain('FR-10: no test carries its id in its title');
    expect(r.err).toContain('FR-113: no test carries its id in its title');
    expect(r.err).not.toContain('FR-100:');
  });

  it('P11-01 a failing or skipped test does not prove its row', async () => {
    project([pass('P11-02 finds a flipped byte'), { ancestorTitles: [], title: 'P11-02 a second check', status: 'failed' }, { ancestorTitles: [], title: 'P11-06 skipped', status: 'skipped' }, pass('FR-01 x')]);
    const r = await rtm('--json');
    expect(r.code).toBe(1);
    const m = JSON.parse(r.out) as { rows: { id: string; status: string }[] };
    expect(m.rows.map((x) => [x.id, x.status])).toEqual([['P11-02', 'failing'], ['P11-06', 'none'], ['FR-01', 'proven']]);
  });

  it('P11-01 a test named in the sources but absent from the results is reported as not run, not as proven', async () => {
    project([pass('P11-02 finds a flipped byte'), pass('FR-01 x')]);
    writeFileSync(join(root, 'test/b.test.ts'), "it('P11-06 refuses DELETE', () => {});\n");
    const r = await rtm();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/P11-06 +NOT RUN/);
    expect(r.err).toContain('P11-06: its tests did not run in these results');
  });

  it('P11-01 a title with an escaped quote, an it.each placeholder or in a shared suite that ran is not reported as not run', async () => {
    const results = { startTime: Date.parse('2026-12-05T08:00:00Z'), testResults: [{ name: join(root, 'test/a.test.ts'), assertionResults: [pass("P11-02 the recipe's hash"), pass('P11-06 on PGlite refuses DELETE'), pass('FR-01 from the shared suite')] }] };
    writeFileSync(join(root, 'docs/compliance.md'), COMPLIANCE);
    writeFileSync(join(root, 'docs/requirements.md'), REQUIREMENTS);
    writeFileSync(join(root, 'test-results/vitest.json'), JSON.stringify(results));
    writeFileSync(join(root, 'test/a.test.ts'), "it('P11-02 the recipe\\'s hash', () => {});\nit.each(['PGlite'])('P11-06 on %s refuses DELETE', () => {});\n");
    writeFileSync(join(root, 'test/shared-suite.ts'), "it('FR-01 from the shared suite', () => {});\nit('FR-01 a second one that never ran', () => {});\n");
    const r = await rtm('--json');
    const rows = (JSON.parse(r.out) as { rows: { id: string; namedNotRun: { title: string }[] }[] }).rows;
    expect(rows.find((x) => x.id === 'P11-02')!.namedNotRun).toEqual([]);
    expect(rows.find((x) => x.id === 'P11-06')!.namedNotRun).toEqual([]);
    expect(rows.find((x) => x.id === 'FR-01')!.namedNotRun.map((n) => n.title)).toEqual(['FR-01 a second one that never ran']);
  });

  it('P11-01 against a baseline: only a row that was proven and lost its passing test fails', async () => {
    project([pass('P11-02 finds a flipped byte'), pass('FR-01 x')]);
    expect((await rtm('--write-baseline', 'baseline.json')).code).toBe(1);
    // P11-06 was never proven: the baseline check reports it but does not fail on it.
    const same = await rtm('--baseline', 'baseline.json');
    expect(same.code).toBe(0);
    expect(same.out).toMatch(/P11-06 +NO TEST/);
    project([pass('FR-01 x'), pass('finds a flipped byte (title lost its id)')]);
    const lost = await rtm('--baseline', 'baseline.json');
    expect(lost.code).toBe(1);
    expect(lost.err).toContain('P11-02: proven in the baseline, now no test carries its id in its title');
  });

  it('P11-01 the results of a sharded run are merged: rows proven in either file are proven', async () => {
    project([pass('P11-02 finds a flipped byte')]);
    const other = { startTime: Date.parse('2026-12-05T07:00:00Z'), testResults: [{ name: join(root, 'test/b.test.ts'), assertionResults: [pass('P11-06 refuses DELETE'), pass('FR-01 x')] }] };
    writeFileSync(join(root, 'test-results/shard-2.json'), JSON.stringify(other));
    expect((await rtm('--results', 'test-results/vitest.json')).code).toBe(1);
    const both = await rtm('--results', 'test-results/vitest.json', 'test-results/shard-2.json');
    expect(both.code).toBe(0);
    expect(both.out).toContain('run started 2026-12-05T07:00:00.000Z');
  });

  it('P11-01 a file run again replaces its earlier outcome: the latest run of a test counts', async () => {
    project([{ ancestorTitles: [], title: 'P11-02 finds a flipped byte', status: 'failed' }, pass('P11-06 refuses DELETE'), pass('FR-01 x')]);
    const rerun = { startTime: Date.parse('2026-12-05T09:00:00Z'), testResults: [{ name: join(root, 'test/a.test.ts'), assertionResults: [pass('P11-02 finds a flipped byte')] }] };
    writeFileSync(join(root, 'test-results/rerun.json'), JSON.stringify(rerun));
    expect((await rtm()).code).toBe(1);
    expect((await rtm('--results', 'test-results/rerun.json', 'test-results/vitest.json')).code).toBe(0);
  });

  it('P11-01 prints an HTML matrix with every row and escapes test titles', async () => {
    project([pass('P11-02 <script>alert(1)</script>'), pass('FR-01 x')]);
    const r = await rtm('--html');
    expect(r.out).toContain('<td>P11-06</td>');
    expect(r.out).toContain('&lt;script&gt;');
    expect(r.out).not.toContain('<script>alert');
  });
});
