/**
 * In-process control (IPQC) check plans, part of the recipe (issue 12 item 2): what is checked,
 * how often (every N minutes, or every N units produced), the sample size, the specification
 * limits (outside them a result is OOS) and the control limits the run rules judge against
 * (a rule violation is OOT: Western Electric / Nelson, src-shared/quality/spc/rules.ts).
 *
 * Versioned: `schemaVersion` names the shape; a plan of a version this code does not know is
 * refused with that reason rather than read as something it is not (ALCOA+ accurate). Values are
 * exact decimal strings with the plan's unit; a check read from a balance ("balance") takes the
 * mean of N stable readings, one tablet each, in a mass unit.
 */
import { z } from 'zod';
import { Code } from '../master-data/common.ts';
import { MASS_UNITS } from '../mass.ts';
import { err, ok, type Result } from '../result.ts';
import { NELSON, WESTERN_ELECTRIC, type RuleId } from '../quality/spc/rules.ts';
import { SignedDecimal } from './recipe-step.ts';

export const CHECK_PLAN_SCHEMA_VERSION = 1;
const RULE_IDS = [...WESTERN_ELECTRIC, ...NELSON] as [RuleId, ...RuleId[]];

const text = (max: number) => z.string().trim().min(1).max(max);

export const CheckFrequencySchema = z.discriminatedUnion('every', [
  /** Due every `minutes` from the order's start; overdue `graceMinutes` after it fell due. */
  z.object({ every: z.literal('minutes'), minutes: z.number().int().min(1).max(24 * 60), graceMinutes: z.number().int().min(0).max(240).default(5) }),
  /** Due each time the units produced reach a multiple of `units`; overdue `graceUnits` past it. */
  z.object({ every: z.literal('units'), units: z.number().int().min(1).max(10_000_000), graceUnits: z.number().int().min(0).max(10_000_000).default(0) }),
]);
export type CheckFrequency = z.infer<typeof CheckFrequencySchema>;

export const CheckPlanSchema = z
  .object({
    schemaVersion: z.literal(CHECK_PLAN_SCHEMA_VERSION),
    checkId: Code,
    name: text(100),
    unit: z.string().trim().min(1).max(20),
    /** typed: the operator types the value; balance: the mean of `sampleSize` stable readings. */
    source: z.enum(['typed', 'balance']),
    frequency: CheckFrequencySchema,
    sampleSize: z.number().int().min(1).max(100),
    decimals: z.number().int().min(0).max(6),
    specification: z.object({ lower: SignedDecimal.nullable(), upper: SignedDecimal.nullable() }),
    /** Control limits of the plotted value (individuals of the check's mean). */
    control: z.object({ center: SignedDecimal, lcl: SignedDecimal, ucl: SignedDecimal }).nullable(),
    /** The run rules an OOT is judged by; default the four Western Electric rules. */
    rules: z.array(z.enum(RULE_IDS)).max(12).default([...WESTERN_ELECTRIC]),
  })
  .superRefine((p, ctx) => {
    for (const problem of checkPlanProblems(p)) ctx.addIssue({ code: 'custom', message: problem });
  });
export type CheckPlan = z.infer<typeof CheckPlanSchema>;
export type CheckPlanInput = z.input<typeof CheckPlanSchema>;

function checkPlanProblems(p: Omit<CheckPlan, never>): string[] {
  const problems: string[] = [];
  const { lower, upper } = p.specification;
  if (lower === null && upper === null) problems.push(`check "${p.checkId}" needs a lower or an upper specification limit`);
  if (lower !== null && upper !== null && Number(lower) >= Number(upper)) problems.push(`check "${p.checkId}": the lower specification limit ${lower} must be below the upper ${upper}`);
  if (p.control) {
    const { lcl, center, ucl } = p.control;
    if (!(Number(lcl) < Number(center) && Number(center) < Number(ucl))) problems.push(`check "${p.checkId}": control limits must be lcl < center < ucl (got ${lcl}, ${center}, ${ucl})`);
  }
  if (p.source === 'balance' && !(MASS_UNITS as readonly string[]).includes(p.unit)) problems.push(`check "${p.checkId}" is read from a balance, so its unit must be a mass unit (${MASS_UNITS.join(', ')}), not "${p.unit}"`);
  if (new Set(p.rules).size !== p.rules.length) problems.push(`check "${p.checkId}" names a run rule twice`);
  return problems;
}

export const CheckPlansSchema = z
  .array(CheckPlanSchema)
  .max(50)
  .superRefine((plans, ctx) => {
    const seen = new Set<string>();
    for (const p of plans) {
      if (seen.has(p.checkId)) ctx.addIssue({ code: 'custom', message: `check "${p.checkId}" appears twice` });
      seen.add(p.checkId);
    }
  });

/**
 * Parses check plans from outside (a recipe pushed down, a designer's draft): the plans, or
 * CHECK_PLAN_INVALID with every reason. An unknown schema version gets its own reason first.
 */
export function parseCheckPlans(input: unknown): Result<CheckPlan[]> {
  if (Array.isArray(input)) {
    const unknown = input.map((p, i) => ({ i, v: (p as { schemaVersion?: unknown } | null)?.schemaVersion })).filter((x) => x.v !== CHECK_PLAN_SCHEMA_VERSION);
    if (unknown.length > 0) {
      const reasons = unknown.map((x) => `check plan #${x.i + 1}: schema version ${JSON.stringify(x.v ?? null)} is not supported (this station reads version ${CHECK_PLAN_SCHEMA_VERSION})`);
      return err('CHECK_PLAN_INVALID', reasons.join('; '), { reasons });
    }
  }
  const parsed = CheckPlansSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const reasons = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  return err('CHECK_PLAN_INVALID', reasons.join('; '), { reasons });
}
