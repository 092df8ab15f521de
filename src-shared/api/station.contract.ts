/** Who this station is, and how its sync with the hub stands (the badge on every screen). */
import { z } from 'zod';
import { endpoint, NoInput } from './contract.ts';

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

export const SyncStatusView = z.object({
  /** not-configured: the station has not been enrolled with a hub (it works offline regardless). */
  state: z.enum(['not-configured', 'online', 'syncing', 'offline', 'error', 'quarantined']),
  pendingEntries: z.number().int().nonnegative(),
  lastSyncAt: z.string().nullable(),
  masterDataAgeHours: z.number().nonnegative().nullable(),
  message: z.string().nullable(),
});
export type SyncStatusView = z.infer<typeof SyncStatusView>;

export const stationContract = {
  'station.info': endpoint('public', NoInput, StationInfo),
  'sync.status': endpoint('session', NoInput, SyncStatusView),
};
