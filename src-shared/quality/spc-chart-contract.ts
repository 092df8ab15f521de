/**
 * SPC charts at the hub (issue 12 item 3): the measured subgroups of a product's check, recorded
 * by QA or a LIMS, plotted as X̄-R, X̄-S or I-MR against the limits frozen under change control
 * (or, before any are frozen for that chart, trial limits from the plotted data themselves,
 * labelled so), with the run rules' flagged points and Cp/Cpk/Pp/Ppk with their intervals. The
 * console draws exactly these numbers; `?format=csv` gives the same numbers as CSV.
 */
import { z } from 'zod';
import { queryDecimal } from '../api/query-number.ts';
import { Code } from '../master-data/common.ts';
import { LimitsSchema, SpcChartKind } from './spc-contract.ts';

const Value = z.number().finite();

export const SpcSubgroupSchema = z.object({
  values: z.array(Value).min(1).max(25),
  batch: Code.optional(),
  /** When the sample was taken (ISO 8601 with offset); the chart's order. */
  sampledAt: z.string().datetime({ offset: true }),
});

export const RecordSpcDataSchema = z.object({
  product: Code,
  check: Code,
  /** Where the values come from: "LIMS", "IPQC", "manual entry by QA", a LIMS sample id. */
  source: z.string().trim().min(2).max(200),
  subgroups: z.array(SpcSubgroupSchema).min(1).max(10_000),
});
export type RecordSpcData = z.infer<typeof RecordSpcDataSchema>;

export const RecordedSpcDataSchema = z.object({ product: z.string(), check: z.string(), recorded: z.number().int(), total: z.number().int() });
export type RecordedSpcData = z.infer<typeof RecordedSpcDataSchema>;

/** One product/check with data: what the console's picker offers. */
export const SpcSeriesSchema = z.object({
  product: z.string(),
  check: z.string(),
  subgroups: z.number().int(),
  /** The size of the most recent subgroup (1: individuals). */
  subgroupSize: z.number().int(),
  frozen: z.object({ chart: SpcChartKind, version: z.number().int() }).nullable(),
});
export type SpcSeries = z.infer<typeof SpcSeriesSchema>;

export const SpcChartParamsSchema = z.object({ product: Code, check: Code });

export const SpcChartQuerySchema = z.object({
  chart: SpcChartKind,
  rules: z.enum(['western-electric', 'nelson']).default('nelson'),
  lsl: queryDecimal().optional(),
  usl: queryDecimal().optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type SpcChartQuery = z.infer<typeof SpcChartQuerySchema>;

const Interval = z.object({ estimate: z.number(), lower: z.number(), upper: z.number() });

export const SpcChartPointSchema = z.object({
  /** 0-based position on the chart. */
  index: z.number().int(),
  batch: z.string().nullable(),
  sampledAt: z.string(),
  /** Subgroup mean (X̄ charts) or the individual value (I-MR). */
  value: z.number(),
  /** Range, standard deviation or moving range (null for the first I-MR point). */
  spread: z.number().nullable(),
  /** Run rules that flag this point on the location chart. */
  rules: z.array(z.string()),
  /** The spread point lies outside the spread chart's limits. */
  spreadBeyond: z.boolean(),
});
export type SpcChartPoint = z.infer<typeof SpcChartPointSchema>;

export const SpcChartViewSchema = z.object({
  product: z.string(),
  check: z.string(),
  chart: SpcChartKind,
  rules: z.enum(['western-electric', 'nelson']),
  /** frozen: the version frozen under change control; trial: computed from these data (phase I). */
  limitsSource: z.enum(['frozen', 'trial']),
  frozen: z.object({ version: z.number().int(), changeId: z.string(), frozenBy: z.string(), frozenAt: z.string() }).nullable(),
  subgroupSize: z.number().int(),
  location: LimitsSchema,
  spread: LimitsSchema,
  sigmaWithin: z.number(),
  points: z.array(SpcChartPointSchema),
  violations: z.array(z.object({ rule: z.string(), name: z.string(), indices: z.array(z.number().int()) })),
  spec: z.object({ lsl: z.number(), usl: z.number() }).nullable(),
  capability: z.object({ cp: Interval, cpk: Interval, pp: Interval, ppk: Interval, confidence: z.number() }).nullable(),
});
export type SpcChartView = z.infer<typeof SpcChartViewSchema>;
