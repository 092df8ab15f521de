/**
 * A lot's results against its specification, and the disposition that follows (EU GMP Ch. 6.32:
 * results checked against the specification before release; FDA OOS guidance 2022: an
 * out-of-specification result is not averaged away or replaced by a retest). Rules:
 *   - a numeric result passes within [lower, upper] (inclusive; an open limit is no limit) and
 *     only in the test's unit; a text result passes when it is one of the accepted texts
 *     (compared trimmed, case-insensitive);
 *   - a test fails when ANY of its results fails (a later passing retest does not hide it), passes
 *     when it has results and all pass, and is missing without one;
 *   - the disposition is `rejected` when a test fails, `released` when all pass, else null.
 * Pure: used by the hub's services and the console alike.
 */
import type { LotEvaluation, SpecTest, TestVerdict } from './iqc-contract.ts';

export interface EvaluatedResult {
  resultId: string;
  testCode: string;
  value: number | string;
  unit?: string | null | undefined;
}

export function resultVerdict(test: SpecTest, r: Pick<EvaluatedResult, 'value' | 'unit'>): 'pass' | 'fail' {
  if (test.kind === 'numeric') {
    if (typeof r.value !== 'number' || !Number.isFinite(r.value)) return 'fail';
    if (r.unit != null && r.unit.trim() !== test.unit) return 'fail';
    if (test.lower !== null && r.value < test.lower) return 'fail';
    if (test.upper !== null && r.value > test.upper) return 'fail';
    return 'pass';
  }
  const text = String(r.value).trim().toLowerCase();
  return test.accepted.some((a) => a.trim().toLowerCase() === text) ? 'pass' : 'fail';
}

export function evaluateLot(lotId: string, spec: { material: string; version: number; tests: readonly SpecTest[] }, results: readonly EvaluatedResult[]): LotEvaluation {
  const tests = spec.tests.map((t) => {
    const mine = results.filter((r) => r.testCode === t.code);
    const failed = mine.find((r) => resultVerdict(t, r) === 'fail');
    const shown = failed ?? mine.at(-1) ?? null;
    const verdict: TestVerdict = failed ? 'fail' : mine.length > 0 ? 'pass' : 'missing';
    return { code: t.code, name: t.name, verdict, resultId: shown?.resultId ?? null, value: shown?.value ?? null };
  });
  const disposition = tests.some((t) => t.verdict === 'fail') ? 'rejected' : tests.every((t) => t.verdict === 'pass') ? 'released' : null;
  return { lotId, material: spec.material, specVersion: spec.version, tests, disposition };
}
