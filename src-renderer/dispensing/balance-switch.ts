/**
 * A balance refused for its range (USP <41> minimum weight, capacity, readability) names the
 * booth's balances that qualify (issue 18, item 4); the weigh screen turns each into one touch
 * that selects it. Pure, so the mapping is tested without a screen.
 */
import type { Mass } from '../../src-shared/mass.ts';
import type { EngineCommandInput } from '../../src-shared/orders/engine-command.ts';
import { qualifyingBalancesOf } from '../../src-shared/orders/qualifying-balances.ts';
import type { BatchlineError } from '../../src-shared/result.ts';

export interface BalanceSwitch {
  balanceId: string;
  name: string;
  minimumWeight: Mass;
  capacity: Mass;
  readability: Mass;
  command: EngineCommandInput;
}

/** null: the error is not about a balance's range (nothing to offer); []: no balance of the booth qualifies. */
export function balanceSwitches(error: BatchlineError | null, stepId: string): BalanceSwitch[] | null {
  if (!error || error.details?.qualifyingBalances === undefined) return null;
  return qualifyingBalancesOf(error).map((b) => ({ ...b, command: { type: 'select-balance', stepId, balanceId: b.balanceId, partial: false } }));
}
