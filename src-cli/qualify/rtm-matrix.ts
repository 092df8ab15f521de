/**
 * The requirements traceability matrix (COMPLIANCE P11-01, Annex 11 §4.4): every requirement,
 * its regulation reference, the tests whose titles carry its id, and how they fared in the last
 * run. Two judgements are made from it:
 *
 * - strict: every row has at least one passing test and none failing (`batchline rtm --strict`);
 * - against a baseline: only rows the committed baseline lists as proven must still be proven.
 *   This is what `npm test` runs while rows are still being proven: it cannot pass a row that was
 *   never proven, and it fails the moment a proven row loses its passing test (a test renamed,
 *   deleted, skipped or failing). It says nothing good about the rows outside the baseline, and
 *   the report prints them as unproven so nobody reads the green exit as "all rows proven".
 */
import type { Requirement } from './requirement-table.ts';
import type { TestOutcome, TestRun } from './test-results.ts';
import type { NamedTest } from './test-titles.ts';

/** proven: ≥1 passing test, none failing; failing: a test of the row failed; not-run: tests are
 * named in the sources but the results do not show them passing or failing; none: no test. */
export type RowStatus = 'proven' | 'failing' | 'not-run' | 'none';

export interface MatrixRow extends Requirement {
  readonly status: RowStatus;
  readonly tests: readonly Pick<TestOutcome, 'file' | 'title' | 'status'>[];
  readonly namedNotRun: readonly Pick<NamedTest, 'file' | 'title'>[];
}

export interface Matrix {
  readonly resultsFrom: string | null;
  readonly runStartedAt: string | null;
  readonly rows: readonly MatrixRow[];
  readonly counts: Readonly<Record<RowStatus, number>>;
}

export function buildMatrix(requirements: readonly Requirement[], run: TestRun | null, named: readonly NamedTest[], resultsFrom: string | null): Matrix {
  const counts: Record<RowStatus, number> = { proven: 0, failing: 0, 'not-run': 0, none: 0 };
  const rows = requirements.map((r): MatrixRow => {
    const tests = (run?.tests ?? []).filter((t) => t.ids.includes(r.id) && t.status !== 'skipped').map(({ file, title, status }) => ({ file, title, status }));
    const ran = new Set(tests.map((t) => `${t.file}\u0000${t.title}`));
    const namedNotRun = named.filter((n) => n.ids.includes(r.id) && !ranLike(ran, n)).map(({ file, title }) => ({ file, title }));
    const status: RowStatus = tests.some((t) => t.status === 'failed')
      ? 'failing'
      : tests.some((t) => t.status === 'passed')
        ? 'proven'
        : namedNotRun.length > 0
          ? 'not-run'
          : 'none';
    counts[status] += 1;
    return { ...r, status, tests, namedNotRun };
  });
  return { resultsFrom, runStartedAt: run?.startedAt ?? null, rows, counts };
}

// A source title is a template at times (`A11-08 ${N} runs`), so match a run test by file and by
// the title's literal start rather than by equality.
/**
 * Whether a test named in the sources ran: the title up to its first placeholder (`${…}` of a
 * template, `%s` of `it.each`) in the same file — or in any file for a shared suite
 * (`*-suite.ts`), which runs inside the test files that import it.
 */
function ranLike(ran: Set<string>, n: NamedTest): boolean {
  const head = n.title.split(/\$\{|%[sdifjo#%]/)[0]!;
  const shared = n.file.endsWith('-suite.ts');
  for (const key of ran) {
    const [file, title] = key.split('\u0000') as [string, string];
    if ((shared || file === n.file) && title.includes(head)) return true;
  }
  return false;
}

export interface Judgement {
  readonly ok: boolean;
  /** Rows that fail the judgement, with why. */
  readonly failures: readonly { id: string; why: string }[];
}

export function judgeStrict(m: Matrix): Judgement {
  const failures = m.rows.filter((r) => r.status !== 'proven').map((r) => ({ id: r.id, why: WHY[r.status] }));
  return { ok: failures.length === 0, failures };
}

export function judgeAgainstBaseline(m: Matrix, baselineProven: readonly string[]): Judgement {
  const byId = new Map(m.rows.map((r) => [r.id, r]));
  const failures: { id: string; why: string }[] = [];
  for (const id of baselineProven) {
    const row = byId.get(id);
    if (!row) failures.push({ id, why: 'the baseline lists it as proven but the requirement documents no longer have this row' });
    else if (row.status !== 'proven') failures.push({ id, why: `proven in the baseline, now ${WHY[row.status]}` });
  }
  return { ok: failures.length === 0, failures };
}

const WHY: Record<RowStatus, string> = {
  proven: 'proven',
  failing: 'a test carrying its id failed',
  'not-run': 'its tests did not run in these results',
  none: 'no test carries its id in its title',
};
