import { z } from 'zod';
import { ExcursionSchema } from '../../environment/environment-contract.ts';

/**
 * Environmental excursions in a batch's record (issue 13 item 1): the station records each
 * start, escalation to the action level and end of an excursion in the room of an order in
 * progress, with the batch as its batchRef, so the record and review by exception show it.
 * `source`: the station's own broker subscription, or the hub's room state (sync).
 */
export const environmentEntryTypes = {
  'environment.excursion_recorded': z.object({
    event: z.enum(['started', 'escalated', 'ended']),
    source: z.enum(['broker', 'hub']),
    boothId: z.string().min(1),
    excursion: ExcursionSchema,
  }),
};
