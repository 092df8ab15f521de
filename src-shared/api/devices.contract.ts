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

/** The station's own subscription to the plant's MQTT broker (issue 13 item 1), when configured. */
export const EnvironmentFeedStatusView = z.object({
  url: z.string(),
  rooms: z.array(z.string()),
  state: z.enum(['connecting', 'connected', 'reconnecting', 'closed']),
  readings: z.number(),
  refused: z.number(),
  /** Readings the gate did not take (a repeat after a reconnect, a room without limits). */
  notTaken: z.number(),
  lastReadingAt: z.string().nullable(),
  lastError: z.object({ message: z.string(), at: z.string() }).nullable(),
});
export type EnvironmentFeedStatusView = z.infer<typeof EnvironmentFeedStatusView>;

export const DeviceStatusView = z.object({
  balances: z.array(BalanceStatusView),
  scanners: z.array(z.object({ id: z.string(), kind: z.string(), port: z.string().nullable(), state: z.enum(['listening', 'keyboard', 'closed']) })),
  printers: z.array(z.object({ id: z.string(), kind: z.string(), address: z.string() })),
  environmentFeed: EnvironmentFeedStatusView.nullable().optional(),
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
