/**
 * Pushed from the station to the screen without a request: live balance readings, device state,
 * scans from a serial scanner, notice that the alarms changed. Over a WebSocket in web mode and an IPC channel in Electron; the
 * receiver parses each message with this schema like any other input.
 */
import { z } from 'zod';
import { MassView } from './devices.contract.ts';

export const LiveEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('balance.reading'),
    balanceId: z.string(),
    net: MassView,
    stable: z.boolean(),
    /** Station time in ms since the epoch, for latency measurements and staleness. */
    at: z.number(),
    /**
     * How long after its arrival this reading may be shown as the current weight (the driver's
     * freshness window); a screen that hears nothing newer blanks it then.
     */
    freshForMs: z.number().int().positive().max(60_000).optional(),
  }),
  // reason: English, for logs and old readers; silentMs: the balance went silent that long (a lost
  // balance's cause in words of the reader's language), absent when the port itself failed.
  z.object({ type: z.literal('balance.state'), balanceId: z.string(), state: z.enum(['idle', 'connected', 'reconnecting', 'closed']), reason: z.string().nullable(), silentMs: z.number().int().nonnegative().optional() }),
  z.object({ type: z.literal('balance.status'), balanceId: z.string(), status: z.enum(['overload', 'underload']) }),
  // FR-144: the balance's stream showed a tare or zero made on its own keys (a settled load
  // jumping to a settled zero, or its net/gross flag changing, with no command from the station).
  z.object({ type: z.literal('balance.key_tare'), balanceId: z.string(), before: MassView, after: MassView, change: z.enum(['tare', 'tare-or-zero']), at: z.number() }),
  z.object({ type: z.literal('scanner.scan'), scannerId: z.string(), data: z.string().max(4096) }),
  z.object({ type: z.literal('session.locked'), reason: z.enum(['inactivity', 'user']) }),
  // FR-131: the station's alarms changed (one raised, cleared or acknowledged, here, at the hub
  // or by another client): a screen that shows them reads them again (`alarms.list`) at once
  // instead of at its next periodic refresh. It carries nothing: the list is read through the
  // API, under the reader's session, like every other read.
  z.object({ type: z.literal('alarms.changed') }),
]);
export type LiveEvent = z.infer<typeof LiveEvent>;
