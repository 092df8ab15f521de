import { z } from 'zod';

export const stationEntryTypes = {
  /** Genesis: who this station is and which CA it trusts. Always seq 1. */
  'station.initialised': z.object({
    stationId: z.string().min(1),
    name: z.string().min(1),
    site: z.string().min(1),
    timeZone: z.string().min(1),
    caCertPem: z.string().includes('BEGIN CERTIFICATE'),
    softwareVersion: z.string(),
  }),
  /** A station setting changed by an admin (balances, limits, printers…). */
  'settings.changed': z.object({
    key: z.string().min(1),
    oldValue: z.unknown(),
    newValue: z.unknown(),
    reason: z.string().min(1),
  }),
  /** The audit trail was exported (who took which slice of the record). */
  'audit.exported': z.object({
    filter: z.record(z.string(), z.unknown()),
    entryCount: z.number().int().nonnegative(),
    format: z.enum(['json']),
  }),
};
