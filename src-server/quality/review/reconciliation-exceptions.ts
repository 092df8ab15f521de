/**
 * Review by exception of returns and reconciliation (issue 17 item 6): a return whose difference
 * was beyond the limit (with the supervisor's decision, if any, in the same batch), a return
 * typed by hand, a material balance that did not close and a yield outside the recipe's limits.
 * The deviations these raised at the station reach the hub as every station deviation does
 * (batch-exceptions.ts), so release waits for QA to close them.
 */
import { formatMass } from '../../../src-shared/mass.ts';
import { MassSchema } from '../../../src-shared/master-data/common.ts';
import type { BatchException, ExceptionKind, Severity } from '../../../src-shared/quality/review-contract.ts';
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';

type P = Record<string, unknown>;
export type AddException<E> = (kind: ExceptionKind, severity: Severity, e: E | null, message: string, params: BatchException['params'], suffix?: string) => void;

const fmt = (m: unknown) => {
  const x = MassSchema.safeParse(m);
  return x.success ? formatMass(x.data) : '?';
};

export function reconciliationExceptions<E extends LedgerEntry>(e: E, p: P, add: AddException<E>): void {
  switch (e.type) {
    case 'return.weighed':
      if (p.beyondLimit === true) {
        add('return-discrepancy', 'major', e, `container ${String(p.containerId)} came back with ${fmt(p.remaining)}, theoretical ${fmt(p.theoretical)}: difference ${fmt(p.difference)} beyond ${fmt(p.limit)} (${String(p.finding)})`, {
          containerId: String(p.containerId),
          remaining: fmt(p.remaining),
          theoretical: fmt(p.theoretical),
          difference: fmt(p.difference),
          limit: fmt(p.limit),
        });
      }
      if (p.manualEntry) add('manual-entry', 'major', e, `return of container ${String(p.containerId)} typed by hand, not weighed: ${String((p.manualEntry as P).reason)}`, { containerId: String(p.containerId), reason: String((p.manualEntry as P).reason) }, ':return');
      return;
    case 'reconciliation.recorded': {
      for (const m of (p.materials as P[] | undefined) ?? []) {
        if (m.closes !== false) continue;
        add('reconciliation', 'major', e, `material ${String(m.materialCode)}: issued ${fmt(m.issued)}, dispensed ${fmt(m.dispensed)}, returned ${fmt(m.returned)}, wasted ${fmt(m.wasted)}; difference ${fmt(m.difference)} beyond ±${fmt(m.tolerance)}`, {
          materialCode: String(m.materialCode),
          issued: fmt(m.issued),
          dispensed: fmt(m.dispensed),
          returned: fmt(m.returned),
          wasted: fmt(m.wasted),
          difference: fmt(m.difference),
          tolerance: fmt(m.tolerance),
        }, `:${String(m.materialCode)}`);
      }
      const y = p.yield as { percent: string; within: boolean | null; limits: { lowerPercent: string; upperPercent: string } | null } | null | undefined;
      if (y?.within === false && y.limits) {
        add('yield-out-of-limits', 'major', e, `yield ${y.percent} % outside the recipe's limits ${y.limits.lowerPercent} % – ${y.limits.upperPercent} %`, { percent: y.percent, lower: y.limits.lowerPercent, upper: y.limits.upperPercent });
      }
      return;
    }
    default:
      return;
  }
}
