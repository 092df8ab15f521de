/** The order's returns and reconciliation as the station shows them (ReconciliationView). */
import { addMass, convertMass, subtractMass, type Mass } from '../../../src-shared/mass.ts';
import type { IssuedContainerView, ReconciliationView, ReturnView } from '../../../src-shared/orders/reconciliation-view.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import { dispensedFrom, returnSettled, type ReturnRecord } from '../../../src-core/order/reconciliation-state.ts';
import { requireIssued } from './returns.ts';

function returnView(r: ReturnRecord): ReturnView {
  const status = returnSettled(r) ? 'settled' : r.manual && !r.verified ? 'awaiting-verification' : 'awaiting-decision';
  return {
    seq: r.seq,
    declaredEmpty: r.declaredEmpty,
    remaining: r.remaining,
    returned: r.returned,
    difference: r.difference,
    beyondLimit: r.beyondLimit,
    manual: r.manual,
    status,
    decision: r.resolution?.approved ? r.resolution.decision : null,
    labelled: r.labelledSeq !== null,
  };
}

export function reconciliationView(s: OrderState): ReconciliationView {
  const r = s.reconciliation;
  const containers: IssuedContainerView[] = [...r.issued.values()].map((i) => {
    const unit = i.issued.unit;
    const dispensed = dispensedFrom(s, i.containerId, unit);
    const ret = r.returns.get(i.containerId);
    const spilt = r.spillage.filter((x) => x.containerId === i.containerId).reduce<Mass>((acc, x) => addMass(acc, convertMass(x.amount, unit)), { amount: '0', unit });
    return {
      containerId: i.containerId,
      lotId: i.lotId,
      materialCode: i.materialCode,
      issued: i.issued,
      dispensed,
      theoretical: subtractMass(i.issued, dispensed),
      returnable: requireIssued(s, i.containerId).ok,
      return: ret ? returnView(ret) : null,
      spilt,
    };
  });
  const allDone = s.status === 'in-progress' && s.steps.every((x) => x.status === 'done');
  const allBack = containers.every((c) => c.return?.status === 'settled');
  return { containers, canReconcile: allDone && allBack && containers.length > 0 && r.recordedSeq === null, recordedSeq: r.recordedSeq };
}
