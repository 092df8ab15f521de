/**
 * The batch's yield against the recipe's limits (issue 17 item 6, per batch): what was dispensed
 * for all material lines (each line's counted total, in the line's basis) as a percentage of
 * the lines' nominal quantities. The recipe may state limits (`yieldLimits`, optional); without
 * them the yield is recorded and not judged. The percentage is exact to 4 decimals (rounded
 * half-up for display only; the verdict uses the exact quotient).
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { DecimalString } from '../master-data/common.ts';
import { addMass, convertMass, type Mass } from '../mass.ts';

export const YieldLimitsSchema = z
  .object({ lowerPercent: DecimalString, upperPercent: DecimalString })
  .refine((l) => new Decimal(l.lowerPercent).lte(new Decimal(l.upperPercent)), 'the lower yield limit must not exceed the upper');
export type YieldLimits = z.infer<typeof YieldLimitsSchema>;

export interface BatchYield {
  theoretical: Mass;
  actual: Mass;
  /** actual ÷ theoretical × 100, to 4 decimals. */
  percent: string;
  limits: YieldLimits | null;
  /** null: the recipe states no limits. */
  within: boolean | null;
}

export function batchYield(lines: readonly { nominal: Mass; dispensed: Mass }[], limits: YieldLimits | null): BatchYield | null {
  if (lines.length === 0) return null;
  const unit = lines[0]!.nominal.unit;
  const theoretical = lines.reduce<Mass>((acc, l) => addMass(acc, convertMass(l.nominal, unit)), { amount: '0', unit });
  const actual = lines.reduce<Mass>((acc, l) => addMass(acc, convertMass(l.dispensed, unit)), { amount: '0', unit });
  const t = new Decimal(theoretical.amount);
  if (t.isZero()) return null;
  const exact = new Decimal(actual.amount).dividedBy(t).times(100);
  const within = limits ? exact.gte(new Decimal(limits.lowerPercent)) && exact.lte(new Decimal(limits.upperPercent)) : null;
  return { theoretical, actual, percent: exact.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4), limits, within };
}
