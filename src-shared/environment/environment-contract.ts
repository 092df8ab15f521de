/** The hub's environmental-monitoring API (issue 13 item 1): excursions, acknowledgement, room state for stations. */
import { z } from 'zod';
import { Quantity } from './environment-reading.ts';
import { QuantityLimitsSchema } from '../master-data/room.ts';

export const PeakSchema = z.object({ value: z.number(), at: z.string() });

export const ExcursionSchema = z.object({
  excursionId: z.string(),
  room: z.string(),
  quantity: Quantity,
  unit: z.string(),
  side: z.enum(['high', 'low']),
  level: z.enum(['alert', 'action']),
  startedAt: z.string(),
  actionStartedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  peak: PeakSchema,
  alertLimit: z.number().nullable(),
  actionLimit: z.number().nullable(),
  acknowledgement: z.object({ by: z.string(), at: z.string(), comment: z.string() }).nullable(),
});
export type ExcursionView = z.infer<typeof ExcursionSchema>;

export const AcknowledgeExcursionSchema = z.object({ comment: z.string().trim().min(3).max(2000) });
export type AcknowledgeExcursion = z.infer<typeof AcknowledgeExcursionSchema>;

/** One quantity of a room now: its level, last value and the open excursion, if any. */
export const RoomQuantityStateSchema = z.object({
  room: z.string(),
  quantity: Quantity,
  level: z.enum(['normal', 'alert', 'action']),
  lastValue: z.number().nullable(),
  lastTime: z.string().nullable(),
  excursion: ExcursionSchema.nullable(),
});
export type RoomQuantityState = z.infer<typeof RoomQuantityStateSchema>;

export const RoomStatesSchema = z.object({ servedAt: z.string(), states: z.array(RoomQuantityStateSchema) });
export type RoomStates = z.infer<typeof RoomStatesSchema>;

/** The console's rooms view (issue 13): each room of the master data with its limits and its state now per quantity. */
export const RoomOverviewSchema = z.object({ roomId: z.string(), name: z.string(), limits: z.array(QuantityLimitsSchema), states: z.array(RoomQuantityStateSchema) });
export type RoomOverview = z.infer<typeof RoomOverviewSchema>;
