/**
 * `batchline rtm` — the requirements traceability matrix (COMPLIANCE P11-01, Annex 11 §4.4):
 *
 *   batchline rtm [--json|--html] [--results FILE] [--strict | --baseline FILE] [--write-baseline FILE]
 *
 * Rows come from docs/compliance.md and docs/requirements.md, tests from the titles vitest
 * reported in its JSON output (test-results/vitest.json, written by every `vitest run`), and
 * titles found in the sources (to tell "not run" from "no test"). Without --baseline the check
 * is strict: exit 1 unless every row has a passing test. With --baseline (what `npm test` runs)
 * only the rows that file lists as proven must still be proven; see rtm-matrix.ts for why.
 */
import { refuse } from '../cli-io.ts';
import type { Command } from 'commander';
import { refuseIn, refuseUsage, say } from '../cli-words.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../cli-io.ts';
import { parseRequirementTable, type Requirement } from '../qualify/requirement-table.ts';
import { mergeRuns, parseVitestJson, type TestRun } from '../qualify/test-results.ts';
import { scanTestTitles } from '../qualify/test-titles.ts';
import { buildMatrix, judgeAgainstBaseline, judgeStrict } from '../qualify/rtm-matrix.ts';
import { baselineFrom, parseBaseline } from '../qualify/rtm-baseline.ts';
import { renderHtml, renderJudgement, renderText, summaryLine } from '../qualify/rtm-render.ts';

export const DEFAULT_RESULTS = 'test-results/vitest.json';
const REQUIREMENT_DOCUMENTS = ['docs/compliance.md', 'docs/requirements.md'];
const TEST_FOLDERS = ['test', 'src-shared', 'src-core', 'src-main', 'src-server', 'src-cli', 'src-renderer', 'src-console'];

interface RtmOptions {
  json?: boolean;
  html?: boolean;
  results: string | string[];
  strict?: boolean;
  baseline?: string;
  writeBaseline?: string;
  root: string;
}

export function registerRtmCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('rtm')
    .description('requirements traceability matrix: each compliance and functional requirement, its tests and their last result')
    .option('--json', 'print the matrix as JSON')
    .option('--html', 'print the matrix as a self-contained HTML page')
    .option('--results <files...>', "vitest's JSON reporter output (several files: the runs of a sharded suite, merged)", DEFAULT_RESULTS)
    .option('--strict', 'exit 1 unless every row has a passing test (the default without --baseline)')
    .option('--baseline <file>', 'exit 1 only when a row this baseline lists as proven is no longer proven')
    .option('--write-baseline <file>', 'write the rows proven by these results as the new baseline')
    .option('--root <dir>', 'project folder holding docs/ and the tests', '.')
    .action((opts: RtmOptions) => setExit(runRtm(opts, io)));
}

export function runRtm(opts: RtmOptions, io: CliIo): number {
  if (opts.strict && opts.baseline) {
    return refuseUsage(io, 'rtmStrictOrBaseline');
  }
  if (opts.json && opts.html) {
    return refuseUsage(io, 'rtmJsonOrHtml');
  }
  const root = resolve(opts.root);
  const requirements: Requirement[] = [];
  for (const doc of REQUIREMENT_DOCUMENTS) {
    const path = resolve(root, doc);
    if (!existsSync(path)) {
      return refuseIn(io, 'FILE_NOT_FOUND', 'rtmNoDocument', { path: doc }, EXIT_USAGE);
    }
    requirements.push(...parseRequirementTable(readFileSync(path, 'utf8'), doc));
  }
  const resultFiles = typeof opts.results === 'string' ? [opts.results] : opts.results;
  const runs: TestRun[] = [];
  for (const file of resultFiles) {
    const path = resolve(root, file);
    if (!existsSync(path)) {
      io.err(say(io, 'noTestResults', { path: file }));
      continue;
    }
    const parsed = parseVitestJson(readFileSync(path, 'utf8'), root);
    if (!parsed.ok) {
      refuse(io, { code: parsed.error.code, message: `${file}: ${parsed.error.message}` });
      return EXIT_USAGE;
    }
    runs.push(parsed.value);
  }
  const run = runs.length === 0 ? null : mergeRuns(runs);
  const matrix = buildMatrix(requirements, run, scanTestTitles(root, TEST_FOLDERS), run ? resultFiles.join(', ') : null);

  let mode = 'strict';
  let judgement = judgeStrict(matrix);
  if (opts.baseline) {
    const path = resolve(root, opts.baseline);
    if (!existsSync(path)) {
      return refuseIn(io, 'FILE_NOT_FOUND', 'rtmNoBaseline', { path: opts.baseline }, EXIT_USAGE);
    }
    const baseline = parseBaseline(readFileSync(path, 'utf8'));
    if (!baseline.ok) {
      refuse(io, { code: baseline.error.code, message: `${opts.baseline}: ${baseline.error.message}` });
      return EXIT_USAGE;
    }
    mode = `against the baseline ${opts.baseline} (${baseline.value.proven.length} rows proven there)`;
    judgement = judgeAgainstBaseline(matrix, baseline.value.proven);
  }

  if (opts.writeBaseline) {
    writeFileSync(resolve(root, opts.writeBaseline), JSON.stringify(baselineFrom(matrix, new Date().toISOString()), null, 2) + '\n');
    io.err(`wrote ${matrix.counts.proven} proven rows to ${opts.writeBaseline}`);
  }

  if (opts.json) io.out(JSON.stringify({ ...matrix, judgement: { mode, ...judgement } }, null, 2));
  else if (opts.html) io.out(renderHtml(matrix, judgement, mode));
  else for (const line of renderText(matrix)) io.out(line);
  // The verdict goes to stderr too, so it is seen when stdout is piped into a file.
  if (opts.json || opts.html) io.err(summaryLine(matrix));
  for (const line of renderJudgement(judgement, mode)) io.err(line);
  return judgement.ok ? EXIT_OK : EXIT_FAILED;
}
