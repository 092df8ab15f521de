/**
 * Station settings under change control (A11-17): read by every logged-in user (the screens need
 * limits); proposed by an admin; in force only once a second person holding the approving role
 * (QA or supervisor) signs the proposal as approved.
 */
import { z } from 'zod';
import { SETTINGS_KEYS, StationSettings } from '../settings/station-settings.ts';
import { endpoint, NoInput } from './contract.ts';

export const SettingsProposalView = z.object({
  seq: z.number().int(),
  key: z.string(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  reason: z.string(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  tzOffset: z.string(),
  baseConfigVersion: z.string(),
  current: z.boolean(),
});
export type SettingsProposalView = z.infer<typeof SettingsProposalView>;

export const settingsContract = {
  'settings.get': endpoint('session', NoInput, StationSettings),
  /** The configuration version in force and the proposals waiting for approval. */
  'settings.status': endpoint('session', NoInput, z.object({ configVersion: z.string(), pending: z.array(SettingsProposalView) })),
  /** One key, whole; the value is checked against that key's schema by the handler. Nothing changes until approved. */
  'settings.propose': endpoint(
    ['admin'],
    z.object({
      key: z.enum(SETTINGS_KEYS as [string, ...string[]]),
      value: z.unknown(),
      reason: z.string().trim().min(3).max(500),
    }),
    z.object({ seq: z.number().int(), status: z.literal('pending'), configVersion: z.string() }),
  ),
  /** The approver's e-signature: their own user name and password (and one-time code when signing.mfa is on). */
  'settings.approve': endpoint(
    ['qa', 'supervisor'],
    z.object({
      proposalSeq: z.number().int().positive(),
      username: z.string().trim().min(1).max(64),
      password: z.string().min(1).max(256),
      otp: z.string().trim().max(12).optional(),
    }),
    z.object({ seq: z.number().int(), approvalSeq: z.number().int(), configVersion: z.string(), settings: StationSettings }),
  ),
};
