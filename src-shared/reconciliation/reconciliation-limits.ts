/**
 * The stated limits of reconciliation (issue 17 item 6). A difference is judged against
 * max(percent × base, minimum): a percentage of what was issued, but never finer than a floor a
 * balance and a container's handling can honour (a 25 kg drum and a 50 g jar differ by more than
 * scale). Where they come from: the station's engine configuration (`reconciliation`), with the
 * conservative defaults below; each reconciliation entry records the limits it applied.
 */
import { z } from 'zod';
import { DecimalString, MassSchema } from '../master-data/common.ts';
import { convertMass, isNegativeMass, maxMass, negateMass, type Mass } from '../mass.ts';
import { timesFraction } from '../recipe/quantity-math.ts';
import { percentFactor } from '../recipe/tolerance-window.ts';

export const ReconciliationLimitSchema = z.object({ percent: DecimalString, minimum: MassSchema });
export type ReconciliationLimit = z.infer<typeof ReconciliationLimitSchema>;

export interface ReconciliationPolicy {
  /** A container's weighed remaining against before − dispensed. */
  container: ReconciliationLimit;
  /** An order's balance per material: issued = dispensed + returned + wasted ± this. */
  order: ReconciliationLimit;
}

export const DEFAULT_RECONCILIATION_POLICY: ReconciliationPolicy = {
  container: { percent: '0.5', minimum: { amount: '1.00', unit: 'g' } },
  order: { percent: '0.5', minimum: { amount: '2.00', unit: 'g' } },
};

export function absMass(m: Mass): Mass {
  return isNegativeMass(m) ? negateMass(m) : m;
}

/** max(percent × |base|, minimum), in the base's unit. */
export function limitFor(base: Mass, limit: ReconciliationLimit): Mass {
  return maxMass(timesFraction(absMass(base), percentFactor(limit.percent)), convertMass(limit.minimum, base.unit));
}
