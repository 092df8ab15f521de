/**
 * How many containers of a delivered lot are sampled, and which (WHO TRS 929 Annex 4, "√n+1"
 * plan; EU GMP Ch. 5.30 / Annex 8: a reduced plan only for suppliers approved by audit):
 *   - n ≤ 3: every container;
 *   - full plan: ⌈√n⌉ + 1 containers (never more than n);
 *   - reduced plan (approved supplier): ⌈√n⌉ containers.
 * Which containers: spread evenly over the delivery in its order (the first always, then every
 * n/k-th), so the choice is reproducible and reaches the end of the delivery. Pure.
 */
import type { SupplierStatus } from './iqc-contract.ts';

export type SamplePlanRule = 'all' | 'sqrt-n-plus-1' | 'reduced-sqrt-n';

export interface SamplePlan {
  rule: SamplePlanRule;
  /** How many containers to sample. */
  containers: number;
  /** Of how many delivered. */
  of: number;
  /** Zero-based positions in the delivery of the containers to sample, ascending. */
  positions: number[];
}

export function samplePlan(containerCount: number, supplier: SupplierStatus): SamplePlan {
  const n = Math.max(0, Math.floor(containerCount));
  const root = Math.ceil(Math.sqrt(n));
  const rule: SamplePlanRule = n <= 3 ? 'all' : supplier === 'approved' ? 'reduced-sqrt-n' : 'sqrt-n-plus-1';
  const k = rule === 'all' ? n : Math.min(n, rule === 'reduced-sqrt-n' ? root : root + 1);
  const positions = Array.from({ length: k }, (_, i) => Math.floor((i * n) / k));
  return { rule, containers: k, of: n, positions };
}
