/** Who this station is, and how its sync with the hub stands (the badge on every screen). */
import { z } from 'zod';
import { endpoint, NoInput } from './contract.ts';
import { SyncStatusSchema } from '../sync/sync-status.ts';

export const StationInfo = z.object({
  stationId: z.string(),
  name: z.string(),
  site: z.string(),
  timeZone: z.string(),
  softwareVersion: z.string(),
  /** Electron shell or a browser on web/kiosk mode. */
  shell: z.enum(['electron', 'web']),
  idleLockMinutes: z.number().int().positive(),
  passwordMinLength: z.number().int().positive(),
  defaultLocale: z.enum(['en', 'zh-CN']),
});
export type StationInfo = z.infer<typeof StationInfo>;

/** The hub sync's own status (src-shared/sync/sync-status.ts), as the badge shows it. */
export const SyncStatusView = SyncStatusSchema;
export type SyncStatusView = z.infer<typeof SyncStatusView>;

export const stationContract = {
  'station.info': endpoint('public', NoInput, StationInfo),
  'sync.status': endpoint('session', NoInput, SyncStatusView),
};
