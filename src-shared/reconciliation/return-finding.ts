/**
 * What a weighed return says about a container (issue 17 item 6, per container): the
 * theoretical remaining is what the container held when it was issued to the order (its stock at
 * the first scan) less what was dispensed from it; the balance says what is actually left.
 *
 *   difference = actual − theoretical   (negative: found short; positive: found over)
 *
 * Cases named by the issue: found short and declared empty, found short and not empty, found
 * over (within or beyond the limit). Beyond the limit the difference is a discrepancy a
 * supervisor decides with an e-signature; within it, it is recorded and the stock follows.
 * A container declared empty goes back as nothing: what the balance still found in it is a
 * residue, booked as wasted, and it may not exceed the limit (else it is not empty).
 */
import { compareMass, convertMass, isNegativeMass, isZeroMass, subtractMass, type Mass } from '../mass.ts';
import { absMass, limitFor, type ReconciliationLimit } from './reconciliation-limits.ts';

/**
 * A supervisor's decision on a difference beyond the limit: accepted as a loss (or gain) of this
 * order (booked as wasted), the stock record adjusted (the container held other than recorded:
 * what was issued is corrected), or a deviation opened. In every case the container's stock
 * becomes what was weighed, once the decision carries the supervisor's "approved" signature.
 */
export const RETURN_DECISIONS = ['accepted', 'stock-adjusted', 'deviation-opened'] as const;
export type ReturnDecision = (typeof RETURN_DECISIONS)[number];

export const RETURN_FINDINGS = ['exact', 'short-declared-empty', 'short-not-empty', 'over'] as const;
export type ReturnFinding = (typeof RETURN_FINDINGS)[number];

export interface ReturnInput {
  /** The container's stock when it was first scanned for this order. */
  issued: Mass;
  /** Material mass dispensed from it in this order (counted portions). */
  dispensed: Mass;
  /** Weighed: gross reading − the container's empty weight. */
  remaining: Mass;
  declaredEmpty: boolean;
}

export interface ReturnAssessment {
  theoretical: Mass;
  difference: Mass;
  limit: Mass;
  finding: ReturnFinding;
  beyondLimit: boolean;
  /** What goes back to stock: the remaining, or nothing for a container declared empty. */
  returned: Mass;
  /** Declared empty: what the balance still found (wasted with the container), else null. */
  residue: Mass | null;
}

export type ReturnRefusal = { code: 'CONTAINER_NOT_EMPTY' | 'RETURN_BELOW_TARE'; remaining: Mass; limit: Mass };

export function assessReturn(input: ReturnInput, policy: ReconciliationLimit): { ok: true; value: ReturnAssessment } | { ok: false; refusal: ReturnRefusal } {
  const unit = input.issued.unit;
  const remaining = convertMass(input.remaining, unit);
  const theoretical = subtractMass(input.issued, convertMass(input.dispensed, unit));
  const limit = limitFor(input.issued, policy);
  // A reading below the empty container by more than the limit is not a return: wrong container or balance.
  if (isNegativeMass(remaining) && compareMass(absMass(remaining), limit) > 0) return { ok: false, refusal: { code: 'RETURN_BELOW_TARE', remaining, limit } };
  if (input.declaredEmpty && compareMass(remaining, limit) > 0) return { ok: false, refusal: { code: 'CONTAINER_NOT_EMPTY', remaining, limit } };
  const difference = subtractMass(remaining, theoretical);
  const zero: Mass = { amount: '0', unit };
  const finding: ReturnFinding = isZeroMass(difference) ? 'exact' : isNegativeMass(difference) ? (input.declaredEmpty ? 'short-declared-empty' : 'short-not-empty') : 'over';
  return {
    ok: true,
    value: {
      theoretical,
      difference,
      limit,
      finding,
      beyondLimit: compareMass(absMass(difference), limit) > 0,
      returned: input.declaredEmpty ? zero : remaining,
      residue: input.declaredEmpty ? remaining : null,
    },
  };
}
