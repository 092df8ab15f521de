/**
 * The engine's BalancePort over the balances running in the BalanceHub. The hub's drivers can
 * change at run time (an admin changes the balance settings), so each call looks its driver
 * up afresh through the dispensing area's own adapter (driverBalancePort).
 */
import type { BalancePort, BalanceReading } from '../../src-core/order/balance-port.ts';
import { ok, type Result } from '../../src-shared/result.ts';
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
  // Every reading names the device that produced it and its port (issue 10 item 1; DI-01).
  const named = (id: string, r: Result<BalanceReading>): Result<BalanceReading> => {
    const device = hub.device(id);
    return r.ok && device ? ok({ ...r.value, device }) : r;
  };
  return {
    identify: (id) => current().identify(id),
    tare: async (id) => {
      const t = await current().tare(id);
      if (!t.ok || !t.value.tare) return t;
      const reading = named(id, ok(t.value.tare));
      // `dynamic` travels with the tare: the engine refuses a tare made while the weight moved.
      return reading.ok ? ok({ ...t.value, tare: reading.value }) : reading;
    },
    tareState: async (id, options) => {
      const r = await current().tareState(id, options);
      if (!r.ok || !r.value.tare) return r;
      const tare = named(id, ok(r.value.tare));
      return tare.ok ? ok({ ...r.value, tare: tare.value }) : tare;
    },
    // The driver itself restarts a command-started stream (MT-SICS SIR) after a single read.
    readStable: async (id, timeoutMs) => named(id, await current().readStable(id, timeoutMs)),
    readImmediate: async (id) => named(id, await current().readImmediate(id)),
    clearTare: (id) => current().clearTare(id),
  };
}
