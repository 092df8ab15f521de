/**
 * The label reconciliation section of the batch record (issue 17 item 7): the counts of the
 * order's label fold (src-core/order/label-ledger.ts) and the events that moved them — reprint
 * requests and reprints, labels used and destroyed (the first prints stay with their label step).
 */
import type { LabelReconciliationRecord, RecordEvent } from '../../src-shared/orders/batch-record.ts';
import { reconcileLabels } from '../order/label-ledger.ts';
import type { OrderState } from '../order/order-state.ts';

const LABEL_EVENTS = new Set(['label.reprint_requested', 'label.reprinted', 'label.used', 'label.destroyed', 'label.print_requested', 'label.print_failed', 'label.print_settled']);
/** FR-139: a label step's own print request and failure stay with their step, as its print does. */
const ofLabelSection = (e: RecordEvent): boolean => LABEL_EVENTS.has(e.type) && !((e.type === 'label.print_requested' || e.type === 'label.print_failed') && typeof e.data.stepId === 'string');

export function labelRecord(state: OrderState, events: ReadonlyMap<number, RecordEvent>): LabelReconciliationRecord | null {
  // FR-139: an order whose only print has no recorded outcome still has a label section that says so.
  if (state.labels.labels.length === 0 && state.labels.prints.every((p) => p.outcomeSeq !== null)) return null;
  const r = reconcileLabels(state.labels);
  return { ...r, events: [...events.values()].filter(ofLabelSection) };
}
