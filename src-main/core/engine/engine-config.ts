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
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  maxMasterDataAgeMinutes: 24 * 60,
  staleOverrideMinutes: 8 * 60,
  stableTimeoutMs: 10_000,
};
