/** What the station's returns and reconciliation screen shows of an order (issue 17 items 5 and 6). */
import type { Mass } from '../mass.ts';
import type { ReturnDecision } from '../reconciliation/return-finding.ts';

export interface ReturnView {
  seq: number;
  declaredEmpty: boolean;
  remaining: Mass;
  returned: Mass;
  difference: Mass;
  beyondLimit: boolean;
  manual: boolean;
  /** settled: stock follows and the label is due; awaiting-verification: typed, not verified yet; awaiting-decision: beyond the limit. */
  status: 'settled' | 'awaiting-verification' | 'awaiting-decision';
  decision: ReturnDecision | null;
  labelled: boolean;
}

export interface IssuedContainerView {
  containerId: string;
  lotId: string;
  materialCode: string;
  issued: Mass;
  dispensed: Mass;
  theoretical: Mass;
  /** False while the container is the source of the portion being weighed. */
  returnable: boolean;
  return: ReturnView | null;
  spilt: Mass;
}

export interface ReconciliationView {
  containers: IssuedContainerView[];
  /** Every step done, every container back and decided, not yet recorded. */
  canReconcile: boolean;
  recordedSeq: number | null;
}
