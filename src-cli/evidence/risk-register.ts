/**
 * The risk register (docs/risk.yaml; EU GMP Annex 11 §1, COMPLIANCE A11-02): hazard →
 * severity / probability / detectability → controls → requirement ids → tests. Parsed with a
 * schema, judged against the traceability matrix of the last run, and printed as an FMEA table.
 *
 * The rule: every risk of severity "high" maps to at least one requirement that has a passing
 * test in the last run; a requirement id that no requirement document has is an error for any
 * risk (a typo would otherwise look like a control); a test a risk names must have passed.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { Matrix } from '../qualify/rtm-matrix.ts';
import type { TestRun } from '../qualify/test-results.ts';
import { REQUIREMENT_ID } from '../qualify/requirement-table.ts';

const Level = z.enum(['high', 'medium', 'low']);
export type Level = z.infer<typeof Level>;
const LEVEL_SCORE: Record<Level, number> = { high: 3, medium: 2, low: 1 };

const RiskSchema = z.object({
  id: z.string().regex(/^R-\d{2,3}$/, 'an id such as R-01'),
  hazard: z.string().trim().min(5),
  source: z.string().trim().min(1),
  severity: Level,
  probability: Level,
  detectability: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  controls: z.string().trim().min(5),
  requirements: z.array(z.string().regex(new RegExp(`^${REQUIREMENT_ID.source.replace(/\\b/g, '')}$`), 'a requirement id such as P11-02')).min(1),
  /** "file › title" of tests that prove the controls (optional: the requirement rows name them too). */
  tests: z.array(z.string().regex(/^\S+\.test\.tsx? › .+/, 'a test as "path/to/file.test.ts › its title"')).default([]),
});
export type Risk = z.infer<typeof RiskSchema>;

const RegisterSchema = z.object({ version: z.number().int().positive(), risks: z.array(RiskSchema).min(1) });
export type RiskRegister = z.infer<typeof RegisterSchema>;

export function parseRiskRegister(text: string): Result<RiskRegister> {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    return err('INPUT_INVALID', `the risk register is not YAML: ${(e as Error).message}`);
  }
  const parsed = RegisterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return err('INPUT_INVALID', `the risk register: ${issue.path.join('.')}: ${issue.message}`);
  }
  const ids = parsed.data.risks.map((r) => r.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) return err('INPUT_INVALID', `the risk register: ${dup} is used twice`);
  return ok(parsed.data);
}

export interface JudgedRisk extends Risk {
  readonly rpn: number;
  /** The risk's requirements with a passing test and none failing in the last run. */
  readonly provenRequirements: readonly string[];
  readonly problems: readonly string[];
}

export interface RiskJudgement {
  readonly ok: boolean;
  readonly risks: readonly JudgedRisk[];
  readonly problems: readonly string[];
}

export function judgeRisks(register: RiskRegister, matrix: Matrix, run: TestRun | null): RiskJudgement {
  const rows = new Map(matrix.rows.map((r) => [r.id, r]));
  const risks = register.risks.map((risk): JudgedRisk => {
    const problems: string[] = [];
    for (const id of risk.requirements) if (!rows.has(id)) problems.push(`${risk.id}: ${id} is in no requirement document`);
    const provenRequirements = risk.requirements.filter((id) => rows.get(id)?.status === 'proven');
    if (risk.severity === 'high' && provenRequirements.length === 0) {
      problems.push(`${risk.id}: a high risk, and none of its requirements (${risk.requirements.join(', ')}) has a passing test in the last run`);
    }
    for (const named of risk.tests) {
      const [file, title] = named.split(' › ', 2) as [string, string];
      const found = (run?.tests ?? []).filter((t) => t.file === file && t.title.includes(title));
      if (found.length === 0) problems.push(`${risk.id}: the test "${named}" is not in the last run`);
      else if (!found.some((t) => t.status === 'passed')) problems.push(`${risk.id}: the test "${named}" did not pass in the last run`);
    }
    return { ...risk, rpn: LEVEL_SCORE[risk.severity] * LEVEL_SCORE[risk.probability] * risk.detectability, provenRequirements, problems };
  });
  const problems = risks.flatMap((r) => r.problems);
  return { ok: problems.length === 0, risks, problems };
}

/** The FMEA table of the register, as markdown (for the validation kit and the release notes). */
export function renderFmea(judgement: RiskJudgement, runStartedAt: string | null): string[] {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '# Risk register (FMEA)',
    '',
    `Generated from docs/risk.yaml and the test run started ${runStartedAt ?? '(no results)'}. RPN = severity × probability × detectability (high 3, medium 2, low 1; detectability 1 = always noticed, 3 = likely unnoticed).`,
    '',
    '| id | hazard | source | S | P | D | RPN | controls | requirements (proven in the last run) | result |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of [...judgement.risks].sort((a, b) => b.rpn - a.rpn || a.id.localeCompare(b.id))) {
    const reqs = r.requirements.map((id) => (r.provenRequirements.includes(id) ? `${id} ✓` : `${id} ✗`)).join(', ');
    lines.push(`| ${r.id} | ${cell(r.hazard)} | ${cell(r.source)} | ${r.severity} | ${r.probability} | ${r.detectability} | ${r.rpn} | ${cell(r.controls)} | ${reqs} | ${r.problems.length === 0 ? 'ok' : 'NOT MET'} |`);
  }
  return lines;
}
