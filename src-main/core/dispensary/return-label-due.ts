/**
 * The station prints a returned container's RETURN label by itself as soon as the return is
 * settled (issue 18 item 17: no touch for what the rules already decide), as an ordinary
 * engine command under the operator's session, so every gate applies and a refusal waits on screen.
 */
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import { returnSettled } from '../../../src-core/order/reconciliation-state.ts';

export function returnLabelDue(s: OrderState, cmd: EngineCommand): EngineCommand | null {
  if (cmd.type !== 'weigh-return' && cmd.type !== 'resolve-return-discrepancy') return null;
  const ret = s.reconciliation.returns.get(cmd.containerId);
  if (!ret || ret.declaredEmpty || ret.labelledSeq !== null || !returnSettled(ret)) return null;
  return { type: 'print-return-label', containerId: ret.containerId };
}
