/**
 * What the engine reads of master data and station-side equipment state (a port: the SQLite
 * implementation is src-main/db/master-data-repo.ts). Objects come back as their kind's
 * parsed type with the version and content hash the batch record cites.
 */
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
}
