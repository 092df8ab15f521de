/**
 * The pure parts of `batchline rtm` (rtm-matrix.ts, test-results.ts, requirement-table.ts,
 * rtm-baseline.ts), one case each, without a fixture project on disk: what proves a row, what
 * does not, what a baseline holds against, and a title that names two rows. The command end to
 * end is test/compliance/rtm-check.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { runRtm } from '../commands/rtm.ts';
import { EXIT_USAGE, type CliIo } from '../cli-io.ts';
import { parseRequirementTable } from './requirement-table.ts';
import { baselineFrom, parseBaseline } from './rtm-baseline.ts';
import { buildMatrix, judgeAgainstBaseline, judgeStrict, type Matrix } from './rtm-matrix.ts';
import { parseVitestJson, type TestRun } from './test-results.ts';
import type { NamedTest } from './test-titles.ts';

const ROOT = '/project';
const DOC = `| id | source clause | requirement |
|---|---|---|
| P11-02 | 11.10(a) | Ability to discern invalid or altered records |
| P11-06 | 11.10(e) | Secure audit trail |
| FR-01 | dispensing | A whole order is dispensed |
| FR-100 | reports | Templates shape the PDF |
`;
const requirements = parseRequirementTable(DOC, 'docs/requirements.md');

type Assertion = { ancestorTitles?: string[]; title: string; status: string };
function run(assertions: Assertion[], file = 'test/a.test.ts'): TestRun {
  const json = { startTime: Date.parse('2026-12-05T08:00:00Z'), testResults: [{ name: `${ROOT}/${file}`, assertionResults: assertions.map((a) => ({ ancestorTitles: [], ...a })) }] };
  const parsed = parseVitestJson(JSON.stringify(json), ROOT);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}
const statuses = (m: Matrix) => Object.fromEntries(m.rows.map((r) => [r.id, r.status]));

describe('rtm matrix (unit)', () => {
  it('P11-01 a row with a passing test is proven; with a failing one it is failing even beside a pass; a skipped test proves nothing', () => {
    const m = buildMatrix(
      requirements,
      run([
        { title: 'P11-02 finds a flipped byte', status: 'passed' },
        { title: 'P11-06 refuses UPDATE', status: 'passed' },
        { title: 'P11-06 refuses DELETE', status: 'failed' },
        { title: 'FR-01 dispenses a whole order', status: 'skipped' },
        { title: 'FR-100 the template shapes the PDF', status: 'pending' },
      ]),
      [],
      'vitest.json',
    );
    expect(statuses(m)).toEqual({ 'P11-02': 'proven', 'P11-06': 'failing', 'FR-01': 'none', 'FR-100': 'none' });
    // Skipped (and pending/todo) tests are not listed as the row's tests at all.
    expect(m.rows.find((r) => r.id === 'FR-01')!.tests).toEqual([]);
    expect(m.counts).toEqual({ proven: 1, failing: 1, 'not-run': 0, none: 2 });
    expect(judgeStrict(m)).toEqual({
      ok: false,
      failures: [
        { id: 'P11-06', why: 'a test carrying its id failed' },
        { id: 'FR-01', why: 'no test carries its id in its title' },
        { id: 'FR-100', why: 'no test carries its id in its title' },
      ],
    });
  });

  it('P11-01 a skipped test named in the sources makes its row "not run", not "none" and not proven', () => {
    const named: NamedTest[] = [{ file: 'test/a.test.ts', title: 'FR-01 dispenses a whole order', ids: ['FR-01'] }];
    const m = buildMatrix(requirements, run([{ title: 'FR-01 dispenses a whole order', status: 'skipped' }]), named, 'vitest.json');
    expect(statuses(m)['FR-01']).toBe('not-run');
    expect(m.rows.find((r) => r.id === 'FR-01')!.namedNotRun).toEqual([{ file: 'test/a.test.ts', title: 'FR-01 dispenses a whole order' }]);
    expect(judgeStrict(m).failures).toContainEqual({ id: 'FR-01', why: 'its tests did not run in these results' });
  });

  it('P11-01 a title naming two rows (one in its describe title) proves both; FR-100 is not FR-10 nor FR-01', () => {
    const r = run([{ ancestorTitles: ['audit trail (P11-06)'], title: 'P11-02 a flipped byte is found and the refusal audited; FR-100 prints it', status: 'passed' }]);
    expect(r.tests[0]!.ids).toEqual(['P11-06', 'P11-02', 'FR-100']);
    expect(r.tests[0]!.title).toBe('audit trail (P11-06) › P11-02 a flipped byte is found and the refusal audited; FR-100 prints it');
    const m = buildMatrix(requirements, r, [], 'vitest.json');
    expect(statuses(m)).toEqual({ 'P11-02': 'proven', 'P11-06': 'proven', 'FR-01': 'none', 'FR-100': 'proven' });
    expect(m.rows.find((x) => x.id === 'P11-02')!.tests).toEqual(m.rows.find((x) => x.id === 'P11-06')!.tests);
  });

  it('P11-01 against a baseline: a proven row that lost its test fails, a row missing from the documents fails, a row never proven does not', () => {
    const before = buildMatrix(requirements, run([{ title: 'P11-02 x', status: 'passed' }, { title: 'FR-01 x', status: 'passed' }]), [], 'vitest.json');
    const baseline = baselineFrom(before, '2026-12-05T09:00:00.000Z');
    expect(baseline.proven).toEqual(['P11-02', 'FR-01']);
    const parsed = parseBaseline(JSON.stringify(baseline));
    expect(parsed.ok && parsed.value.proven).toEqual(['P11-02', 'FR-01']);
    expect(judgeAgainstBaseline(before, baseline.proven)).toEqual({ ok: true, failures: [] });

    const after = buildMatrix(requirements, run([{ title: 'P11-02 x', status: 'failed' }, { title: 'FR-01 x', status: 'passed' }]), [], 'vitest.json');
    expect(judgeAgainstBaseline(after, [...baseline.proven, 'FR-09'])).toEqual({
      ok: false,
      failures: [
        { id: 'P11-02', why: 'proven in the baseline, now a test carrying its id failed' },
        { id: 'FR-09', why: 'the baseline lists it as proven but the requirement documents no longer have this row' },
      ],
    });
    expect(parseBaseline('{"proven": ["P11-02"]}').ok).toBe(false);
    expect(parseBaseline('not json').ok).toBe(false);
  });

  it('P11-01 --strict and --baseline together are a usage error, before any file is read', () => {
    const lines: string[] = [];
    const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {} };
    expect(runRtm({ strict: true, baseline: 'docs/rtm-baseline.json', results: 'vitest.json', root: '/no/such/project' }, io)).toBe(EXIT_USAGE);
    expect(lines).toEqual(['USAGE_INVALID: give --strict or --baseline, not both']);
  });
});
