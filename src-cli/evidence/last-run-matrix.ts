/**
 * The traceability matrix of a project folder from the results of its last test run: the same
 * rows, results and source titles `batchline rtm` reads, for the commands that judge evidence
 * built on it (`batchline risk`, `batchline validation-kit`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { err, ok, type Result } from '../../src-shared/result.ts';
import { parseRequirementTable, type Requirement } from '../qualify/requirement-table.ts';
import { mergeRuns, parseVitestJson, type TestRun } from '../qualify/test-results.ts';
import { scanTestTitles } from '../qualify/test-titles.ts';
import { buildMatrix, type Matrix } from '../qualify/rtm-matrix.ts';

export const DEFAULT_RESULTS = 'test-results/vitest.json';
export const REQUIREMENT_DOCUMENTS = ['docs/compliance.md', 'docs/requirements.md'] as const;
const TEST_FOLDERS = ['test', 'src-shared', 'src-core', 'src-main', 'src-server', 'src-cli', 'src-renderer', 'src-console'];

export interface LastRun {
  readonly matrix: Matrix;
  readonly run: TestRun | null;
  /** Result files that were named but not there (their tests count as not run). */
  readonly missingResults: readonly string[];
}

export function lastRunMatrix(root: string, resultFiles: readonly string[]): Result<LastRun> {
  const requirements: Requirement[] = [];
  for (const doc of REQUIREMENT_DOCUMENTS) {
    const path = resolve(root, doc);
    if (!existsSync(path)) return err('INPUT_INVALID', `no requirement document at ${doc}`);
    requirements.push(...parseRequirementTable(readFileSync(path, 'utf8'), doc));
  }
  const runs: TestRun[] = [];
  const missingResults: string[] = [];
  for (const file of resultFiles) {
    const path = resolve(root, file);
    if (!existsSync(path)) {
      missingResults.push(file);
      continue;
    }
    const parsed = parseVitestJson(readFileSync(path, 'utf8'), root);
    if (!parsed.ok) return err(parsed.error.code, `${file}: ${parsed.error.message}`);
    runs.push(parsed.value);
  }
  const run = runs.length === 0 ? null : mergeRuns(runs);
  const present = resultFiles.filter((f) => !missingResults.includes(f));
  return ok({ matrix: buildMatrix(requirements, run, scanTestTitles(root, TEST_FOLDERS), run ? present.join(', ') : null), run, missingResults });
}
