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
  /** A verified backup was written (EU GMP Annex 11 §7.2); the manifest names its hash and head. */
  'backup.created': z.object({ file: z.string().min(1), precedingSeq: z.number().int().positive(), precedingHash: z.string().length(64) }),
  /**
   * An IQ/OQ run (`batchline qualify`) on this station: the SHA-256 of the report's canonical
   * JSON, its verdict and counts. Written by the system (no actor); the person who ran it
   * signs it right after, as its `signature.applied` entry (Annex 11 §4, 21 CFR 11.10(a)).
   */
  'qualification.recorded': z.object({
    reportSha256: z.string().length(64),
    verdict: z.enum(['qualified', 'not qualified']),
    softwareVersion: z.string(),
    ranBy: z.string().min(1),
    checks: z.object({ pass: z.number().int().nonnegative(), fail: z.number().int().nonnegative(), notApplicable: z.number().int().nonnegative() }),
  }),
  /** The station database was restored from a backup: who, when, which backup. */
  'backup.restored': z.object({ file: z.string().min(1), sha256: z.string().length(64), headSeq: z.number().int().positive(), headHash: z.string().length(64) }),
  /** The audit trail was exported (who took which slice of the record). */
  'audit.exported': z.object({
    filter: z.record(z.string(), z.unknown()),
    entryCount: z.number().int().nonnegative(),
    format: z.enum(['json']),
  }),
};
