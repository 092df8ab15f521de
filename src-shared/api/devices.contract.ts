/** What the station's devices are doing right now (device status screen, pre-checks). */
import { z } from 'zod';
import { endpoint, NoInput } from './contract.ts';

export const MassView = z.object({ amount: z.string(), unit: z.enum(['mg', 'g', 'kg']) });

export const BalanceStatusView = z.object({
  id: z.string(),
  label: z.string(),
  protocol: z.string(),
  port: z.string(),
  state: z.enum(['idle', 'connected', 'reconnecting', 'closed']),
  model: z.string().nullable(),
  serialNumber: z.string().nullable(),
  /**
   * The current reading: null once it is older than the driver's freshness window or the
   * balance is not connected, so a caller never takes a stale value for the weight now.
   * `state` is "connected" only while the balance's lines keep arriving.
   */
  lastReading: z.object({ net: MassView, stable: z.boolean(), at: z.string() }).nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
});
export type BalanceStatusView = z.infer<typeof BalanceStatusView>;

export const DeviceStatusView = z.object({
  balances: z.array(BalanceStatusView),
  scanners: z.array(z.object({ id: z.string(), kind: z.string(), port: z.string().nullable(), state: z.enum(['listening', 'keyboard', 'closed']) })),
  printers: z.array(z.object({ id: z.string(), kind: z.string(), address: z.string() })),
});
export type DeviceStatusView = z.infer<typeof DeviceStatusView>;

export const devicesContract = {
  'devices.status': endpoint('session', NoInput, DeviceStatusView),
  /**
   * Drives a built-in simulated balance (demo, training, tests without hardware): "place 52.3 g",
   * "remove", "unstable on". Refused for every real balance.
   */
  'devices.simulate': endpoint('session', z.object({ balanceId: z.string().min(1).max(40), command: z.string().trim().min(1).max(80) }), z.object({ reply: z.string() })),
};
