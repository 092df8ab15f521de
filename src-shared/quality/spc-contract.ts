/**
 * SPC at the hub (issue 12 item 3): control limits per product and check, computed from a
 * reference period with the SPC library (src-shared/quality/spc) and frozen as a version that
 * only an approved change control naming the setting `spc/<product>/<check>` can supersede;
 * new data evaluated against the frozen limits with the Western Electric or Nelson rules.
 */
import { z } from 'zod';
import { Code } from '../master-data/common.ts';
import { ChangeState } from './change-contract.ts';

export const SpcChartKind = z.enum(['xbar-r', 'xbar-s', 'i-mr']);
export type SpcChartKind = z.infer<typeof SpcChartKind>;

const Value = z.number().finite();
/** Subgroups for X̄-R / X̄-S, or single values (each a subgroup of one) for I-MR. */
const Data = z.array(z.array(Value).min(1).max(25)).min(2).max(100_000);

export const LimitsSchema = z.object({ center: z.number(), ucl: z.number(), lcl: z.number() });

export const SpcFrozenLimitsSchema = z.object({
  /** X̄ or individuals chart. */
  location: LimitsSchema,
  /** R, S or moving-range chart. */
  spread: LimitsSchema,
  sigmaWithin: z.number(),
  subgroupSize: z.number().int(),
  points: z.number().int(),
});
export type SpcFrozenLimits = z.infer<typeof SpcFrozenLimitsSchema>;

export const FreezeLimitsSchema = z.object({
  product: Code,
  check: Code,
  chart: SpcChartKind,
  subgroups: Data,
  /** What the reference period was (e.g. "batches B-001…B-025, validation lots"). */
  reference: z.string().trim().min(5).max(500),
  changeId: z.string().regex(/^CC-\d{4}-\d{4,}$/),
});
export type FreezeLimits = z.infer<typeof FreezeLimitsSchema>;

export const SpcLimitsViewSchema = z.object({
  product: z.string(),
  check: z.string(),
  version: z.number().int(),
  chart: SpcChartKind,
  limits: SpcFrozenLimitsSchema,
  reference: z.record(z.string(), z.unknown()),
  changeId: z.string(),
  frozenBy: z.string(),
  frozenAt: z.string(),
});
export type SpcLimitsView = z.infer<typeof SpcLimitsViewSchema>;

export const EvaluateSchema = z.object({
  product: Code,
  check: Code,
  subgroups: Data,
  rules: z.enum(['western-electric', 'nelson']).default('nelson'),
  /** Specification limits: the evaluation then carries Cp/Cpk/Pp/Ppk of these data with 95 % intervals. */
  spec: z.object({ lsl: z.number().finite(), usl: z.number().finite() }).optional(),
});
export type Evaluate = z.infer<typeof EvaluateSchema>;

const Interval = z.object({ estimate: z.number(), lower: z.number(), upper: z.number() });

export const EvaluationSchema = z.object({
  limits: SpcLimitsViewSchema,
  points: z.array(z.object({ index: z.number().int(), value: z.number(), spread: z.number().nullable(), rules: z.array(z.string()) })),
  violations: z.array(z.object({ rule: z.string(), name: z.string(), indices: z.array(z.number().int()) })),
  capability: z.object({ cp: Interval, cpk: Interval, pp: Interval, ppk: Interval, confidence: z.number() }).nullable(),
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

/** Change states in which new limits may be frozen: approved and not yet past implementation. */
export const FREEZE_STATES: readonly z.infer<typeof ChangeState>[] = ['approved', 'implementation-planned'];

export function spcSettingRef(product: string, check: string): string {
  return `spc/${product}/${check}`;
}
