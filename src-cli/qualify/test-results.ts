/**
 * The outcome of the last test run, read from vitest's JSON reporter output (the Jest-compatible
 * shape: testResults[].assertionResults[] with title, ancestorTitles and status). A test proves a
 * row when the row id is in its own title or in a describe title above it; a comment in the
 * file does not count, because the matrix only sees what the runner reports.
 */
import { relative } from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { idsIn } from './requirement-table.ts';

export type TestStatus = 'passed' | 'failed' | 'skipped';

export interface TestOutcome {
  readonly file: string;
  readonly title: string;
  readonly status: TestStatus;
  readonly ids: readonly string[];
}

const VitestJson = z.object({
  startTime: z.number().optional(),
  testResults: z.array(
    z.object({
      name: z.string(),
      assertionResults: z.array(z.object({ ancestorTitles: z.array(z.string()), title: z.string(), status: z.string() })),
    }),
  ),
});

export interface TestRun {
  readonly startedAt: string | null;
  readonly tests: readonly TestOutcome[];
}

export function parseVitestJson(text: string, root: string): Result<TestRun> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return err('INPUT_INVALID', `the test results are not JSON: ${(e as Error).message}`);
  }
  const parsed = VitestJson.safeParse(raw);
  if (!parsed.success) return err('INPUT_INVALID', 'the test results are not the output of vitest --reporter=json');
  const tests: TestOutcome[] = [];
  for (const file of parsed.data.testResults) {
    for (const a of file.assertionResults) {
      const title = [...a.ancestorTitles, a.title].join(' › ');
      tests.push({ file: relative(root, file.name) || file.name, title, status: statusOf(a.status), ids: idsIn(title) });
    }
  }
  const startedAt = parsed.data.startTime === undefined ? null : new Date(parsed.data.startTime).toISOString();
  return ok({ startedAt, tests });
}

// vitest reports pending, skipped and todo for tests that did not run: none of them proves a row.
function statusOf(s: string): TestStatus {
  if (s === 'passed') return 'passed';
  if (s === 'failed') return 'failed';
  return 'skipped';
}

/**
 * Several runs as one: the shards of a suite, or a file run again after a failure. A test that
 * appears in more than one run counts with its LATEST outcome (runs ordered by start time), so a
 * re-run replaces what it re-ran and nothing else.
 */
export function mergeRuns(runs: readonly TestRun[]): TestRun {
  const ordered = [...runs].sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
  const latest = new Map<string, TestOutcome>();
  for (const run of ordered) for (const t of run.tests) latest.set(`${t.file}\u0000${t.title}`, t);
  return { startedAt: ordered.find((r) => r.startedAt !== null)?.startedAt ?? null, tests: [...latest.values()] };
}
