/** Station settings: read by every logged-in user (the screens need limits), changed by admins only. */
import { z } from 'zod';
import { SETTINGS_KEYS, StationSettings } from '../settings/station-settings.ts';
import { endpoint, NoInput } from './contract.ts';

export const settingsContract = {
  'settings.get': endpoint('session', NoInput, StationSettings),
  /** One key, whole; the value is checked against that key's schema by the handler. */
  'settings.set': endpoint(
    ['admin'],
    z.object({
      key: z.enum(SETTINGS_KEYS as [string, ...string[]]),
      value: z.unknown(),
      reason: z.string().trim().min(3).max(500),
    }),
    z.object({ seq: z.number().int(), settings: StationSettings }),
  ),
};
