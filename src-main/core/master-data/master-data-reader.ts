/**
 * What the engine reads of master data and station-side equipment state (a port: the SQLite
 * implementation is src-main/db/master-data-repo.ts). Objects come back as their kind's
 * parsed type with the version and content hash the batch record cites.
 */
import type { StationLogbookPayload } from '../../../src-shared/equipment/station-logbook-contract.ts';
import type { Mass } from '../../../src-shared/mass.ts';
import type { MasterDataKind, MasterDataTypes } from '../../../src-shared/master-data/master-data-change.ts';

export interface StoredObject<T> {
  key: string;
  version: number;
  contentHash: string;
  appliedSeq: number;
  data: T;
}

export interface SyncState {
  /** When the hub served the most recent batch (UTC ISO). */
  servedAt: string;
  origin: string;
  cursor: string | null;
  appliedSeq: number;
}

export interface BalanceCheckRow {
  seq: number;
  planId: string;
  passed: boolean;
  performedAt: string;
  record: Record<string, unknown>;
}

export interface BoothUse {
  currentBatch: string | null;
  releasedAt: string | null;
}

/** A recipe the station received and refused for its schema version (issue 14). */
export interface RefusedRecipe {
  /** `CODE@<recipe version>`. */
  key: string;
  /** The master-data version of the change refused. */
  version: number;
  schemaVersion: number;
  message: string;
}

/** The last use of a piece of process equipment recorded at this station (`equipment.used`). */
export interface EquipmentUseRow {
  batchNumber: string;
  product: string;
  usedAt: string;
  seq: number;
}

export interface MasterDataReader {
  get<K extends MasterDataKind>(kind: K, key: string): StoredObject<MasterDataTypes[K]> | undefined;
  list<K extends MasterDataKind>(kind: K): StoredObject<MasterDataTypes[K]>[];
  syncState(): SyncState | null;
  containerLeft(containerId: string): Mass | undefined;
  lastBalanceCheck(balanceId: string): BalanceCheckRow | undefined;
  boothUse(boothId: string): BoothUse | undefined;
  lastEquipmentUse(equipmentId: string): EquipmentUseRow | undefined;
  /**
   * The station's own signed equipment logbook entries for a piece of equipment, oldest first
   * (issue 13 item 4): the gate lays them over the master data until the hub reflects them.
   */
  stationLogbook?(equipmentId: string): StationLogbookPayload[];
  /** The version with which an object was withdrawn (FR-123: versions only grow across a withdrawal); absent in readers that keep none. */
  withdrawnVersion?(kind: MasterDataKind, key: string): number | undefined;
  /** Recipes refused for their schema version, by key (`CODE@version`); absent in readers without any. */
  refusedRecipes?(): RefusedRecipe[];
}

/** Why a recipe version is not at this station, when it was refused for its schema version. */
export function recipeRefusal(md: Pick<MasterDataReader, 'refusedRecipes'>, recipeCode: string, version: number | null): RefusedRecipe | undefined {
  const refused = md.refusedRecipes?.() ?? [];
  // The key is `CODE@<recipe version>`; `version` of the row is the master-data version.
  return refused.find((r) => {
    const at = r.key.lastIndexOf('@');
    return r.key.slice(0, at) === recipeCode && (version === null || Number(r.key.slice(at + 1)) === version);
  });
}
