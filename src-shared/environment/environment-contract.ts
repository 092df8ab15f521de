/** The hub's environmental-monitoring API (issue 13 item 1): excursions, acknowledgement, room state for stations. */
import { z } from 'zod';
import { Quantity } from './environment-reading.ts';
import { QuantityLimitsSchema } from '../master-data/room.ts';
import { CHANGED_VERSION_FIELDS, SIGNED_CHANGE_FIELDS } from '../master-data/signed-setting-contract.ts';

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
export const RoomOverviewSchema = z.object({ roomId: z.string(), name: z.string(), version: z.number().int(), limits: z.array(QuantityLimitsSchema), states: z.array(RoomQuantityStateSchema) });
export type RoomOverview = z.infer<typeof RoomOverviewSchema>;

/**
 * A signed change of a room's limits (issue 13 leftovers, FR-110): the whole new set of limits,
 * the version it replaces (a stale screen is refused, not merged), the person's reason and their
 * password (and one-time code in the header) at the moment of signing.
 */
export const ChangeRoomLimitsSchema = z.object({ limits: z.array(QuantityLimitsSchema).max(10), ...SIGNED_CHANGE_FIELDS });
export type ChangeRoomLimits = z.infer<typeof ChangeRoomLimitsSchema>;

/** One version of a room's master data as its history shows it: who changed it when and why, and the signature if it was signed. */
export const RoomChangeSchema = z.object({ ...CHANGED_VERSION_FIELDS, limits: z.array(QuantityLimitsSchema), signatureId: z.number().int().nullable() });
export type RoomChange = z.infer<typeof RoomChangeSchema>;
