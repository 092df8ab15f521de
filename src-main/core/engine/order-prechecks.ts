/**
 * Checks about the person and the data rather than the material: the operator is trained for
 * the recipe (21 CFR 11.10(i)), and the station's master data is not older than the site
 * allows, unless a supervisor approved a stale-data deviation for this order that still holds
 * (ARCHITECTURE.md "Sync": offline is normal, but lot status has a shelf life too).
 */
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { Training } from '../../../src-shared/master-data/training.ts';
import type { StoredObject, SyncState } from '../master-data/master-data-reader.ts';
import type { EngineConfig } from './engine-config.ts';
import type { OrderState } from '../../../src-core/order/order-state.ts';

export function checkTraining(training: StoredObject<Training> | undefined, username: string, recipeCode: string, today: string): Result<Training> {
  if (!training) return err('OPERATOR_NOT_TRAINED', `${username} has no training record for recipe ${recipeCode}`, { username, recipeCode });
  if (today > training.data.validUntil) {
    return err('OPERATOR_NOT_TRAINED', `${username}'s training for recipe ${recipeCode} expired on ${training.data.validUntil}`, { username, recipeCode, validUntil: training.data.validUntil });
  }
  return ok(training.data);
}

export interface MasterDataAge {
  servedAt: string | null;
  ageMinutes: number | null;
  /** Seq of the approved stale-data deviation that allows work, if one was needed. */
  overrideSeq: number | null;
}

export function masterDataAgeMinutes(sync: SyncState | null, now: Date): number | null {
  return sync ? Math.floor((now.getTime() - Date.parse(sync.servedAt)) / 60_000) : null;
}

export function isMasterDataStale(sync: SyncState | null, now: Date, config: EngineConfig): boolean {
  const age = masterDataAgeMinutes(sync, now);
  return age === null || age > config.maxMasterDataAgeMinutes;
}

export function checkMasterDataAge(sync: SyncState | null, now: Date, config: EngineConfig, state: OrderState): Result<MasterDataAge> {
  const ageMinutes = masterDataAgeMinutes(sync, now);
  const servedAt = sync?.servedAt ?? null;
  if (!isMasterDataStale(sync, now, config)) return ok({ servedAt, ageMinutes, overrideSeq: null });
  const override = state.deviations.find(
    (d) => d.category === 'master-data-stale' && d.approvedAt !== null && now.getTime() - Date.parse(d.approvedAt) <= config.staleOverrideMinutes * 60_000,
  );
  if (override) return ok({ servedAt, ageMinutes, overrideSeq: override.seq });
  return err(
    'MASTER_DATA_STALE',
    servedAt === null
      ? 'this station has never received master data'
      : `master data is ${ageMinutes} minutes old (limit ${config.maxMasterDataAgeMinutes}); sync with the hub or have a supervisor approve a deviation`,
    { servedAt, ageMinutes, limitMinutes: config.maxMasterDataAgeMinutes },
  );
}
