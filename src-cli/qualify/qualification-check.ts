/**
 * One line of an IQ/OQ report: what was checked, what was expected, what was observed, and
 * the outcome. `n/a` is only for a check whose precondition the run does not have (no hub
 * given, so no drift against it): the report names it, and it neither passes nor fails. Any
 * failing check makes the whole report "not qualified" (Annex 11 §4, GAMP 5 IQ/OQ).
 */
export type CheckOutcome = 'pass' | 'fail' | 'n/a';
export type Phase = 'IQ' | 'OQ';

export interface QualificationCheck {
  readonly id: string;
  readonly phase: Phase;
  readonly title: string;
  readonly expected: string;
  readonly observed: string;
  readonly outcome: CheckOutcome;
}

export function check(phase: Phase, id: string, title: string, expected: string, observed: string, passed: boolean | 'n/a'): QualificationCheck {
  return { id, phase, title, expected, observed, outcome: passed === 'n/a' ? 'n/a' : passed ? 'pass' : 'fail' };
}

export type Verdict = 'qualified' | 'not qualified';

export function verdictOf(checks: readonly QualificationCheck[]): Verdict {
  return checks.length > 0 && checks.every((c) => c.outcome !== 'fail') ? 'qualified' : 'not qualified';
}

/** A check whose own code threw is a failed check with the reason, never a crashed run. */
export async function guarded(phase: Phase, id: string, title: string, expected: string, run: () => Promise<QualificationCheck[]> | QualificationCheck[]): Promise<QualificationCheck[]> {
  try {
    return await run();
  } catch (e) {
    return [check(phase, id, title, expected, `the check could not run: ${(e as Error).message}`, false)];
  }
}
