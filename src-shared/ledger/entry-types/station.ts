import { z } from 'zod';

/**
 * Production or training, fixed at creation (ARCHITECTURE.md, "Trust rules"): every later entry
 * is chained to the genesis that says which, so a training entry can never pass for GMP data.
 * Ledgers written before the field existed are production.
 */
export const STATION_MODES = ['production', 'training'] as const;
export type StationMode = (typeof STATION_MODES)[number];

export const stationEntryTypes = {
  /** Genesis: who this station is and which CA it trusts. Always seq 1. */
  'station.initialised': z.object({
    stationId: z.string().min(1),
    name: z.string().min(1),
    site: z.string().min(1),
    timeZone: z.string().min(1),
    caCertPem: z.string().includes('BEGIN CERTIFICATE'),
    softwareVersion: z.string(),
    mode: z.enum(STATION_MODES).optional(),
    /** The signed-checkpoint interval this ledger promises; verify and the start-up check hold it to it. */
    checkpointEvery: z.number().int().min(5).optional(),
  }),
  /**
   * The station clock disagreed with the hub's by more than the configured drift (A11-22): GMP
   * work is blocked (policy "block") or recorded and flagged (policy "flag") until it agrees again.
   */
  'station.time_untrusted': z.object({
    hubTime: z.string().min(1),
    stationTime: z.string().min(1),
    driftSeconds: z.number(),
    maxDriftSeconds: z.number().positive(),
    policy: z.enum(['block', 'flag']),
  }),
  /** The clock agrees with the hub again (within the configured drift). */
  'station.time_trusted': z.object({ hubTime: z.string().min(1), stationTime: z.string().min(1), driftSeconds: z.number() }),
  /**
   * A station setting changed (balances, limits, printers…). Since A11-17 it takes effect only
   * as the approval of a `settings.proposed` entry by a second person: `proposalSeq` names the
   * proposal, `approvalSeq` the approver's `signature.applied`, and `configVersion` the
   * configuration version in force from this entry on (ledgers before that rule lack them).
   */
  'settings.changed': z.object({
    key: z.string().min(1),
    oldValue: z.unknown(),
    newValue: z.unknown(),
    reason: z.string().min(1),
    proposalSeq: z.number().int().positive().optional(),
    approvalSeq: z.number().int().positive().optional(),
    configVersion: z.string().regex(/^[0-9a-f]{16}$/).optional(),
  }),
  /**
   * A11-17: a proposed change of one setting. The old value stays in force until a different
   * person holding the approving role signs the proposal as "approved".
   */
  'settings.proposed': z.object({
    key: z.string().min(1),
    oldValue: z.unknown(),
    newValue: z.unknown(),
    reason: z.string().min(1),
    /** The configuration version the proposal was made against. */
    baseConfigVersion: z.string().regex(/^[0-9a-f]{16}$/),
  }),
  /**
   * A11-17: a command-line flag that changes GMP behaviour was given when the station started
   * (e.g. a trusted-time policy or a data directory other than the configured one).
   */
  'station.started_with_flags': z.object({ command: z.string().min(1), flags: z.record(z.string(), z.unknown()), configVersion: z.string().regex(/^[0-9a-f]{16}$/) }),
  /** The station started with other software than the last it recorded (A11-18 upgrades in the periodic review). */
  'station.software_upgraded': z.object({ from: z.string(), to: z.string() }),
  /** A verified backup was written (EU GMP Annex 11 §7.2); the manifest names its hash and head. */
  'backup.created': z.object({ file: z.string().min(1), precedingSeq: z.number().int().positive(), precedingHash: z.string().length(64) }),
  /**
   * FR-137: the backup a `backup.created` entry (`backupSeq`) announced was not written: the copy,
   * its verification or its manifest failed (a full disk, a copy that does not verify). `code` is
   * the typed error the backup returned; `removed` says the partial file and manifest are gone.
   */
  'backup.failed': z.object({
    file: z.string().min(1),
    backupSeq: z.number().int().positive(),
    code: z.string().min(1),
    message: z.string().max(2000),
    removed: z.boolean(),
  }),
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
  /**
   * Input from a device that is not the enrolled one was ignored (DI-14): a serial scanner whose
   * port now holds another USB device. `found` is what the port reported (null: no USB identity
   * readable); the scanned data is kept, as the attempt is part of the record.
   */
  'device.input_refused': z.object({
    deviceKind: z.enum(['scanner']),
    deviceId: z.string().min(1),
    port: z.string().min(1),
    expected: z.object({ vendorId: z.string(), productId: z.string(), serialNumber: z.string().optional() }),
    found: z.object({ vendorId: z.string().nullable(), productId: z.string().nullable(), serialNumber: z.string().nullable() }).nullable(),
    data: z.string().max(4000),
  }),
  /** The station database was restored from a backup: who, when, which backup. */
  'backup.restored': z.object({ file: z.string().min(1), sha256: z.string().length(64), headSeq: z.number().int().positive(), headHash: z.string().length(64) }),
  /** The audit trail was exported (who took which slice of the record). */
  'audit.exported': z.object({
    filter: z.record(z.string(), z.unknown()),
    entryCount: z.number().int().nonnegative(),
    format: z.enum(['json', 'csv', 'pdf']),
    /** A CSV or PDF copy: the SHA-256 of its content and its language (issue 11 item 2). */
    contentHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    lang: z.enum(['en', 'zh-CN']).optional(),
  }),
};
