/**
 * The engine's BalancePort over the balances running in the BalanceHub. The hub's drivers can
 * change at run time (an admin changes the balance settings), so each call looks its driver
 * up afresh through the dispensing area's own adapter (driverBalancePort).
 */
import type { BalancePort } from '../../src-core/order/balance-port.ts';
import type { BalanceDriver } from '../devices/balance/balance-driver.ts';
import { driverBalancePort } from '../dispensing/driver-balance-port.ts';
import type { BalanceHub } from './balance-hub.ts';

export function hubBalancePort(hub: BalanceHub): BalancePort {
  const current = (): BalancePort => {
    const drivers = new Map<string, BalanceDriver>();
    for (const id of hub.ids()) {
      const d = hub.driver(id);
      if (d) drivers.set(id, d);
    }
    return driverBalancePort(drivers);
  };
  return {
    identify: (id) => current().identify(id),
    tare: (id) => current().tare(id),
    // The driver itself restarts a command-started stream (MT-SICS SIR) after a single read.
    readStable: (id, timeoutMs) => current().readStable(id, timeoutMs),
    readImmediate: (id) => current().readImmediate(id),
  };
}
