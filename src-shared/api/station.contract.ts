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
  /** The release this station runs (P11-14; the About panel): docs/VERSION, a hash of docs/, the schema version. */
  release: z.object({ docsVersion: z.string().nullable(), docsSha256: z.string().nullable(), schemaVersion: z.string() }).optional(),
  /** Electron shell or a browser on web/kiosk mode. */
  shell: z.enum(['electron', 'web']),
  idleLockMinutes: z.number().int().positive(),
  passwordMinLength: z.number().int().positive(),
  defaultLocale: z.enum(['en', 'zh-CN']),
  /** Production or training, fixed at creation (training screens show a banner). */
  mode: z.enum(['production', 'training']).optional(),
  /** No account exists yet: the first admin must be created (station.initAdmin). */
  firstRun: z.boolean().optional(),
  /** Why GMP work is refused now (integrity at start, untrusted time), empty when it is not. */
  gmpBlocked: z.array(z.object({ code: z.string(), message: z.string() })).optional(),
});
export type StationInfo = z.infer<typeof StationInfo>;

/** The hub sync's own status (src-shared/sync/sync-status.ts), as the badge shows it. */
export const SyncStatusView = SyncStatusSchema;
export type SyncStatusView = z.infer<typeof SyncStatusView>;

export const stationContract = {
  'station.info': endpoint('public', NoInput, StationInfo),
  /** First run only: the first admin of a new station database (refused once any account exists). */
  'station.initAdmin': endpoint(
    'public',
    z.object({ username: z.string().trim().min(2).max(32), printedName: z.string().trim().min(1).max(120), password: z.string().min(1).max(200) }),
    z.object({ userId: z.string(), username: z.string() }),
  ),
  'sync.status': endpoint('session', NoInput, SyncStatusView),
};
