/**
 * The risk register (docs/risk.yaml) and its check, `batchline risk`: on fixture projects whose
 * last results are written here, and on the project's own register.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../fakes/cli-runner.ts';
import { parseRiskRegister } from '../../src-cli/evidence/risk-register.ts';
import { parseRequirementTable } from '../../src-cli/qualify/requirement-table.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const COMPLIANCE = `| id | source clause | requirement |
|---|---|---|
| P11-02 | 11.10(a) | Ability to discern invalid or altered records |
| P11-06 | 11.10(e) | Secure audit trail |
`;
const REQUIREMENTS = `| id | area | function |
|---|---|---|
| FR-01 | dispensing | A whole order is dispensed |
`;
const REGISTER = `version: 1
risks:
  - id: R-01
    hazard: Editing the database file to change a weight
    source: threat-model attack 2
    severity: high
    probability: medium
    detectability: 1
    controls: Hash chain and triggers
    requirements: [P11-02]
    tests:
      - test/a.test.ts › P11-02 finds a flipped byte
  - id: R-02
    hazard: Audit trail entries overwritten
    source: failure mode
    severity: high
    probability: low
    detectability: 2
    controls: Append-only triggers
    requirements: [P11-06]
  - id: R-03
    hazard: A cosmetic glitch on the order list
    source: failure mode
    severity: low
    probability: high
    detectability: 1
    controls: Review of the UI
    requirements: [FR-01]
`;

type Assertion = { ancestorTitles: string[]; title: string; status: string };
const pass = (title: string): Assertion => ({ ancestorTitles: [], title, status: 'passed' });
let root: string;

function project(assertions: Assertion[], register = REGISTER): void {
  writeFileSync(join(root, 'docs/compliance.md'), COMPLIANCE);
  writeFileSync(join(root, 'docs/requirements.md'), REQUIREMENTS);
  writeFileSync(join(root, 'docs/risk.yaml'), register);
  const results = { startTime: Date.parse('2026-12-05T08:00:00Z'), testResults: [{ name: join(root, 'test/a.test.ts'), assertionResults: assertions }] };
  writeFileSync(join(root, 'test-results/vitest.json'), JSON.stringify(results));
}

const risk = (...args: string[]) => runCli(['risk', '--root', root, ...args]);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'risk-'));
  for (const d of ['docs', 'test', 'test-results']) mkdirSync(join(root, d));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('batchline risk', () => {
  it('A11-02 every high risk maps to a requirement with a passing test: the check passes', async () => {
    project([pass('P11-02 finds a flipped byte'), pass('P11-06 refuses UPDATE')]);
    const r = await risk();
    expect(r.err).toContain('ok: every high risk maps to a requirement with a passing test');
    expect(r.code).toBe(0);
  });

  it('A11-02 a high risk whose requirement has no passing test fails the check, naming the risk (a low one does not)', async () => {
    // P11-06 has no test at all, and FR-01 (a low risk's only requirement) neither.
    project([pass('P11-02 finds a flipped byte')]);
    const r = await risk();
    expect(r.code).toBe(1);
    expect(r.err).toContain('R-02: a high risk, and none of its requirements (P11-06) has a passing test in the last run');
    expect(r.err).not.toContain('R-03');
    // A failing test does not prove its row either.
    project([pass('P11-02 finds a flipped byte'), { ancestorTitles: [], title: 'P11-06 refuses UPDATE', status: 'failed' }]);
    expect((await risk()).err).toContain('R-02: a high risk');
  });

  it('A11-02 a test the register names must have passed in the last run', async () => {
    project([pass('P11-02 another test'), pass('P11-06 refuses UPDATE')]);
    const r = await risk('--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { risks: { id: string; problems: string[]; rpn: number }[] };
    expect(j.risks[0]!.problems).toEqual(['R-01: the test "test/a.test.ts › P11-02 finds a flipped byte" is not in the last run']);
    expect(j.risks.map((x) => x.rpn)).toEqual([6, 6, 3]);
  });

  it('A11-02 an unknown requirement id or a malformed register is refused with a clear error', async () => {
    project([pass('P11-02 finds a flipped byte'), pass('P11-06 x')], REGISTER.replace('requirements: [FR-01]', 'requirements: [FR-99]'));
    const unknown = await risk();
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('R-03: FR-99 is in no requirement document');
    project([], REGISTER.replace('severity: low', 'severity: tiny'));
    const bad = await risk();
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/INPUT_INVALID: the risk register: risks\.2\.severity/);
  });

  it('A11-02 prints the FMEA table, highest RPN first', async () => {
    project([pass('P11-02 finds a flipped byte'), pass('P11-06 x')]);
    const r = await risk('--fmea');
    const rows = r.out.split('\n').filter((l) => l.startsWith('| R-'));
    expect(rows.map((l) => l.split('|')[1]!.trim())).toEqual(['R-01', 'R-02', 'R-03']);
    expect(rows[0]).toContain('P11-02 ✓');
  });

  it('A11-02 the project register: every attack of the threat model has a risk, every high risk names requirements the baseline run proved', () => {
    const register = parseRiskRegister(readFileSync(join(ROOT, 'docs/risk.yaml'), 'utf8'));
    if (!register.ok) throw new Error(register.error.message);
    const ids = new Set([...parseRequirementTable(readFileSync(join(ROOT, 'docs/compliance.md'), 'utf8'), 'c'), ...parseRequirementTable(readFileSync(join(ROOT, 'docs/requirements.md'), 'utf8'), 'r')].map((r) => r.id));
    const proven = new Set((JSON.parse(readFileSync(join(ROOT, 'docs/rtm-baseline.json'), 'utf8')) as { proven: string[] }).proven);
    for (const r of register.value.risks) {
      for (const id of r.requirements) expect(ids.has(id), `${r.id} names ${id}`).toBe(true);
      if (r.severity === 'high') expect(r.requirements.some((id) => proven.has(id)), `${r.id} has a proven requirement`).toBe(true);
    }
    for (let attack = 1; attack <= 10; attack++) expect(register.value.risks.some((r) => r.source.includes(`attack ${attack}`)), `attack ${attack}`).toBe(true);
  });
});
