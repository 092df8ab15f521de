import { DEFAULT_RECONCILIATION_POLICY, type ReconciliationPolicy } from '../../../src-shared/reconciliation/reconciliation-limits.ts';
import type { LimitSettings } from '../../../src-shared/settings/station-settings.ts';

/** Site settings the engine enforces (configured per station; defaults are conservative). */
export interface EngineConfig {
  /**
   * Master data older than this (since the hub last served it) blocks dispensing unless a
   * supervisor approves a `master-data-stale` deviation for the order (ARCHITECTURE.md, Sync).
   */
  maxMasterDataAgeMinutes: number;
  /** How long an approved stale-data deviation lets an order continue. */
  staleOverrideMinutes: number;
  /** Wait for a stable reading before READING_NOT_STABLE. */
  stableTimeoutMs: number;
  /**
   * The station makes the choices the rules already make (issue 18 item 17): the finest
   * qualifying balance after a scan, the dispensed-material label when its step comes up.
   */
  stationChoices: boolean;
  /** The stated limits of returns and the order's material balance (issue 17 item 6). */
  reconciliation: ReconciliationPolicy;
  /**
   * P11-11 / DI-03: a test weight read for a periodic balance check counts toward the check
   * only this long; an older reading is dropped and the test weight is read again.
   */
  checkReadingMaxAgeMinutes: number;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  maxMasterDataAgeMinutes: 24 * 60,
  staleOverrideMinutes: 8 * 60,
  stableTimeoutMs: 10_000,
  stationChoices: true,
  reconciliation: DEFAULT_RECONCILIATION_POLICY,
  checkReadingMaxAgeMinutes: 30,
};

/**
 * The engine configuration the station's settings make (limits in force; the rest is the
 * software's, recorded by its version): one definition, used at start (station-runtime.ts) and
 * by replay for the settings in force when each entry was written (replay.ts).
 */
export function engineConfigFromLimits(limits: LimitSettings, base: EngineConfig = DEFAULT_ENGINE_CONFIG): EngineConfig {
  return { ...base, maxMasterDataAgeMinutes: limits.masterDataMaxAgeHours * 60, stableTimeoutMs: limits.stableTimeoutSeconds * 1000 };
}
