/**
 * Label events in review by exception (issue 17 item 7): every reprint is listed (minor: it was
 * co-signed at the station, the reviewer sees why), and a complete order whose printed labels
 * are not all used or destroyed is a major exception. The counts come from the station's own
 * fold (src-core/order/label-ledger.ts), replayed here with the order's state.
 */
import { reconcileLabels } from '../../../src-core/order/label-ledger.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import type { Add, ReviewEntry } from './batch-exceptions.ts';

export function labelExceptions(state: OrderState, entries: readonly ReviewEntry[], add: Add): void {
  for (const label of state.labels.labels) {
    if (label.reprintOf === null) continue;
    const e = entries.find((x) => x.seq === label.seq) ?? null;
    const reason = state.labels.requests.find((r) => r.printedSeq === label.seq)?.reason ?? '—';
    add('label-reprint', 'minor', e, `label ${label.reprintOf} reprinted as ${label.labelId} (marked REPRINT): ${reason}`, { labelId: label.reprintOf, reprintId: label.labelId, reason });
  }
  // FR-141: a print whose outcome was unknown, settled at the station and co-signed: listed so the
  // reviewer sees what the operator found at the printer (applied, destroyed, none) and why.
  for (const print of state.labels.prints) {
    if (print.settledSeq === null) continue;
    const settlement = print.settlements.find((x) => x.seq === print.settledSeq);
    if (!settlement) continue;
    const e = entries.find((x) => x.seq === settlement.seq) ?? null;
    // FR-154: settled after the order completed: the batch record changed after its completion,
    // so QA sees it as a major exception, not the routine co-signed settlement.
    if (state.completedSeq !== null && settlement.seq > state.completedSeq) {
      add('label-print-settled-after-completion', 'major', e, `print requested at entry ${print.seq} (${print.count} label(s)), outcome unknown, settled after the order was completed (entry ${state.completedSeq}) as ${settlement.outcome} (${settlement.count}) under a co-signature: ${settlement.reason}`, {
        requestSeq: print.seq,
        outcome: settlement.outcome,
        count: settlement.count,
        reason: settlement.reason,
      });
      continue;
    }
    add('label-print-settled', 'minor', e, `print requested at entry ${print.seq} (${print.count} label(s)), outcome unknown, settled as ${settlement.outcome} (${settlement.count}) under a co-signature: ${settlement.reason}`, {
      requestSeq: print.seq,
      outcome: settlement.outcome,
      count: settlement.count,
      reason: settlement.reason,
    });
  }
  if (state.status !== 'complete') return;
  const r = reconcileLabels(state.labels);
  if (r.balanced) return;
  const completed = entries.find((x) => x.seq === state.completedSeq) ?? null;
  add(
    'label-reconciliation',
    'major',
    completed,
    `labels do not reconcile: ${r.printed} printed (${r.issued} issued, ${r.reprinted} reprinted), ${r.used} used, ${r.destroyed} destroyed; not accounted for: ${r.unaccounted.join(', ') || '—'}; print requested, outcome unknown: ${r.outcomeUnknown.join(', ') || '—'}`,
    // FR-139: labels whose print was announced but whose outcome was never recorded are named apart.
    { issued: r.issued, printed: r.printed, reprinted: r.reprinted, used: r.used, destroyed: r.destroyed, unaccounted: r.unaccounted.join(', ') || '—', outcomeUnknown: r.outcomeUnknown.join(', ') || '—' },
  );
}
