/**
 * The balances of a production station composed without any (the CLI's record and queue
 * commands, enrolment): none. Where a training station stands a simulated bench in, a
 * production station answers BALANCE_UNKNOWN, so nothing can be weighed on a simulator there.
 */
import type { BalancePort } from '../../../src-core/order/balance-port.ts';
import { err } from '../../../src-shared/result.ts';

const none = async (balanceId: string) => err('BALANCE_UNKNOWN', `no balance ${balanceId} is configured on this production station`, { balanceId });

export const noBalances: BalancePort = {
  identify: none,
  tare: none,
  readStable: (id) => none(id),
  readImmediate: none,
  tareState: (id) => none(id),
  clearTare: (id) => none(id),
};
