/**
 * decide(state, command, context, io) -> Decision | refusal: the single entry point from a
 * parsed command to the entries it produces. Pure apart from reading master data through the
 * context; the engine service does the I/O, the appending and the signing.
 */
import type { EngineCommand } from '../../../src-shared/orders/engine-command.ts';
import { missingCase, type Result } from '../../../src-shared/result.ts';
import type { UserDirectory } from '../auth/user-directory.ts';
import type { DecideContext } from './decide-context.ts';
import type { Decision, IoResult } from './decision.ts';
import { decideComplete, decideDeviation, decideSign, decideStart } from './decide-order.ts';
import { decideAcknowledge, decideChecklist, decideIpc, decideParameter, decidePrintLabel, decideSignStep, decideStartTimer, decideStopTimer } from './decide-steps.ts';
import { decideCapture, decideScan, decideSelectBalance, decideTare } from './decide-weigh.ts';
import { decideStockResolution } from './decide-stock.ts';
import { decideCharge, decideCompleteCharge, decideHandOver, decideKitScan, decideStageKit } from './decide-kit.ts';
import { decideRecordVolume } from './decide-volume.ts';
import { decideForm, decideFormCorrection } from './decide-form.ts';
import { decideConfirmPpe } from './decide-containment.ts';
import { decideAccountLabel, decideReprint, decideRequestReprint, decideSettlePrint } from './decide-labels.ts';
import { checkEnvironment } from './environment-checks.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';
import { decidePrintReturnLabel, decideResolveReturn, decideSpillage, decideWeighReturn } from '../dispensary/returns.ts';
import { decideReconcile } from '../dispensary/reconciliation.ts';

export function decide(s: OrderState, cmd: EngineCommand, ctx: DecideContext, io: IoResult | null, users: UserDirectory): Result<Decision> {
  const environment = checkEnvironment(s, cmd, ctx);
  if (!environment.ok) return environment;
  switch (cmd.type) {
    case 'start-order':
      return decideStart(s, cmd, ctx);
    case 'complete-order':
      return decideComplete(s, ctx);
    case 'acknowledge':
      return decideAcknowledge(s, cmd, ctx);
    case 'checklist':
      return decideChecklist(s, cmd, ctx);
    case 'enter-parameter':
      return decideParameter(s, cmd, ctx);
    case 'submit-form':
      return decideForm(s, cmd, ctx);
    case 'correct-form-value':
      return decideFormCorrection(s, cmd, ctx);
    case 'record-ipc':
      return decideIpc(s, cmd, ctx);
    case 'start-timer':
      return decideStartTimer(s, cmd, ctx);
    case 'stop-timer':
      return decideStopTimer(s, cmd, ctx);
    case 'print-label':
      return decidePrintLabel(s, cmd, ctx, io);
    case 'scan-container':
      return decideScan(s, cmd, ctx);
    case 'select-balance':
      return decideSelectBalance(s, cmd, ctx, io);
    case 'tare':
      return decideTare(s, cmd, ctx, io);
    case 'capture':
      return decideCapture(s, cmd, ctx, io);
    case 'resolve-stock-discrepancy':
      return decideStockResolution(s, cmd, ctx);
    case 'raise-deviation':
      return decideDeviation(s, cmd, ctx);
    case 'sign':
      return decideSign(s, cmd, ctx, users);
    case 'sign-step':
      return decideSignStep(s, cmd, ctx, users);
    case 'kit-scan':
      return decideKitScan(s, cmd, ctx);
    case 'stage-kit':
      return decideStageKit(s, cmd, ctx);
    case 'hand-over-kit':
      return decideHandOver(s, cmd, ctx, users);
    case 'charge-container':
      return decideCharge(s, cmd, ctx, users);
    case 'complete-charge':
      return decideCompleteCharge(s, cmd, ctx);
    case 'weigh-return':
      return decideWeighReturn(s, cmd, ctx, io);
    case 'resolve-return-discrepancy':
      return decideResolveReturn(s, cmd, ctx);
    case 'print-return-label':
      return decidePrintReturnLabel(s, cmd, ctx, io);
    case 'record-spillage':
      return decideSpillage(s, cmd, ctx, io);
    case 'reconcile-order':
      return decideReconcile(s, ctx);
    case 'record-volume':
      return decideRecordVolume(s, cmd, ctx);
    case 'confirm-ppe':
      return decideConfirmPpe(s, cmd, ctx);
    case 'request-reprint':
      return decideRequestReprint(s, cmd, ctx);
    case 'reprint-label':
      return decideReprint(s, cmd, ctx, io);
    case 'account-label':
      return decideAccountLabel(s, cmd, ctx);
    case 'settle-print':
      return decideSettlePrint(s, cmd, ctx);
    default:
      return missingCase(cmd);
  }
}
