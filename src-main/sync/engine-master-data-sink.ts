/**
 * Binds sync's MasterDataSink port to the engine's master-data service
 * (src-main/core/master-data/master-data-service.ts: applyMasterData + reader.syncState),
 * described structurally so sync does not depend on the engine's module layout.
 *
 * The cursor is that of the last batch from the hub; a batch from the demo seed or a file
 * carries none, so after one the station asks the hub from the start again — harmless, since
 * the engine answers a version it already holds with "unchanged".
 */
import type { Result } from '../../src-shared/result.ts';
import type { MasterDataChange, MasterDataSource } from '../../src-shared/master-data/master-data-change.ts';
import type { MasterDataSink } from './master-data-puller.ts';

export interface EngineMasterData {
  applyMasterData(changes: readonly MasterDataChange[], source: MasterDataSource): Result<{ applied: number; unchanged: number }>;
  readonly reader: { syncState(): { servedAt: string; origin: string; cursor: string | null } | null };
}

export function engineMasterDataSink(engine: EngineMasterData): MasterDataSink {
  return {
    position() {
      const s = engine.reader.syncState();
      return s ? { cursor: s.origin === 'hub' ? s.cursor : null, servedAt: s.servedAt } : null;
    },
    apply: (changes, source) => engine.applyMasterData(changes, source),
  };
}

/** The engine's master data of a composed station (createStation spreads the dispensing services onto it). */
export function stationMasterData(station: { masterData?: EngineMasterData }): MasterDataSink | undefined {
  const engine = station.masterData;
  return engine && typeof engine.applyMasterData === 'function' ? engineMasterDataSink(engine) : undefined;
}
