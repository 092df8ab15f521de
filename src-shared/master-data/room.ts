/**
 * A room and its environmental limits (issue 13 item 1; EU GMP Annex 1 §9.27–9.30: alert and
 * action levels per monitored quantity). Master data from the hub, like booths, which name their
 * room (`Booth.room` = `Room.roomId`). Per quantity: alert and action limits on either side
 * (null = no limit on that side), the hysteresis a value must come back inside a limit by before
 * it counts as inside again, and how many consecutive readings a change of level needs
 * (debounce). The excursion state machine (src-core/environment/excursion-machine.ts) applies them.
 */
import { z } from 'zod';
import { Quantity, RoomId } from '../environment/environment-reading.ts';

const Bound = z.number().finite().nullable().default(null);
const Band = z.object({ low: Bound, high: Bound });

export const QuantityLimitsSchema = z
  .object({
    quantity: Quantity,
    alert: Band,
    action: Band,
    hysteresis: z.number().finite().nonnegative().default(0),
    debounceReadings: z.number().int().min(1).max(100).default(1),
  })
  .refine((l) => (l.alert.high === null || l.action.high === null || l.alert.high <= l.action.high) && (l.alert.low === null || l.action.low === null || l.alert.low >= l.action.low), 'alert limits lie inside the action limits');
export type QuantityLimits = z.infer<typeof QuantityLimitsSchema>;

export const RoomSchema = z.object({
  roomId: RoomId,
  name: z.string().trim().min(1).max(100),
  limits: z.array(QuantityLimitsSchema).max(10),
});
export type Room = z.infer<typeof RoomSchema>;
