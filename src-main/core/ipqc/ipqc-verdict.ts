/**
 * The verdict on one IPQC result (issue 12 item 2): OOS when the value lies outside the
 * specification limits (a limit itself is within, as USP General Notices 7.20 reads a limit);
 * OOT when a run rule of the plan (Western Electric / Nelson, src-shared/quality/spc/rules.ts)
 * fires AT this result over the check's results in this batch so far, against the plan's
 * control limits (sigma of the plotted value = (UCL − LCL) / 6). Exact comparison for the
 * limits (decimal.js); the rules work on numbers, as the SPC library does.
 */
import { Decimal } from 'decimal.js';
import type { IpqcVerdict } from '../../../src-shared/ledger/entry-types/ipqc.ts';
import type { CheckPlan } from '../../../src-shared/recipe/check-plan.ts';
import { evaluateRules } from '../../../src-shared/quality/spc/rules.ts';

export function ipqcVerdict(plan: Pick<CheckPlan, 'specification' | 'control' | 'rules'>, earlier: readonly string[], value: string): IpqcVerdict {
  const v = new Decimal(value);
  const { lower, upper } = plan.specification;
  const oosSide = lower !== null && v.lessThan(lower) ? 'below' : upper !== null && v.greaterThan(upper) ? 'above' : null;
  const ootRules: IpqcVerdict['ootRules'] = [];
  if (plan.control && plan.rules.length > 0) {
    const { center, lcl, ucl } = plan.control;
    const sigma = (Number(ucl) - Number(lcl)) / 6;
    const points = [...earlier, value].map(Number);
    const last = points.length - 1;
    for (const r of evaluateRules(points, { center: Number(center), sigma }, plan.rules)) {
      if (r.indices.at(-1) === last) ootRules.push({ rule: r.rule, name: r.name });
    }
  }
  return { oos: oosSide !== null, oosSide, ootRules };
}

/** The mean of a sample, rounded half-up to the plan's decimals. */
export function sampleMean(values: readonly string[], decimals: number): string {
  const sum = values.reduce((a, x) => a.plus(x), new Decimal(0));
  return sum.dividedBy(values.length).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP).toFixed(decimals);
}
