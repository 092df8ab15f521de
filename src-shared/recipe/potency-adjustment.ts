/**
 * The formula of a potency-adjusted target, as the record shows it (issue 18, item 2): a
 * reviewer reading "2014.07 g" against a "2.000 kg" line must see at once that the line is of
 * pure substance and the target of a lot with 99.6 % assay and 0.3 % water, not an excess.
 * The engine records these facts in the scan and weighing entries; this file only words them.
 */
import { z } from 'zod';
import { formatMass, type Mass } from '../mass.ts';
import { MassSchema } from '../master-data/common.ts';

export const PotencyAdjustmentSchema = z.object({
  /** What the line still needs, in its basis (pure substance). */
  lineQuantity: MassSchema,
  assayPercent: z.string(),
  waterPercent: z.string().nullable(),
  basis: z.enum(['as-is', 'anhydrous']),
  /** assay/100 (× (100 − water)/100 on the anhydrous basis), exact. */
  fraction: z.string(),
  /** lineQuantity ÷ fraction, to 1 µg: the exact target before rounding to the balance. */
  adjustedTarget: MassSchema,
});
export type PotencyAdjustment = z.infer<typeof PotencyAdjustmentSchema>;

/**
 * "potency-adjusted target: 2.000 kg of pure substance ÷ (99.6 % assay × (100 − 0.3) % water =
 * 0.993012) = 2014.07 g". `rounded` is the target at the balance's readability; the exact one
 * stays in the entry, the text never shows more decimals than the balance (issue 18).
 */
export function describePotency(a: PotencyAdjustment, rounded?: Mass | null): string {
  const factor = a.basis === 'anhydrous' ? `${a.assayPercent} % assay × (100 − ${a.waterPercent ?? '0'}) % water` : `${a.assayPercent} % assay, as is`;
  return `potency-adjusted target: ${formatMass(a.lineQuantity)} of pure substance ÷ (${factor} = ${a.fraction}) = ${formatMass(rounded ?? a.adjustedTarget)}`;
}
