/**
 * Evidence about the product itself (issue 11):
 *
 *   batchline risk [--json|--fmea] [--results FILE…] [--register docs/risk.yaml] [--root DIR]
 *   batchline validation-kit --out DIR [--results FILE…] [--root DIR]
 *
 * `risk` judges the risk register against the last test run: exit 1 when a high risk has no
 * requirement with a passing test, a named test did not pass, or a requirement id is unknown
 * (COMPLIANCE A11-02). `validation-kit` writes the supplier's evidence with a hashed manifest
 * (A11-04, D25-10), which `batchline release sign` signs (src-cli/commands/release.ts).
 */
import { refuse } from '../cli-io.ts';
import type { Command } from 'commander';
import { refuseIn, refuseUsage, say } from '../cli-words.ts';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../cli-io.ts';
import { DEFAULT_RESULTS, lastRunMatrix } from '../evidence/last-run-matrix.ts';
import { judgeRisks, parseRiskRegister, renderFmea } from '../evidence/risk-register.ts';
import { writeValidationKit } from '../evidence/validation-kit.ts';

interface RiskOptions {
  json?: boolean;
  fmea?: boolean;
  results: string | string[];
  register: string;
  root: string;
}

interface KitCliOptions {
  out?: string;
  results: string | string[];
  root: string;
}

export function registerEvidenceCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('risk')
    .description('the risk register (docs/risk.yaml) against the last test run: every high risk needs a requirement with a passing test')
    .option('--json', 'print the judged register as JSON')
    .option('--fmea', 'print the FMEA table (markdown)')
    .option('--results <files...>', "vitest's JSON reporter output", DEFAULT_RESULTS)
    .option('--register <file>', 'the risk register', 'docs/risk.yaml')
    .option('--root <dir>', 'project folder holding docs/ and the tests', '.')
    .action((opts: RiskOptions) => setExit(runRisk(opts, io)));
  program
    .command('validation-kit')
    .description('write the validation kit: RTM, test report, risk register, CycloneDX SBOM, known issues, hashed manifest')
    .option('--out <dir>', 'folder to write the kit into')
    .option('--results <files...>', "vitest's JSON reporter output", DEFAULT_RESULTS)
    .option('--root <dir>', 'project folder holding docs/, package-lock.json and the tests', '.')
    .action((opts: KitCliOptions) => setExit(runValidationKit(opts, io)));
}

export function runRisk(opts: RiskOptions, io: CliIo): number {
  if (opts.json && opts.fmea) {
    return refuseUsage(io, 'riskJsonOrFmea');
  }
  const root = resolve(opts.root);
  const path = resolve(root, opts.register);
  if (!existsSync(path)) {
    return refuseIn(io, 'FILE_NOT_FOUND', 'riskNoRegister', { path: opts.register }, EXIT_USAGE);
  }
  const register = parseRiskRegister(readFileSync(path, 'utf8'));
  if (!register.ok) {
    refuse(io, register.error);
    return EXIT_USAGE;
  }
  const last = lastRunMatrix(root, typeof opts.results === 'string' ? [opts.results] : opts.results);
  if (!last.ok) {
    refuse(io, last.error);
    return EXIT_USAGE;
  }
  for (const f of last.value.missingResults) io.err(say(io, 'noTestResults', { path: f }));
  const judgement = judgeRisks(register.value, last.value.matrix, last.value.run);
  if (opts.json) io.out(JSON.stringify({ runStartedAt: last.value.matrix.runStartedAt, ...judgement }, null, 2));
  else if (opts.fmea) for (const line of renderFmea(judgement, last.value.matrix.runStartedAt)) io.out(line);
  else for (const r of judgement.risks) io.out(`${r.id.padEnd(6)} ${r.severity.padEnd(6)} RPN ${String(r.rpn).padStart(2)}  ${r.problems.length === 0 ? 'ok     ' : 'NOT MET'} ${r.hazard}`);
  const high = judgement.risks.filter((r) => r.severity === 'high');
  io.err(`risk: ${judgement.risks.length} risks (${high.length} high); ${judgement.problems.length === 0 ? 'ok: every high risk maps to a requirement with a passing test' : `${judgement.problems.length} problems:`}`);
  for (const p of judgement.problems) io.err(`  ${p}`);
  return judgement.ok ? EXIT_OK : EXIT_FAILED;
}

export function runValidationKit(opts: KitCliOptions, io: CliIo): number {
  if (!opts.out) {
    return refuseUsage(io, 'kitGiveOut');
  }
  const made = writeValidationKit({ root: opts.root, out: opts.out, results: typeof opts.results === 'string' ? [opts.results] : opts.results });
  if (!made.ok) {
    refuse(io, made.error);
    return EXIT_FAILED;
  }
  for (const [name, hash] of Object.entries(made.value.manifest.files)) io.out(`${hash}  ${name}`);
  if (made.value.consoleFiles === 0) io.err('warning: no built console (dist-console/): the release names a hub without its console; npm run build:ui first');
  io.out(`${made.value.manifest.hubDigest}  hub digest (hub-release.json: what \`batchline hub iq\` holds an installed hub to)`);
  io.out(`${made.value.manifestSha256}  MANIFEST.json (put this line in the release notes)`);
  io.err(made.value.summary);
  return EXIT_OK;
}
